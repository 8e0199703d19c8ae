/**
 * The application's session state: restoring, signed out (login screen), expired
 * (soft logout: the password continues on the same device) or signed in. Owns the
 * login and logout sequences; knows nothing of the UI. The modules that use the SDK
 * are imported when first needed, so the login screen starts without the SDK.
 */
import type { DepescheBridge, SessionIdentity, StoredSession } from '../../../shared/bridge';
import type { ErrorCode } from '../../../shared/errors';
import type { MatrixSession } from '../matrix/matrix-session';
import { LoginFailure, SessionEnded, type LoginFailureCode, type SessionEnd } from '../matrix/session-errors';
import type { RendererLog } from '../diagnostics';
import type { ChatViewModel } from './chat-view-model';
import { Observable } from './observable';

export type SessionProblem =
  | LoginFailureCode
  | Extract<ErrorCode, 'invalid-url' | 'homeserver-unreachable' | 'not-a-matrix-server' | 'keychain-unavailable'>
  | 'required'
  | 'password-required'
  | 'wrong-password'
  | 'session-revoked'
  | 'restore-failed'
  | 'server-logout-failed';

export interface Problem {
  readonly code: SessionProblem;
  /** Technical detail from the main process (e.g. which keychain is missing and how to fix it). */
  readonly detail?: string;
}

export type SessionState =
  | { readonly phase: 'restoring' }
  | { readonly phase: 'signed-out'; readonly busy: boolean; readonly problem: Problem | null }
  /** The server let the access token expire; the device and its keys wait for the password. */
  | { readonly phase: 'expired'; readonly userId: string; readonly busy: boolean; readonly problem: Problem | null }
  | {
      readonly phase: 'signed-in';
      readonly userId: string;
      readonly deviceId: string;
      readonly ed25519Key: string;
      readonly busy: boolean;
      /** The rooms and conversations; null where no workspace factory was given (Node tests of the session alone). */
      readonly chat: ChatViewModel | null;
    };

export interface LoginForm {
  readonly homeserver: string;
  readonly username: string;
  readonly password: string;
}

const bridgeProblems = new Set<string>(['invalid-url', 'homeserver-unreachable', 'not-a-matrix-server', 'keychain-unavailable']);

export class SessionViewModel extends Observable<SessionState> {
  private session: MatrixSession | null = null;
  /** The session waiting for the password while the phase is `expired`. */
  private expired: SessionIdentity | null = null;

  constructor(
    private readonly bridge: DepescheBridge,
    private readonly log: RendererLog = () => {},
    private readonly openWorkspace: ((session: MatrixSession) => Promise<ChatViewModel>) | null = null,
  ) {
    super({ phase: 'restoring' });
  }

  /** Opens the session kept in the keychain, if there is one. */
  async restore(): Promise<void> {
    const stored = await this.bridge.session.load();
    if (!stored.ok) return this.signedOut(problemFromBridge(stored.error));
    if (!stored.value) return this.signedOut(null);
    if ('expired' in stored.value) return this.askPassword(stored.value, null);
    try {
      await this.open(stored.value);
    } catch (error) {
      if (error instanceof SessionEnded) return this.ended(error.end, stored.value);
      this.signedOut(error instanceof BridgeProblem ? error.problem : { code: 'restore-failed' });
    }
  }

  async login(form: LoginForm): Promise<void> {
    if (this.value.phase !== 'signed-out' || this.value.busy) return;
    if (!form.homeserver.trim() || !form.username.trim() || !form.password) {
      return this.signedOut({ code: 'required' });
    }
    this.set({ phase: 'signed-out', busy: true, problem: null });
    try {
      const homeserver = await this.bridge.homeserver.discover(form.homeserver.trim());
      if (!homeserver.ok) throw new BridgeProblem(problemFromBridge(homeserver.error));
      const baseUrl = homeserver.value.baseUrl;

      const { passwordLogin } = await import('../matrix/password-login');
      const credentials = await passwordLogin(baseUrl, form.username.trim(), form.password);
      const stored: StoredSession = { homeserverUrl: baseUrl, ...credentials };
      await this.keep(stored);
      await this.open(stored);
    } catch (error) {
      this.signedOut(problemOf(error));
    }
  }

  /** Signs in again after the token expired, on the same device, and reopens its crypto store. */
  async continueSession(password: string): Promise<void> {
    const state = this.value;
    const expired = this.expired;
    if (state.phase !== 'expired' || state.busy || !expired) return;
    if (!password) return this.askPassword(expired, { code: 'password-required' });
    this.set({ ...state, busy: true, problem: null });
    try {
      const { resumeWithPassword } = await import('../matrix/password-login');
      const stored = await resumeWithPassword(expired, password);
      await this.keep(stored);
      this.expired = null;
      await this.open(stored);
    } catch (error) {
      // The account name is fixed here, so a refused login can only be the password.
      const problem = problemOf(error);
      this.askPassword(expired, problem.code === 'wrong-credentials' ? { code: 'wrong-password' } : problem);
    }
  }

