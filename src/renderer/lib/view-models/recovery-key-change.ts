/**
 * Changing the recovery key from within the workspace: with the current key the same
 * identity and backup move under a new key; without it, the password resets encryption
 * (new identity, new backup, new key). Either way the new key is shown once.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { EncryptionReset, replaceRecoveryKey } from '../matrix/encryption-setup';
import { PasswordRejected } from '../matrix/password-auth';
import type { SecretStorageKeys } from '../matrix/secret-storage-keys';
import { RecoveryKeyRejected } from '../matrix/session-errors';
import { Observable } from './observable';

export type RecoveryKeyProblem = 'recovery-key-required' | 'recovery-key-wrong' | 'password-required' | 'wrong-password' | 'failed';

export type RecoveryKeyChangeState =
  /** `key`: proving it with the current recovery key; `password`: the key is lost, reset with the password. */
  | { readonly step: 'ask'; readonly mode: 'key' | 'password'; readonly busy: boolean; readonly problem: RecoveryKeyProblem | null }
  | { readonly step: 'new-key'; readonly recoveryKey: string };

/** The first step (and the dialog's while closed): asking for the current key. */
export const askingForKey = { step: 'ask', mode: 'key', busy: false, problem: null } as const satisfies RecoveryKeyChangeState;

export class RecoveryKeyChange extends Observable<RecoveryKeyChangeState> {
  private readonly encryptionReset: EncryptionReset;

  constructor(
    private readonly client: MatrixClient,
    private readonly keys: SecretStorageKeys,
  ) {
    super(askingForKey);
    this.encryptionReset = new EncryptionReset(client, keys);
  }

  /** Switches between proving with the current key and resetting with the password. */
  choose(mode: 'key' | 'password'): void {
    if (this.value.step === 'ask' && !this.value.busy) this.set({ ...askingForKey, mode });
  }

  async replace(currentKey: string): Promise<void> {
    if (!currentKey.trim()) return this.ask('key', 'recovery-key-required');
    await this.run('key', () => replaceRecoveryKey(this.client, this.keys, currentKey));
  }

  async reset(password: string): Promise<void> {
    if (!password) return this.ask('password', 'password-required');
    await this.run('password', () => this.encryptionReset.run(password));
  }

  private async run(mode: 'key' | 'password', change: () => Promise<string>): Promise<void> {
    if (this.value.step !== 'ask' || this.value.busy) return;
    this.set({ step: 'ask', mode, busy: true, problem: null });
    try {
      this.set({ step: 'new-key', recoveryKey: await change() });
    } catch (error) {
      this.ask(mode, error instanceof RecoveryKeyRejected ? 'recovery-key-wrong' : error instanceof PasswordRejected ? 'wrong-password' : 'failed');
    }
  }

  private ask(mode: 'key' | 'password', problem: RecoveryKeyProblem): void {
    this.set({ step: 'ask', mode, busy: false, problem });
  }
}
