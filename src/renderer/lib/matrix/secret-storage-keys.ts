/**
 * The secret-storage (recovery) key while the crypto stack needs it, and not longer.
 * matrix-js-sdk asks for it through its crypto callbacks, several times in a row while
 * setting up or unlocking secure backup; it is held here in memory only, and `forget`
 * overwrites it once the step that needed it is done.
 */
import type { CryptoCallbacks } from 'matrix-js-sdk/lib/crypto-api';

export class SecretStorageKeys {
  private readonly keys = new Map<string, Uint8Array<ArrayBuffer>>();

  /** For `createClient({ cryptoCallbacks })`. */
  readonly callbacks: CryptoCallbacks = {
    getSecretStorageKey: async ({ keys }) => {
      const keyId = Object.keys(keys).find((id) => this.keys.has(id));
      return keyId ? [keyId, this.keys.get(keyId)!] : null;
    },
    // A copy: the SDK keeps its own array, which `forget` must not pull from under it.
    cacheSecretStorageKey: (keyId, _keyInfo, key) => void this.keys.set(keyId, new Uint8Array(key)),
  };

  /** A key the person gave (their recovery key), for the step about to run. */
  remember(keyId: string, key: Uint8Array<ArrayBuffer>): void {
    this.keys.set(keyId, key);
  }

  forget(): void {
    for (const key of this.keys.values()) key.fill(0);
    this.keys.clear();
  }
}