  /** Gives up the expired session instead: its keys and local stores go, as on sign-out. */
  async signOutExpired(): Promise<void> {
    const state = this.value;
    const expired = this.expired;
    if (state.phase !== 'expired' || state.busy || !expired) return;
    this.set({ ...state, busy: true, problem: null });
    // The keychain first: an encrypted store left without its key is unreadable, while a
    // key left without its store would pair the device id with new keys on the next sign-in.
    const cleared = await this.bridge.session.clear();
    if (!cleared.ok) return this.askPassword(expired, problemFromBridge(cleared.error));
    const { deleteLocalStores } = await import('../matrix/matrix-session');
    await deleteLocalStores(expired);
    this.expired = null;
    // Without a token the server cannot be told; the device stays in the account's list.
    this.log('info', 'Signed out of the expired session; local data removed.');
    this.signedOut(null);
  }

  async logout(): Promise<void> {
    const state = this.value;
    if (state.phase !== 'signed-in' || state.busy || !this.session) return;
    this.set({ ...state, busy: true });
    state.chat?.dispose();
    const { serverLogout } = await this.session.logout();
    this.session = null;
    const cleared = await this.bridge.session.clear();
    if (!cleared.ok) return this.signedOut(problemFromBridge(cleared.error));
    this.log('info', serverLogout ? 'Signed out.' : 'Signed out locally; the homeserver could not be reached.');
    this.signedOut(serverLogout ? null : { code: 'server-logout-failed' });
  }

  /** The server stopped accepting the running session: expired or revoked, as at restore. */
  private async endedWhileOpen(session: MatrixSession, stored: StoredSession, end: SessionEnd): Promise<void> {
    if (this.session !== session) return;
    const state = this.value;
    if (state.phase === 'signed-in') state.chat?.dispose();
    this.session = null;
    if (end === 'expired') session.stop();
    else await session.discard();
    await this.ended(end, stored);
  }

  /**
   * A soft logout keeps the device, its storage key and crypto store and asks for the
   * password; a revocation (another device, an administrator) wipes the session here too.
   * The local stores are already closed or deleted.
   */
  private async ended(end: SessionEnd, stored: StoredSession): Promise<void> {
    if (end === 'revoked') {
      this.log('warn', 'The homeserver no longer accepts this session; local data removed.');
      await this.bridge.session.clear();
      return this.signedOut({ code: 'session-revoked' });
    }
    this.log('warn', 'The access token expired (soft logout); the device and its keys are kept until the password is given.');
    const expired = await this.bridge.session.expire();
    if (!expired.ok) this.log('warn', `The expired access token could not be removed from the keychain: ${expired.error.code}`);
    const { homeserverUrl, userId, deviceId } = stored;
    this.askPassword({ homeserverUrl, userId, deviceId }, null);
  }

  /** Stops syncing without signing out (page unload). */
  stop(): void {
    this.session?.stop();
  }

  private async open(stored: StoredSession): Promise<void> {
    const key = await this.bridge.session.storageKey();
    if (!key.ok) throw new BridgeProblem(problemFromBridge(key.error));
    const { openMatrixSession } = await import('../matrix/matrix-session');
    const session = await openMatrixSession(stored, base64ToBytes(key.value));
    this.session = session;
    session.onEnded((end) => void this.endedWhileOpen(session, stored, end));
    const { userId, deviceId, ed25519Key } = session;
    this.log('info', `Session open for ${userId} on device ${deviceId}.`);
    const chat = (await this.openWorkspace?.(session)) ?? null;
    // The session may have ended while the workspace was loading.
    if (this.session !== session) return chat?.dispose();
    this.set({ phase: 'signed-in', userId, deviceId, ed25519Key, busy: false, chat });
  }

  /** Keeps a new session in the keychain; a token that cannot be kept safely is revoked. */
  private async keep(stored: StoredSession): Promise<void> {
    const saved = await this.bridge.session.save(stored);
    if (saved.ok) return;
    const { revokeAccessToken } = await import('../matrix/password-login');
    await revokeAccessToken(stored.homeserverUrl, stored.accessToken).catch(() => undefined);
    throw new BridgeProblem(problemFromBridge(saved.error));
  }

  private askPassword(expired: SessionIdentity, problem: Problem | null): void {
    this.expired = expired;
    if (problem) this.logProblem('Session expired', problem);
    this.set({ phase: 'expired', userId: expired.userId, busy: false, problem });
  }

  private signedOut(problem: Problem | null): void {
    if (problem) this.logProblem('Signed out', problem);
    this.set({ phase: 'signed-out', busy: false, problem });
  }

  private logProblem(context: string, problem: Problem): void {
    const level = problem.code === 'required' || problem.code === 'password-required' ? 'info' : 'warn';
    this.log(level, `${context}: ${problem.code}${problem.detail ? ` (${problem.detail})` : ''}`);
  }
}

class BridgeProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
  }
}

function problemOf(error: unknown): Problem {
  if (error instanceof BridgeProblem) return error.problem;
  if (error instanceof LoginFailure) return { code: error.code };
  return { code: 'unexpected' };
}

function problemFromBridge(error: { code: ErrorCode; message: string }): Problem {
  return bridgeProblems.has(error.code)
    ? { code: error.code as SessionProblem, detail: error.message }
    : { code: 'unexpected', detail: error.message };
}

function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
