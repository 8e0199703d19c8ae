/**
 * A running matrix-js-sdk client for a restored session, with Rust crypto whose
 * IndexedDB store is encrypted by the keychain-held storage key. It syncs with sliding
 * sync where the homeserver offers it (see sliding-sync.ts); with classic sync the sync
 * data (rooms, state, recent timelines) is kept in IndexedDB between runs.
 */
import {
  ClientEvent,
  ConnectionError,
  createClient,
  HttpApiEvent,
  IndexedDBStore,
  MatrixError,
  PendingEventOrdering,
  SyncState,
  type MatrixClient,
} from 'matrix-js-sdk';
import type { SessionIdentity, StoredSession } from '../../../shared/bridge';
import { deriveSealingKey } from '../local-seal';
import { isolateUnsignedSessions } from './device-isolation';
import { SecretStorageKeys } from './secret-storage-keys';
import { SessionEnded, type SessionEnd } from './session-errors';
import { SlidingRoomList, usesSlidingSync, type RoomListProgress, type SyncMode } from './sliding-sync';

export interface MatrixSession {
  /** The recovery key while a step of secure backup needs it. */
  readonly secretStorageKeys: SecretStorageKeys;
  /** For view models only; components never see the SDK. */
  readonly client: MatrixClient;
  readonly userId: string;
  readonly deviceId: string;
  /** The device's ed25519 key: what others compare when they verify this session. */
  readonly ed25519Key: string;
  /** Seals what the page keeps in local storage (drafts, queued messages); derived from the storage key. */
  readonly sealingKey: CryptoKey;
  /** Signs out on the server (best effort) and deletes all local stores of this session. */
  logout(): Promise<{ serverLogout: boolean }>;
  /** Calls `listener` once if the server stops accepting the access token. */
  onEnded(listener: (end: SessionEnd) => void): void;
  /** Stops and deletes the local stores without asking the server (it no longer knows us). */
  discard(): Promise<void>;
  /** Stops syncing and closes the crypto store, keeping everything on disk. */
  stop(): void;
  /** How this session syncs, and what the open room asks of it. */
  readonly sync: SessionSync;
}

/** With sliding sync the server sends an open room's full timeline and state only while it is followed. */
export interface SessionSync {
  readonly mode: 'sliding' | 'classic';
  /** Follows a room while it is open; the returned function stops. */
  readonly follow: (roomId: string) => () => void;
  /** Rooms the list covers so far, of all the server has (classic sync has them all at once). */
  readonly progress: () => RoomListProgress;
}

/** Classic sync sends every room in full all along. */
function classicSync(client: MatrixClient): SessionSync {
  return {
    mode: 'classic',
    follow: () => () => {},
    progress: () => ({ covered: client.getRooms().length, total: client.getRooms().length }),
  };
}

function slidingSession(list: SlidingRoomList): SessionSync {
  return { mode: 'sliding', follow: (roomId) => list.follow(roomId), progress: () => list.progress() };
}

export function cryptoDatabasePrefix(session: Pick<SessionIdentity, 'userId' | 'deviceId'>): string {
  return `depesche:${session.userId}:${session.deviceId}`;
}

/** Deletes the local stores of a session that is not open (giving up an expired session). */
export async function deleteLocalStores(session: SessionIdentity): Promise<void> {
  const databasePrefix = cryptoDatabasePrefix(session);
  const store = syncStore(databasePrefix, { worker: false });
  await createClient({ baseUrl: session.homeserverUrl, store }).clearStores({ cryptoDatabasePrefix: databasePrefix });
}

/**
 * The sync data of a session, so a restored session shows its rooms from disk and
 * catches up with an incremental sync instead of a full one. In the page it is written
 * by a worker, off the main thread; without IndexedDB (Node) the SDK keeps it in memory.
 * No `localStorage` option: unsent messages are the outbox's, not the SDK's, to keep.
 */
function syncStore(databasePrefix: string, { worker }: { worker: boolean }): IndexedDBStore | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  return new IndexedDBStore({
    indexedDB,
    dbName: databasePrefix,
    workerFactory:
      worker && typeof Worker !== 'undefined'
        ? () => new Worker(new URL('./sync-store-worker.ts', import.meta.url), { type: 'module', name: 'sync-store' })
        : undefined,
  });
}

/** The store is a cache of the server's data: one that cannot be read is dropped and started afresh. */
async function startStore(store: IndexedDBStore): Promise<void> {
  try {
    await store.startup();
  } catch {
    await store.deleteAllData();
    await store.startup();
  }
}

/** The one interactive verification Depesche offers: emoji. QR codes need a camera that secure workstations lack. */
export const sasMethod = 'm.sas.v1';

