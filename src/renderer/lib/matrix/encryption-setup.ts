/**
 * Cross-signing and secure key backup for an account that has neither: done once, on
 * the first sign-in, while the password is at hand for the server's confirmation.
 * The result is a recovery key the person must keep; it unlocks the backup and the
 * cross-signing keys on any later device.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import type { SecretStorageKeys } from './secret-storage-keys';

/** Whether this account has cross-signing keys at all (on the server, not only here). */
export async function accountHasCrossSigning(client: MatrixClient): Promise<boolean> {
  return client.getCrypto()!.userHasCrossSigningKeys(client.getSafeUserId(), true);
}

/**
 * Creates the cross-signing keys (the server asks for the password to accept them),
 * secret storage under a new recovery key, and a key backup; returns the recovery key
 * in its displayed form ("EsTc …").
 */
export async function setUpEncryption(client: MatrixClient, keys: SecretStorageKeys, password: string): Promise<string> {
  const crypto = client.getCrypto()!;
  const recoveryKey = await crypto.createRecoveryKeyFromPassphrase();
  try {
    await crypto.bootstrapCrossSigning({
      authUploadDeviceSigningKeys: async (makeRequest) => {
        await makeRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user: client.getSafeUserId() }, password });
      },
    });
    await crypto.bootstrapSecretStorage({ createSecretStorageKey: async () => recoveryKey, setupNewSecretStorage: true, setupNewKeyBackup: true });
    return recoveryKey.encodedPrivateKey!;
  } finally {
    keys.forget();
  }
}
