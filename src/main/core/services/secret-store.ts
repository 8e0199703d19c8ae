/**
 * Where secrets live: the OS keychain (keytar: Secret Service, Windows Credential
 * Manager, macOS Keychain) or, for kiosk sessions, process memory only.
 * There is deliberately no file-backed store.
 */
import { DepescheError } from '../../../shared/errors';

export interface SecretStore {
  readonly kind: 'os-keychain' | 'memory';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

export const keychainService = 'Depesche';

/** The slice of keytar we use; injected so the store can be built without loading the native module. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export function createKeychainSecretStore(keytar: KeytarApi, platform: NodeJS.Platform): SecretStore {
  const guarded = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw keychainUnavailable(platform, error);
    }
  };
  return {
    kind: 'os-keychain',
    get: (account) => guarded(() => keytar.getPassword(keychainService, account)),
    set: (account, secret) => guarded(() => keytar.setPassword(keychainService, account, secret)),
    delete: (account) => guarded(async () => void (await keytar.deletePassword(keychainService, account))),
  };
}

export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    kind: 'memory',
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => void secrets.set(account, secret),
    delete: async (account) => void secrets.delete(account),
  };
}

const keychainNames: Partial<Record<NodeJS.Platform, { name: string; fix: string }>> = {
  linux: {
    name: 'the Secret Service (org.freedesktop.secrets)',
    fix: 'Install and unlock a Secret Service provider such as gnome-keyring or KWallet (Debian/Ubuntu: apt install gnome-keyring), make sure a D-Bus session is running, then sign in again.',
  },
  win32: {
    name: 'the Windows Credential Manager',
    fix: 'Make sure the Credential Manager service (VaultSvc) is running, then sign in again.',
  },
  darwin: {
    name: 'the macOS Keychain',
    fix: 'Unlock your login keychain in Keychain Access, then sign in again.',
  },
};

function keychainUnavailable(platform: NodeJS.Platform, cause: unknown): DepescheError {
  const keychain = keychainNames[platform] ?? { name: 'the system keychain', fix: 'Make sure a system keychain is available, then sign in again.' };
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new DepescheError(
    'keychain-unavailable',
    `Depesche keeps your session only in ${keychain.name}, which could not be used (${detail}). Nothing was saved. ${keychain.fix}`,
  );
}