export interface SessionOptions {
  /** Room keys only for sessions their owners signed (policy `encryption.onlyVerifiedDevices`). */
  readonly onlySignedSessions: boolean;
  /** Policy `sync.mode`. */
  readonly syncMode: SyncMode;
}

export async function openMatrixSession(session: StoredSession, storageKey: Uint8Array, options: SessionOptions): Promise<MatrixSession> {
  // Started first: it copies the key bytes before the crypto store is handed them.
  const sealingKey = deriveSealingKey(storageKey);
  const secretStorageKeys = new SecretStorageKeys();
  const databasePrefix = cryptoDatabasePrefix(session);
  const sliding = await usesSlidingSync(session.homeserverUrl, options.syncMode, (baseUrl) => createClient({ baseUrl }));
  // Sliding sync's first window arrives as fast as a cached list loads, and the SDK keeps no sync data for it.
  const store = sliding ? undefined : syncStore(databasePrefix, { worker: true });
  const client = createClient({
    baseUrl: session.homeserverUrl,
    userId: session.userId,
    deviceId: session.deviceId,
    accessToken: session.accessToken,
    cryptoCallbacks: secretStorageKeys.callbacks,
    verificationMethods: [sasMethod],
    store,
  });
  const end = await tokenRejection(client);
  // After a soft logout the crypto store is what lets the same device carry on.
  if (end === 'revoked') await client.clearStores({ cryptoDatabasePrefix: databasePrefix });
  if (end) throw new SessionEnded(end);

  await Promise.all([store && startStore(store), initCryptoOnceReachable(client, { storageKey, cryptoDatabasePrefix: databasePrefix })]);
  // Before the first sync: no message may be encrypted under the wrong rule.
  isolateUnsignedSessions(client, options.onlySignedSessions);
  const keys = await client.getCrypto()!.getOwnDeviceKeys();
  const firstSync = settledFirstSync(client);
  const roomList = sliding ? new SlidingRoomList(client) : null;
  await client.startClient({
    lazyLoadMembers: true,
    initialSyncLimit: 20,
    // Unsent messages live apart from the timeline, so failed ones can be retried or discarded.
    pendingEventOrdering: PendingEventOrdering.Detached,
    slidingSync: roomList?.slidingSync,
  });
  await firstSync;

  return {
    client,
    secretStorageKeys,
    userId: session.userId,
    deviceId: session.deviceId,
    ed25519Key: keys.ed25519,
    sealingKey: await sealingKey,
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
    onEnded: (listener) => client.once(HttpApiEvent.SessionLoggedOut, (error) => listener(sessionEnd(error))),
    async discard() {
      client.stopClient();
      await client.clearStores({ cryptoDatabasePrefix: databasePrefix });
    },
    stop: () => client.stopClient(),
    sync: roomList ? slidingSession(roomList) : classicSync(client),
  };
}

/**
 * Resolves once the first sync has either completed or failed (offline): the session
 * is usable from then on, and stopping it no longer aborts start-up requests mid-flight.
 */
function settledFirstSync(client: MatrixClient): Promise<void> {
  return new Promise((resolve) => {
    const onSync = (state: SyncState) => {
      // Sliding sync says Reconnecting, not Error, when its first request fails.
      if (state === SyncState.Prepared || state === SyncState.Error || state === SyncState.Stopped || state === SyncState.Reconnecting) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
}

/**
 * Within a day of accepting an invitation, the SDK's crypto start-up asks the server
 * for the inviter's keys (to accept a room key bundle), so it fails without a
 * connection. The session then keeps restoring and tries again with growing pauses.
 * (Every other start opens offline; the sync reports the connection from then on.)
 */
async function initCryptoOnceReachable(client: MatrixClient, args: { storageKey: Uint8Array; cryptoDatabasePrefix: string }): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await client.initRustCrypto(args);
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(maxCryptoRetryMs, 1000 * 2 ** attempt)));
    }
  }
}

const maxCryptoRetryMs = 30_000;

/**
 * Catches a rejected token before crypto starts; null while it is accepted. A network
 * failure is not a rejection: the session stays and sync retries once the server is back.
 */
async function tokenRejection(client: MatrixClient): Promise<SessionEnd | null> {
  try {
    await client.whoami();
    return null;
  } catch (error) {
    const rejected = error instanceof MatrixError && (error.errcode === 'M_UNKNOWN_TOKEN' || error.httpStatus === 401);
    return rejected ? sessionEnd(error) : null;
  }
}

/** The spec's soft logout: a 401 M_UNKNOWN_TOKEN with `soft_logout: true`. */
function sessionEnd(error: MatrixError): SessionEnd {
  return error.data.soft_logout === true ? 'expired' : 'revoked';
}
