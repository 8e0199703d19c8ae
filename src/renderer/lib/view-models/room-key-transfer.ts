/**
 * Moving room keys by hand: export this device's keys to a passphrase-protected file
 * (saved through main's dialog) and import such a file, e.g. on a fresh device that has
 * no other way to the history. The file format is the spec's (key-export-file.ts).
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { decryptKeyFile, defaultKdfRounds, encryptKeyFile, KeyFileRejected } from '../matrix/key-export-file';
import { Observable } from './observable';

export type KeyTransferProblem =
  | 'passphrase-required'
  | 'passphrase-too-short'
  | 'passphrases-differ'
  | 'not-a-key-file'
  | 'wrong-passphrase'
  | 'failed';

export interface KeyTransferSnapshot {
  readonly busy: boolean;
  /** What the last action achieved, for the status line. */
  readonly outcome: { readonly kind: 'exported' } | { readonly kind: 'imported'; /** Keys in the file, all of them offered to the crypto store. */ readonly keys: number } | null;
  readonly problem: KeyTransferProblem | null;
}

/** Saves text where the person chooses; true once saved (false if they cancelled). */
export type SaveText = (fileName: string, text: string) => Promise<boolean>;

/** A passphrase shorter than this protects the whole history too weakly. */
export const minPassphraseLength = 8;

export class RoomKeyTransfer extends Observable<KeyTransferSnapshot> {
  constructor(
    private readonly client: MatrixClient,
    private readonly saveText: SaveText,
    private readonly kdfRounds = defaultKdfRounds,
  ) {
    super({ busy: false, outcome: null, problem: null });
  }

  async exportKeys(passphrase: string, repeated: string): Promise<void> {
    if (this.value.busy) return;
    const problem = !passphrase ? 'passphrase-required' : passphrase.length < minPassphraseLength ? 'passphrase-too-short' : passphrase !== repeated ? 'passphrases-differ' : null;
    if (problem) return this.set({ busy: false, outcome: null, problem });
    await this.run(async () => {
      const file = await encryptKeyFile(await this.client.getCrypto()!.exportRoomKeysAsJson(), passphrase, this.kdfRounds);
      return (await this.saveText('depesche-room-keys.txt', file)) ? { kind: 'exported' } : null;
    });
  }

  async importKeys(file: string, passphrase: string): Promise<void> {
    if (this.value.busy) return;
    if (!passphrase) return this.set({ busy: false, outcome: null, problem: 'passphrase-required' });
    await this.run(async () => {
      const json = await decryptKeyFile(file, passphrase);
      const keys: unknown = JSON.parse(json);
      if (!Array.isArray(keys)) throw new KeyFileRejected('not-a-key-file');
      await this.client.getCrypto()!.importRoomKeysAsJson(json);
      return { kind: 'imported', keys: keys.length };
    });
  }

  private async run(action: () => Promise<KeyTransferSnapshot['outcome']>): Promise<void> {
    this.set({ busy: true, outcome: null, problem: null });
    try {
      this.set({ busy: false, outcome: await action(), problem: null });
    } catch (error) {
      this.set({ busy: false, outcome: null, problem: error instanceof KeyFileRejected ? error.reason : 'failed' });
    }
  }
}
