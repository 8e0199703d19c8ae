import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemorySecretStore, type SecretStore } from '../../src/main/core/services/secret-store';
import { createSessionVault, storageKeyBytes } from '../../src/main/core/services/session-vault';
import type { StoredSession } from '../../src/shared/bridge';
import { DepescheError } from '../../src/shared/errors';

const alice: StoredSession = {
  homeserverUrl: 'https://matrix.example.org/base/path',
  userId: '@alice:example.org',
  deviceId: 'ALICEDEVICE',
  accessToken: 'syt_alice_token',
};
const bob: StoredSession = {
  homeserverUrl: 'http://127.0.0.1:8008',
  userId: '@bob:localhost',
  deviceId: 'BOBDEVICE',
  accessToken: 'syt_bob_token',
};

const sessionAccount = (profile: string) => `${profile}/session`;
const storageKeyAccount = (profile: string, session: StoredSession) => `${profile}/${session.userId}/${session.deviceId}/storage-key`;

function vault(store: SecretStore = createMemorySecretStore(), profile = 'default') {
  return createSessionVault(store, profile, randomBytes, { isSignInHomeserver: () => true });
}

describe('createSessionVault: the session', () => {
  it('loads null when nothing was saved', async () => {
    expect(await vault().load()).toBeNull();
  });

  it('loads what was saved', async () => {
    const sessions = vault();
    await sessions.save(alice);
    expect(await sessions.load()).toEqual(alice);
  });

  it('keeps the session in the store, so a new vault over the same store loads it', async () => {
    const store = createMemorySecretStore();
    await vault(store).save(alice);
    expect(JSON.parse((await store.get(sessionAccount('default')))!)).toEqual(alice);
    expect(await vault(store).load()).toEqual(alice);
  });

  it('takes a new access token of the same session', async () => {
    const sessions = vault();
    await sessions.save(alice);
    await sessions.save({ ...alice, accessToken: 'syt_alice_new_token' });
    expect(await sessions.load()).toEqual({ ...alice, accessToken: 'syt_alice_new_token' });
  });

  it.each([
    ['invalid JSON', '{"homeserverUrl": '],
    ['JSON null', 'null'],
    ['a JSON string', '"@alice:example.org"'],
    ['an object missing the access token', JSON.stringify({ ...alice, accessToken: undefined })],
    ['an object with an extra field', JSON.stringify({ ...alice, extra: 1 })],
    ['an object with a non-http homeserver', JSON.stringify({ ...alice, homeserverUrl: 'javascript:alert(1)' })],
    ['an object with a malformed user id', JSON.stringify({ ...alice, userId: 'alice' })],
  ])('loads a corrupt session entry (%s) as null', async (_label, raw) => {
    const store = createMemorySecretStore();
    await store.set(sessionAccount('default'), raw);
    const sessions = vault(store);
    expect(await sessions.load()).toBeNull();
    expect(sessions.activeHomeserverOrigin).toBeNull();
  });
});

describe('createSessionVault: profiles', () => {
  it('keeps two profiles over the same store apart', async () => {
    const store = createMemorySecretStore();
    const work = vault(store, 'work');
    const kiosk = vault(store, 'kiosk');

    await work.save(alice);
    expect(await kiosk.load()).toBeNull();

    await kiosk.save(bob);
    expect(await work.load()).toEqual(alice);
    expect(await kiosk.load()).toEqual(bob);

    await kiosk.clear();
    expect(await work.load()).toEqual(alice);
  });

  it('gives the same user and device in two profiles different storage keys', async () => {
    const store = createMemorySecretStore();
    const work = vault(store, 'work');
    const kiosk = vault(store, 'kiosk');
    await work.save(alice);
    await kiosk.save(alice);
    expect(await work.storageKey()).not.toBe(await kiosk.storageKey());
  });
});

