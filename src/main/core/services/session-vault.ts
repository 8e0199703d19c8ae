/**
 * The signed-in session and its crypto-store key, kept in the secret store.
 * Entries are namespaced by profile so two profiles never see each other's secrets:
 *   `<profile>/session`                         the active session (JSON), or the expired
 *                                               one without its access token (soft logout)
 *   `<profile>/<userId>/<deviceId>/storage-key` 32 random bytes, base64
 */
import { z } from 'zod';
import { expiredSessionSchema, storedSessionSchema, type ExpiredSession, type SessionIdentity, type StoredSession } from '../../../shared/bridge';
import { DepescheError } from '../../../shared/errors';
import type { SecretStore } from './secret-store';

export const storageKeyBytes = 32;

export interface SessionVault {
  load(): Promise<StoredSession | ExpiredSession | null>;
  /**
   * Keeps a new session, or the new token of the kept one. A new session must be on a
   * homeserver main itself looked up for the sign-in (so it passed discovery's checks: a
   * Matrix server, no private target), and while one is kept (signed in, or expired) only the
   * same account, device and homeserver are accepted (`session-mismatch`): a page cannot swap
   * the kept session for another or reach another identity's storage key. (A page that signs
   * the person out first can still start a session on a public homeserver it names.)
   */
  save(session: StoredSession): Promise<void>;
  /** Drops the access token and keeps the rest (soft logout); fails with no-session when there is none. */
  expire(): Promise<void>;
  storageKey(): Promise<string>;
  clear(): Promise<void>;
  /** Origin of the active session's homeserver, as last loaded or saved; null when signed out. */
  readonly activeHomeserverOrigin: string | null;
}

export interface SessionVaultOptions {
  /**
   * Whether main looked up this homeserver (URL as discovery answered it) for a sign-in:
   * only there may a new session be kept.
   */
  readonly isSignInHomeserver: (homeserverUrl: string) => boolean;
  /** Hears every secret the vault reads or creates, so the log redactor can remove exactly those values. */
  readonly onSecret?: (secret: string) => void;
}

export function createSessionVault(
  store: SecretStore,
  profile: string,
  randomBytes: (size: number) => Uint8Array,
  { isSignInHomeserver, onSecret = () => {} }: SessionVaultOptions,
): SessionVault {
  const sessionAccount = `${profile}/session`;
  const storageKeyAccount = (session: SessionIdentity) => `${profile}/${session.userId}/${session.deviceId}/storage-key`;
  let activeHomeserverOrigin: string | null = null;

  const load = async (): Promise<StoredSession | ExpiredSession | null> => {
    const raw = await store.get(sessionAccount);
    const session = raw === null ? null : parseSession(raw);
    if (session && 'accessToken' in session) onSecret(session.accessToken);
    activeHomeserverOrigin = session ? new URL(session.homeserverUrl).origin : null;
    return session;
  };

  const requireSession = async (): Promise<StoredSession | ExpiredSession> => {
    const session = await load();
    if (!session) throw new DepescheError('no-session', 'There is no signed-in session.');
    return session;
  };

  return {
    load,
    async save(session) {
      const kept = await load();
      if (kept && !sameSession(kept, session)) {
        throw new DepescheError('session-mismatch', 'Another session is kept on this device; sign out of it first.');
      }
      if (!kept) {
        if (!isSignInHomeserver(session.homeserverUrl)) {
          throw new DepescheError('session-mismatch', 'This homeserver was not looked up for signing in.');
        }
        // A new sign-in is a new device: a key already under its name was not made for it.
        await store.delete(storageKeyAccount(session));
      }
      onSecret(session.accessToken);
      await store.set(sessionAccount, JSON.stringify(session));
      activeHomeserverOrigin = new URL(session.homeserverUrl).origin;
    },
    async expire() {
      const { homeserverUrl, userId, deviceId } = await requireSession();
      const expired: ExpiredSession = { homeserverUrl, userId, deviceId, expired: true };
      await store.set(sessionAccount, JSON.stringify(expired));
    },
    // The key belongs to the device, so an expired session keeps it for signing in again.
    async storageKey() {
      const account = storageKeyAccount(await requireSession());
      const existing = await store.get(account);
      if (existing !== null && Buffer.from(existing, 'base64').length === storageKeyBytes) {
        onSecret(existing);
        return existing;
      }
      const created = Buffer.from(randomBytes(storageKeyBytes)).toString('base64');
      onSecret(created);
      await store.set(account, created);
      return created;
    },
    async clear() {
      const session = await load();
      if (session) await store.delete(storageKeyAccount(session));
      await store.delete(sessionAccount);
      activeHomeserverOrigin = null;
    },
    get activeHomeserverOrigin() {
      return activeHomeserverOrigin;
    },
  };
}

function sameSession(a: SessionIdentity, b: SessionIdentity): boolean {
  return a.homeserverUrl === b.homeserverUrl && a.userId === b.userId && a.deviceId === b.deviceId;
}

const keptSessionSchema = z.union([storedSessionSchema, expiredSessionSchema]);

/** A damaged entry cannot be restored; treat it as signed out rather than failing start-up. */
function parseSession(raw: string): StoredSession | ExpiredSession | null {
  try {
    const parsed = keptSessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
