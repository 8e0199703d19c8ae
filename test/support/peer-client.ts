/**
 * A second person in tests: a real matrix-js-sdk client in Node with Rust crypto
 * (IndexedDB from fake-indexeddb), logged in, syncing, ready to talk to the UI.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { ClientEvent, createClient, EventType, PendingEventOrdering, Preset, SyncState, type MatrixClient, type Room } from 'matrix-js-sdk';
import type { CryptoCallbacks } from 'matrix-js-sdk/lib/crypto-api';
import { expect } from 'vitest';
import { setUpEncryption } from '../../src/renderer/lib/matrix/encryption-setup';
import { SecretStorageKeys } from '../../src/renderer/lib/matrix/secret-storage-keys';
import { SlidingRoomList } from '../../src/renderer/lib/matrix/sliding-sync';
import type { RegisteredUser } from './synapse';

export interface PeerOptions {
  /** The network the client talks through (to cut it in tests); the real one otherwise. */
  readonly fetchFn?: typeof fetch;
  /** The crypto store's key: the same one reopens the same device's store, as after a restart. */
  readonly storageKey?: Uint8Array;
  /** Waits for the first sync to succeed; off for a client started without a connection. */
  readonly waitForSync?: boolean;
  /** Gives the peer a recovery key to work with (see SecretStorageKeys). */
  readonly cryptoCallbacks?: CryptoCallbacks;
  /** How the peer syncs: as DEPESCHE_TEST_SYNC says (`sliding` runs the suites on the app's sliding sync path), else classic. */
  readonly sync?: 'sliding' | 'classic';
}

/** The sync the suites run on: `DEPESCHE_TEST_SYNC=sliding` runs them again on sliding sync. */
export const testSync: 'sliding' | 'classic' = process.env.DEPESCHE_TEST_SYNC === 'sliding' ? 'sliding' : 'classic';

export async function startPeer(baseUrl: string, user: RegisteredUser, options: PeerOptions = {}): Promise<MatrixClient> {
  const client = createClient({
    baseUrl,
    userId: user.userId,
    deviceId: user.deviceId,
    accessToken: user.accessToken,
    fetchFn: options.fetchFn,
    cryptoCallbacks: options.cryptoCallbacks,
  });
  await client.initRustCrypto({ storageKey: options.storageKey ?? randomBytes(32), cryptoDatabasePrefix: `peer:${user.userId}:${user.deviceId}` });
  const prepared = new Promise<void>((resolve) => {
    const onSync = (state: SyncState) => {
      if (state === SyncState.Prepared) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  const slidingSync = (options.sync ?? testSync) === 'sliding' ? new SlidingRoomList(client).slidingSync : undefined;
  await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true, pendingEventOrdering: PendingEventOrdering.Detached, slidingSync });
  if (options.waitForSync !== false) await prepared;
  return client;
}

/** A peer whose account has cross-signing and key backup, set up as the app does on a first sign-in; returns the recovery key too. */
export async function startCrossSignedPeer(
  baseUrl: string,
  user: RegisteredUser,
  options: Omit<PeerOptions, 'cryptoCallbacks'> = {},
): Promise<{ client: MatrixClient; recoveryKey: string; keys: SecretStorageKeys }> {
  const keys = new SecretStorageKeys();
  const client = await startPeer(baseUrl, user, { ...options, cryptoCallbacks: keys.callbacks });
  return { client, recoveryKey: await setUpEncryption(client, keys, user.password), keys };
}

/** An encrypted room `creator` makes and `invitee` joins; resolves once the creator sees both joined. */
export async function encryptedRoomBetween(creator: MatrixClient, invitee: MatrixClient): Promise<string> {
  const { room_id: roomId } = await creator.createRoom({
    preset: Preset.PrivateChat,
    invite: [invitee.getSafeUserId()],
    initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
  await expect.poll(() => invitee.getRoom(roomId)?.getMyMembership()).toBe('invite');
  await invitee.joinRoom(roomId);
  await expect.poll(() => creator.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
  return roomId;
}

/** The first room the client is invited to, now or when the invitation arrives. */
export function invitedRoom(client: MatrixClient): Promise<Room> {
  return new Promise((resolve) => {
    const check = (room: Room) => {
      if (room.getMyMembership() !== 'invite') return;
      client.off(ClientEvent.Room, check);
      resolve(room);
    };
    client.getRooms().forEach(check);
    client.on(ClientEvent.Room, check);
  });
}