describe('createSessionVault: the storage key', () => {
  it('rejects with no-session when nobody is signed in', async () => {
    const sessions = vault();
    const attempt = sessions.storageKey();
    await expect(attempt).rejects.toBeInstanceOf(DepescheError);
    await expect(attempt).rejects.toMatchObject({ code: 'no-session' });
  });

  it(`is the base64 of exactly ${storageKeyBytes} bytes`, async () => {
    const sessions = vault();
    await sessions.save(alice);
    const key = await sessions.storageKey();
    expect(storageKeyBytes).toBe(32);
    expect(key).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
  });

  it('comes from the injected random source', async () => {
    const sessions = createSessionVault(createMemorySecretStore(), 'default', (n) => new Uint8Array(n).fill(7), { isSignInHomeserver: () => true });
    await sessions.save(alice);
    expect(await sessions.storageKey()).toBe(Buffer.alloc(32, 7).toString('base64'));
  });

  it('is stable across calls and across vaults over the same store', async () => {
    const store = createMemorySecretStore();
    const sessions = vault(store);
    await sessions.save(alice);
    const first = await sessions.storageKey();
    expect(await sessions.storageKey()).toBe(first);
    expect(await vault(store).storageKey()).toBe(first);
    expect(await store.get(storageKeyAccount('default', alice))).toBe(first);
  });

  it('differs per user and device', async () => {
    const store = createMemorySecretStore();
    const keyOf = async (session: StoredSession) => {
      const sessions = vault(store, `profile-${session.userId}-${session.deviceId}`);
      await sessions.save(session);
      return sessions.storageKey();
    };
    const keys = [await keyOf(alice), await keyOf(bob), await keyOf({ ...alice, deviceId: 'ALICEOTHERDEVICE' })];
    expect(new Set(keys).size).toBe(3);
  });

  it(`replaces a stored key that does not decode to ${storageKeyBytes} bytes`, async () => {
    const store = createMemorySecretStore();
    await store.set(storageKeyAccount('default', alice), Buffer.alloc(16, 1).toString('base64'));
    const sessions = vault(store);
    await sessions.save(alice);
    const key = await sessions.storageKey();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(await store.get(storageKeyAccount('default', alice))).toBe(key);
  });
});

describe('createSessionVault: clear', () => {
  it('removes both the session entry and its storage key', async () => {
    const store = createMemorySecretStore();
    const sessions = vault(store);
    await sessions.save(alice);
    await sessions.storageKey();
    expect(await store.get(sessionAccount('default'))).not.toBeNull();
    expect(await store.get(storageKeyAccount('default', alice))).not.toBeNull();

    await sessions.clear();

    expect(await store.get(sessionAccount('default'))).toBeNull();
    expect(await store.get(storageKeyAccount('default', alice))).toBeNull();
    expect(await sessions.load()).toBeNull();
    await expect(sessions.storageKey()).rejects.toMatchObject({ code: 'no-session' });
  });

  it('gives a new storage key after signing out and in again', async () => {
    const sessions = vault();
    await sessions.save(alice);
    const before = await sessions.storageKey();
    await sessions.clear();
    await sessions.save(alice);
    expect(await sessions.storageKey()).not.toBe(before);
  });

  it('succeeds when nobody is signed in', async () => {
    const sessions = vault();
    await expect(sessions.clear()).resolves.toBeUndefined();
    expect(await sessions.load()).toBeNull();
  });
});

describe('createSessionVault: expire (soft logout)', () => {
  const expiredAlice = { homeserverUrl: alice.homeserverUrl, userId: alice.userId, deviceId: alice.deviceId, expired: true };

  it('drops the access token from the keychain entry and keeps the device and its storage key', async () => {
    const store = createMemorySecretStore();
    const sessions = vault(store);
    await sessions.save(alice);
    const key = await sessions.storageKey();

    await sessions.expire();

    expect(await sessions.load()).toEqual(expiredAlice);
    expect(await store.get(sessionAccount('default'))).not.toContain(alice.accessToken);
    expect(await sessions.storageKey()).toBe(key);
    expect(sessions.activeHomeserverOrigin).toBe('https://matrix.example.org');
  });

  it('takes the new access token of the same device over the expired entry', async () => {
    const sessions = vault();
    await sessions.save(alice);
    const key = await sessions.storageKey();
    await sessions.expire();

    await sessions.save({ ...alice, accessToken: 'syt_alice_new_token' });

    expect(await sessions.load()).toEqual({ ...alice, accessToken: 'syt_alice_new_token' });
    expect(await sessions.storageKey()).toBe(key);
  });

  it('clears an expired session with its storage key', async () => {
    const store = createMemorySecretStore();
    const sessions = vault(store);
    await sessions.save(alice);
    await sessions.storageKey();
    await sessions.expire();

    await sessions.clear();

    expect(await store.get(sessionAccount('default'))).toBeNull();
    expect(await store.get(storageKeyAccount('default', alice))).toBeNull();
  });

  it('rejects with no-session when nobody is signed in', async () => {
    await expect(vault().expire()).rejects.toMatchObject({ code: 'no-session' });
  });

  it('no longer hands the old token to the redactor once expired', async () => {
    const heard: string[] = [];
    const store = createMemorySecretStore();
    await vault(store).save(alice);
    await vault(store).expire();
    await createSessionVault(store, 'default', randomBytes, { isSignInHomeserver: () => true, onSecret: (secret) => heard.push(secret) }).load();
    expect(heard).toEqual([]);
  });

  it.each([
    ['an expired entry that still carries a token', { ...expiredAlice, accessToken: alice.accessToken }],
    ['an expired entry marked false', { ...expiredAlice, expired: false }],
    ['an expired entry with an extra field', { ...expiredAlice, extra: 1 }],
    ['an expired entry without a device', { ...expiredAlice, deviceId: undefined }],
  ])('loads %s as null', async (_label, entry) => {
    const store = createMemorySecretStore();
    await store.set(sessionAccount('default'), JSON.stringify(entry));
    expect(await vault(store).load()).toBeNull();
  });
});

