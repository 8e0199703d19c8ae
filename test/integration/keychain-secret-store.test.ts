import { randomBytes } from 'node:crypto';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeychainSecretStore, keychainService } from '../../src/main/core/services/secret-store';
import { createSessionVault } from '../../src/main/core/services/session-vault';
import { keychainEntries } from '../support/keychain';

const store = createKeychainSecretStore(keytar, process.platform);
const profiles: string[] = [];
const anyHomeserver = { isSignInHomeserver: () => true };

function newProfile(): string {
  const profile = `it-${randomBytes(4).toString('hex')}`;
  profiles.push(profile);
  return profile;
}

afterEach(async () => {
  for (const profile of profiles.splice(0)) {
    for (const { account } of await keychainEntries(profile)) await keytar.deletePassword(keychainService, account);
  }
});

const session = {
  homeserverUrl: 'https://matrix.example.org',
  userId: '@alice:example.org',
  deviceId: 'DEVICEA',
  accessToken: 'syt_secret_token',
};

describe('the OS keychain secret store (real Secret Service)', () => {
  it('creates, reads and deletes an entry under the Depesche service', async () => {
    const account = `${newProfile()}/probe`;
    expect(await store.get(account)).toBeNull();
    await store.set(account, 's3cret');
    expect(await keytar.getPassword('Depesche', account)).toBe('s3cret');
    expect(await store.get(account)).toBe('s3cret');
    await store.delete(account);
    expect(await store.get(account)).toBeNull();
    await expect(store.delete(account)).resolves.toBeUndefined();
  });

  it('keeps the session and the crypto-store key as two entries and removes both on clear', async () => {
    const profile = newProfile();
    const vault = createSessionVault(store, profile, randomBytes, anyHomeserver);
    await vault.save(session);
    const key = await vault.storageKey();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(await vault.storageKey()).toBe(key);

    const accounts = (await keychainEntries(profile)).map((entry) => entry.account).sort();
    expect(accounts).toEqual([`${profile}/${session.userId}/${session.deviceId}/storage-key`, `${profile}/session`].sort());

    await vault.clear();
    expect(await keychainEntries(profile)).toEqual([]);
  });

  it('does not let two profiles see each other’s session', async () => {
    const work = createSessionVault(store, newProfile(), randomBytes, anyHomeserver);
    const kiosk = createSessionVault(store, newProfile(), randomBytes, anyHomeserver);
    await work.save(session);
    expect(await kiosk.load()).toBeNull();
    await expect(kiosk.storageKey()).rejects.toMatchObject({ code: 'no-session' });
    await kiosk.clear();
    expect(await work.load()).toEqual(session);
  });
});
