/**
 * A running matrix-js-sdk client for a restored session, with Rust crypto whose
 * IndexedDB store is encrypted by the keychain-held storage key.
 */
import { ClientEvent, createClient, HttpApiEvent, MatrixError, PendingEventOrdering, SyncState, type MatrixClient } from 'matrix-js-sdk';
import type { StoredSession } from '../../../shared/bridge';

export interface MatrixSession {
  /** For view models only; components never see the SDK. */
  readonly client: MatrixClient;
  readonly userId: string;
  readonly deviceId: string;
  /** The device's ed25519 key: what others compare when they verify this session. */
  readonly ed25519Key: string;
  /** Signs out on the server (best effort) and deletes all local stores of this session. */
  logout(): Promise<{ serverLogout: boolean }>;
  /** Calls `listener` once if the server stops accepting the session (remote sign-out, deactivation). */
  onRevoked(listener: () => void): void;
  /** Stops and deletes the local stores without asking the server (it no longer knows us). */
  discard(): Promise<void>;
  stop(): void;
}

/** The server no longer accepts the stored access token (signed out remotely, or deactivated). */
export class SessionRevoked extends Error {
  constructor() {
    super('The homeserver no longer accepts this session.');
    this.name = 'SessionRevoked';
  }
}

export function cryptoDatabasePrefix(session: Pick<StoredSession, 'userId' | 'deviceId'>): string {
  return `depesche:${session.userId}:${session.deviceId}`;
}

export async function openMatrixSession(session: StoredSession, storageKey: Uint8Array): Promise<MatrixSession> {
  const client = createClient({
    baseUrl: session.homeserverUrl,
    userId: session.userId,
    deviceId: session.deviceId,
    accessToken: session.accessToken,
  });
  const databasePrefix = cryptoDatabasePrefix(session);
  if (!(await isTokenAccepted(client))) {
    await client.clearStores({ cryptoDatabasePrefix: databasePrefix });
    throw new SessionRevoked();
  }

  await client.initRustCrypto({ storageKey, cryptoDatabasePrefix: databasePrefix });
  const keys = await client.getCrypto()!.getOwnDeviceKeys();
  const firstSync = settledFirstSync(client);
  await client.startClient({
    lazyLoadMembers: true,
    initialSyncLimit: 20,
    // Unsent messages live apart from the timeline, so failed ones can be retried or discarded.
    pendingEventOrdering: PendingEventOrdering.Detached,
  });
  await firstSync;

  return {
    client,
    userId: session.userId,
    deviceId: session.deviceId,
    ed25519Key: keys.ed25519,
    async logout() {
      let serverLogout = true;
      try {
        await client.logout(true);
      } catch {
        serverLogout = false;
        client.stopClient();
      }
      await client.clearStores({ cryptoDatabasePrefix: databasePrefix });
      return { serverLogout };
    },
    onRevoked: (listener) => client.once(HttpApiEvent.SessionLoggedOut, () => listener()),
    async discard() {
      client.stopClient();
      await client.clearStores({ cryptoDatabasePrefix: databasePrefix });
    },
    stop: () => client.stopClient(),
  };
}

/**
 * Resolves once the first sync has either completed or failed (offline): the session
 * is usable from then on, and stopping it no longer aborts start-up requests mid-flight.
 */
function settledFirstSync(client: MatrixClient): Promise<void> {
  return new Promise((resolve) => {
    const onSync = (state: SyncState) => {
      if (state === SyncState.Prepared || state === SyncState.Error || state === SyncState.Stopped) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
}

/**
 * Catches a revoked token before crypto starts. A network failure is not a revocation:
 * the session stays and sync retries once the server is back.
 */
async function isTokenAccepted(client: MatrixClient): Promise<boolean> {
  try {
    await client.whoami();
    return true;
  } catch (error) {
    return !(error instanceof MatrixError && (error.errcode === 'M_UNKNOWN_TOKEN' || error.httpStatus === 401));
  }
}