describe('createSessionVault: activeHomeserverOrigin', () => {
  it('is null before anything is loaded or saved', () => {
    expect(vault().activeHomeserverOrigin).toBeNull();
  });

  it('is the origin of the saved homeserver, without path', async () => {
    const sessions = vault();
    await sessions.save(alice);
    expect(sessions.activeHomeserverOrigin).toBe('https://matrix.example.org');
    await sessions.clear();
    await sessions.save(bob);
    expect(sessions.activeHomeserverOrigin).toBe('http://127.0.0.1:8008');
  });

  it('is set by load from a session another vault saved', async () => {
    const store = createMemorySecretStore();
    await vault(store).save(alice);
    const restarted = vault(store);
    expect(restarted.activeHomeserverOrigin).toBeNull();
    await restarted.load();
    expect(restarted.activeHomeserverOrigin).toBe('https://matrix.example.org');
  });

  it('becomes null when load finds no session', async () => {
    const store = createMemorySecretStore();
    const sessions = vault(store);
    await sessions.save(alice);
    await store.delete(sessionAccount('default'));
    await sessions.load();
    expect(sessions.activeHomeserverOrigin).toBeNull();
  });

  it('becomes null on clear', async () => {
    const sessions = vault();
    await sessions.save(alice);
    await sessions.clear();
    expect(sessions.activeHomeserverOrigin).toBeNull();
  });
});

describe('createSessionVault: bound to the sign-in main looked up, and to the kept identity', () => {
  const lookedUp = (homeservers: string[]) => (url: string) => homeservers.includes(url);

  it('refuses a new session on a homeserver main did not look up for the sign-in', async () => {
    const store = createMemorySecretStore();
    const sessions = createSessionVault(store, 'default', randomBytes, { isSignInHomeserver: lookedUp([bob.homeserverUrl]) });
    await expect(sessions.save(alice)).rejects.toMatchObject({ code: 'session-mismatch' });
    expect(await store.get(sessionAccount('default'))).toBeNull();
    expect(sessions.activeHomeserverOrigin).toBeNull();
    await sessions.save(bob);
    expect(await sessions.load()).toEqual(bob);
  });

  it('refuses another identity while a session is kept, so its storage key cannot be reached', async () => {
    const sessions = vault();
    await sessions.save(alice);
    const aliceKey = await sessions.storageKey();
    for (const other of [bob, { ...alice, deviceId: 'OTHERDEVICE' }, { ...alice, homeserverUrl: 'https://evil.example' }]) {
      await expect(sessions.save(other)).rejects.toMatchObject({ code: 'session-mismatch' });
    }
    expect(await sessions.load()).toEqual(alice);
    expect(await sessions.storageKey()).toBe(aliceKey);
  });

  it('refuses another identity over an expired session too, and takes the same device back', async () => {
    const sessions = vault();
    await sessions.save(alice);
    await sessions.expire();
    await expect(sessions.save(bob)).rejects.toMatchObject({ code: 'session-mismatch' });
    await sessions.save({ ...alice, accessToken: 'syt_alice_again' });
    expect(await sessions.load()).toEqual({ ...alice, accessToken: 'syt_alice_again' });
  });

  it('gives a new sign-in a fresh storage key, never one already stored under its name', async () => {
    const store = createMemorySecretStore();
    await store.set(storageKeyAccount('default', alice), Buffer.alloc(storageKeyBytes, 1).toString('base64'));
    const sessions = vault(store);
    await sessions.save(alice);
    expect(await sessions.storageKey()).not.toBe(Buffer.alloc(storageKeyBytes, 1).toString('base64'));
  });
});
