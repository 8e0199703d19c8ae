/**
 * Whether the homeserver can be reached, as the SDK's sync loop sees it. The SDK
 * does the reconnecting: after a failed sync it polls `/versions` every 5 to 10
 * seconds (at once when the browser reports being back online) and resumes syncing
 * when that answers; this only reports it, and can ask for an attempt right now.
 */
import { ClientEvent, SyncState, type MatrixClient } from 'matrix-js-sdk';
import { Observable } from './observable';

export interface ConnectionSnapshot {
  /** False from a failed sync until a sync succeeds again. */
  readonly online: boolean;
}

export class ConnectionStatus extends Observable<ConnectionSnapshot> {
  private readonly onSync = (state: SyncState) => {
    const online = onlineIn(state, this.value.online);
    if (online !== this.value.online) this.set({ online });
  };

  constructor(private readonly client: MatrixClient) {
    super({ online: onlineIn(client.getSyncState(), true) });
    this.listen(client, ClientEvent.Sync, this.onSync);
  }

  /** Tries to reach the server now instead of at the next scheduled attempt. */
  retryNow(): void {
    this.client.retryImmediately();
  }
}

/** `Catchup` (the server answers again, the catching-up sync is under way) keeps the last word. */
function onlineIn(state: SyncState | null, previous: boolean): boolean {
  if (state === SyncState.Error || state === SyncState.Reconnecting) return false;
  if (state === SyncState.Prepared || state === SyncState.Syncing) return true;
  return previous;
}
