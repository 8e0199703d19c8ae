import { describe, expect, inject, it } from 'vitest';
import { verifyWithRecoveryKey } from '../../src/renderer/lib/matrix/encryption-setup';
import { SecretStorageKeys } from '../../src/renderer/lib/matrix/secret-storage-keys';
import { RecoveryKeyRejected } from '../../src/renderer/lib/matrix/session-errors';
import { RecoveryKeyChange } from '../../src/renderer/lib/view-models/recovery-key-change';
import { crossSigningMasterKey, keyBackupVersion, loginNewDevice } from '../support/matrix-api';
import { startCrossSignedPeer, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

/** Whether a fresh device of the account gets in with this recovery key. */
async function keyOpensAccount(user: RegisteredUser, recoveryKey: string): Promise<boolean> {
  const keys = new SecretStorageKeys();
  const device = await startPeer(synapse.baseUrl, { ...user, ...(await loginNewDevice(synapse.baseUrl, user)) }, { cryptoCallbacks: keys.callbacks });
  try {
    await verifyWithRecoveryKey(device, keys, recoveryKey);
    return true;
  } catch (error) {
    if (error instanceof RecoveryKeyRejected) return false;
    throw error;
  } finally {
    device.stopClient();
  }
}

describe('changing the recovery key', () => {
  it('replaces the key with the current one, keeping identity and backup; the old key stops working', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { client, recoveryKey: oldKey, keys } = await startCrossSignedPeer(synapse.baseUrl, alice);
    try {
      const identity = await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId);
      const backup = await keyBackupVersion(synapse.baseUrl, alice.accessToken);
      const change = new RecoveryKeyChange(client, keys);

      await change.replace('  ');
      expect(change.value).toMatchObject({ step: 'ask', problem: 'recovery-key-required' });
      await change.replace('EsTj 3yST y93F SLpB jJsz eAXc 2XzA ygD3 w69H fGaN TKBj jXEd');
      expect(change.value).toMatchObject({ step: 'ask', mode: 'key', busy: false, problem: 'recovery-key-wrong' });
      await change.replace(oldKey);
      const state = change.value;
      if (state.step !== 'new-key') throw new Error(`expected a new key, got ${JSON.stringify(state)}`);
      expect(state.recoveryKey).not.toBe(oldKey);

      expect(await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId)).toBe(identity);
      expect(await keyBackupVersion(synapse.baseUrl, alice.accessToken)).toBe(backup);
      expect(await keyOpensAccount(alice, oldKey)).toBe(false);
      expect(await keyOpensAccount(alice, state.recoveryKey)).toBe(true);
    } finally {
      client.stopClient();
    }
  });

  it('resets encryption with the password when the key is lost; a wrong password changes nothing', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { client, recoveryKey: lostKey, keys } = await startCrossSignedPeer(synapse.baseUrl, alice);
    try {
      const identity = await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId);
      const backup = await keyBackupVersion(synapse.baseUrl, alice.accessToken);
      const change = new RecoveryKeyChange(client, keys);
      change.choose('password');

      await change.reset('');
      expect(change.value).toMatchObject({ step: 'ask', mode: 'password', problem: 'password-required' });
      await change.reset('not the password');
      expect(change.value).toMatchObject({ step: 'ask', mode: 'password', busy: false, problem: 'wrong-password' });
      // Checked before anything is deleted: identity, backup and key are as they were.
      expect(await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId)).toBe(identity);
      expect(await keyBackupVersion(synapse.baseUrl, alice.accessToken)).toBe(backup);

      await change.reset(alice.password);
      const state = change.value;
      if (state.step !== 'new-key') throw new Error(`expected a new key, got ${JSON.stringify(state)}`);
      expect(await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId)).not.toBe(identity);
      const newBackup = await keyBackupVersion(synapse.baseUrl, alice.accessToken);
      expect(newBackup).not.toBeNull();
      expect(newBackup).not.toBe(backup);
      expect(await keyOpensAccount(alice, lostKey)).toBe(false);
      expect(await keyOpensAccount(alice, state.recoveryKey)).toBe(true);
    } finally {
      client.stopClient();
    }
  });

  it('finishes an interrupted reset on the next try instead of replacing the identity again', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    // Armed after the setup: the server fails once, as the new secret storage key is written (the old one's deletion passes).
    let failures = 0;
    const flakyFetch: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const writesNewKey = init?.method === 'PUT' && url.includes('/account_data/m.secret_storage.key.') && String(init.body).includes('algorithm');
      if (writesNewKey && failures > 0) {
        failures--;
        return Response.json({ errcode: 'M_UNKNOWN', error: 'Internal server error' }, { status: 500 });
      }
      return fetch(input, init);
    };
    const { client, keys } = await startCrossSignedPeer(synapse.baseUrl, alice, { fetchFn: flakyFetch });
    try {
      const identity = await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId);
      const change = new RecoveryKeyChange(client, keys);
      change.choose('password');

      failures = 1;
      await change.reset(alice.password);
      expect(change.value).toMatchObject({ step: 'ask', problem: 'failed' });
      const newIdentity = await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId);
      expect(newIdentity).not.toBe(identity);

      await change.reset(alice.password);
      const state = change.value;
      if (state.step !== 'new-key') throw new Error(`expected a new key, got ${JSON.stringify(state)}`);
      expect(await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId)).toBe(newIdentity);
      expect(await keyOpensAccount(alice, state.recoveryKey)).toBe(true);
    } finally {
      client.stopClient();
    }
  });
});

