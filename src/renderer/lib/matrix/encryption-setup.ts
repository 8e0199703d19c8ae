/**
 * Cross-signing and secure key backup for an account that has neither: done once, on
 * the first sign-in, while the password is at hand for the server's confirmation.
 * The result is a recovery key the person must keep; it unlocks the backup and the
 * cross-signing keys on any later device.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { decodeRecoveryKey } from 'matrix-js-sdk/lib/crypto-api';
import { passwordAuth } from './password-auth';
import { RecoveryKeyRejected } from './session-errors';
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
        await makeRequest(passwordAuth(client, password));
      },
    });
    await crypto.bootstrapSecretStorage({ createSecretStorageKey: async () => recoveryKey, setupNewSecretStorage: true, setupNewKeyBackup: true });
    // The SDK would otherwise check the new backup in the background, racing a session
    // that stops right after (and the backup is in use from here on, not eventually).
    await crypto.checkKeyBackupAndEnable();
    return recoveryKey.encodedPrivateKey!;
  } finally {
    keys.forget();
  }
}

/** Whether this device still has to prove it belongs to the account (the account has cross-signing, the device is not signed). */
export async function sessionNeedsVerification(client: MatrixClient): Promise<boolean> {
  if (!(await accountHasCrossSigning(client))) return false;
  const status = await client.getCrypto()!.getDeviceVerificationStatus(client.getSafeUserId(), client.getDeviceId()!);
  return !status?.crossSigningVerified;
}

/**
 * Verifies this device with the recovery key: it unlocks secret storage, from which the
 * cross-signing keys sign this device, and the key backup, from which the history is
 * restored (in the background: undecryptable messages update in place as keys arrive).
 */
export async function verifyWithRecoveryKey(client: MatrixClient, keys: SecretStorageKeys, recoveryKey: string): Promise<void> {
  const key = decodedRecoveryKey(recoveryKey);
  const defaultKey = await client.secretStorage.getKey();
  if (!defaultKey) throw new RecoveryKeyRejected();
  const [keyId, keyInfo] = defaultKey;
  if (!(await client.secretStorage.checkKey(key, keyInfo))) throw new RecoveryKeyRejected();
  const crypto = client.getCrypto()!;
  try {
    keys.remember(keyId, key);
    await crypto.bootstrapCrossSigning({});
    await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
  } finally {
    keys.forget();
  }
  await crypto.checkKeyBackupAndEnable();
  void crypto.restoreKeyBackup().catch(() => undefined);
}

function decodedRecoveryKey(text: string): Uint8Array<ArrayBuffer> {
  try {
    return decodeRecoveryKey(text.trim());
  } catch {
    throw new RecoveryKeyRejected();
  }
}
