/**
 * A second person in tests: a real matrix-js-sdk client in Node with Rust crypto
 * (IndexedDB from fake-indexeddb), logged in, syncing, ready to talk to the UI.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { ClientEvent, createClient, PendingEventOrdering, SyncState, type MatrixClient } from 'matrix-js-sdk';
import type { RegisteredUser } from './synapse';

export interface PeerOptions {
  /** Every request of the client goes through it: to record what reached the server. */
  readonly fetchFn?: typeof fetch;
}

export async function startPeer(baseUrl: string, user: RegisteredUser, { fetchFn }: PeerOptions = {}): Promise<MatrixClient> {
  const client = createClient({
    baseUrl,
    userId: user.userId,
    deviceId: user.deviceId,
    accessToken: user.accessToken,
    ...(fetchFn ? { fetchFn } : {}),
  });
  await client.initRustCrypto({ storageKey: randomBytes(32), cryptoDatabasePrefix: `peer:${user.userId}:${user.deviceId}` });
  const prepared = new Promise<void>((resolve) => {
    const onSync = (state: SyncState) => {
      if (state === SyncState.Prepared) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true, pendingEventOrdering: PendingEventOrdering.Detached });
  await prepared;
  return client;
}
