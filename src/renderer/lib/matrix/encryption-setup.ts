/**
 * Cross-signing and secure key backup: set up once, on an account's first sign-in, while
 * the password is at hand for the server's confirmation; unlocked on later devices with
 * the recovery key (which unlocks the backup and the cross-signing keys); the key
 * replaced, or everything reset when it is lost.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { CryptoEvent, decodeRecoveryKey } from 'matrix-js-sdk/lib/crypto-api';
import { confirmPassword, passwordAuth, PasswordNotChecked } from './password-auth';
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
  try {
    await client.getCrypto()!.bootstrapCrossSigning({
      authUploadDeviceSigningKeys: async (makeRequest) => {
        await makeRequest(passwordAuth(client, password));
      },
    });
    return await newSecretStorage(client, { newKeyBackup: true });
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
  try {
    await unlockSecrets(client, keys, recoveryKey);
  } finally {
    keys.forget();
  }
  await restoreHistory(client);
}

/**
 * After another session verified this one by emoji, that session sends the backup key
 * (secret sharing); once it is here, the history is restored from the backup.
 */
export function restoreHistoryWhenBackupKeyArrives(client: MatrixClient): void {
  let restored = false;
  const arrived = (): void => {
    client.off(CryptoEvent.KeyBackupDecryptionKeyCached, arrived);
    if (restored) return;
    restored = true;
    // In the background: a session stopped meanwhile simply does not restore.
    restoreHistory(client).catch(() => undefined);
  };
  client.on(CryptoEvent.KeyBackupDecryptionKeyCached, arrived);
  client
    .getCrypto()!
    .getSessionBackupPrivateKey()
    .then((key) => key && arrived())
    .catch(() => undefined);
}

/**
 * A new recovery key for the same identity and backup, proven with the current one: the
 * secrets it guarded move under the new key, and the old one stops working.
 */
export async function replaceRecoveryKey(client: MatrixClient, keys: SecretStorageKeys, currentKey: string): Promise<string> {
  try {
    await unlockSecrets(client, keys, currentKey);
    return await newSecretStorage(client, { newKeyBackup: false });
  } finally {
    keys.forget();
  }
}

/**
 * For a person who lost the recovery key (and perhaps every other session): a new
 * cryptographic identity, key backup and recovery key, confirmed with the password.
 * Contacts see the identity change; messages whose keys only the old backup held stay
 * unreadable; the keys this session has go into the new backup. One object per attempt
 * at it: when writing secret storage fails after the new identity is up, running again
 * finishes the job instead of replacing the identity a second time.
 */
export class EncryptionReset {
  private identityReplaced = false;

  constructor(
    private readonly client: MatrixClient,
    private readonly keys: SecretStorageKeys,
  ) {}

  /** Returns the new recovery key in its displayed form. */
  async run(password: string): Promise<string> {
    const client = this.client;
    if (!this.identityReplaced) {
      // The reset deletes the old backup before the server checks the password (at the new
      // identity's upload), so a mistyped password is caught first.
      // Where the server skips the password step, the reset's own requests skip it too: nothing to catch early.
      await confirmPassword(client, password).catch((error: unknown) => {
        if (!(error instanceof PasswordNotChecked)) throw error;
      });
      await client.getCrypto()!.resetEncryption(async (makeRequest) => {
        await makeRequest(passwordAuth(client, password));
      });
      this.identityReplaced = true;
    }
    try {
      return await newSecretStorage(client, { newKeyBackup: false });
    } finally {
      // The SDK hands the new key to the cache as it stores the secrets under it.
      this.keys.forget();
    }
  }
}

/** Secret storage under a new recovery key, holding the cross-signing and backup keys this session has; returns the key as shown ("EsTc …"). */
async function newSecretStorage(client: MatrixClient, { newKeyBackup }: { newKeyBackup: boolean }): Promise<string> {
  const crypto = client.getCrypto()!;
  const recoveryKey = await crypto.createRecoveryKeyFromPassphrase();
  await crypto.bootstrapSecretStorage({ createSecretStorageKey: async () => recoveryKey, setupNewSecretStorage: true, setupNewKeyBackup: newKeyBackup });
  // The SDK would otherwise check the backup in the background, racing a session
  // that stops right after (and the backup is in use from here on, not eventually).
  await crypto.checkKeyBackupAndEnable();
  return recoveryKey.encodedPrivateKey!;
}

/** Opens secret storage with the recovery key and brings its cross-signing and backup keys to this session (which they sign). */
async function unlockSecrets(client: MatrixClient, keys: SecretStorageKeys, recoveryKey: string): Promise<void> {
  const key = decodedRecoveryKey(recoveryKey);
  const defaultKey = await client.secretStorage.getKey();
  if (!defaultKey) throw new RecoveryKeyRejected();
  const [keyId, keyInfo] = defaultKey;
  if (!(await client.secretStorage.checkKey(key, keyInfo))) throw new RecoveryKeyRejected();
  keys.remember(keyId, key);
  const crypto = client.getCrypto()!;
  // The private keys are only taken if they match the account's public ones, which a
  // session that has just started may not have fetched yet.
  await crypto.getUserDeviceInfo([client.getSafeUserId()], true);
  await crypto.bootstrapCrossSigning({});
  await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
}

/** Enables the backup and restores its keys in the background: undecryptable messages update in place. */
async function restoreHistory(client: MatrixClient): Promise<void> {
  const crypto = client.getCrypto()!;
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
