/**
 * The application's session state: restoring, signed out (login screen) or
 * signed in. Owns the login and logout sequences; knows nothing of the UI.
 */
import type { DepescheBridge, StoredSession } from '../../../shared/bridge';
import type { ErrorCode } from '../../../shared/errors';
import { LoginFailure, passwordLogin, revokeAccessToken, type LoginFailureCode } from '../matrix/password-login';
import { openMatrixSession, SessionRevoked, type MatrixSession } from '../matrix/matrix-session';
import type { RendererLog } from '../diagnostics';
import type { ChatViewModel } from './chat-view-model';
import { Observable } from './observable';

export type SessionProblem =
  | LoginFailureCode
  | Extract<ErrorCode, 'invalid-url' | 'homeserver-unreachable' | 'not-a-matrix-server' | 'keychain-unavailable'>
  | 'required'
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

  constructor(
    private readonly bridge: DepescheBridge,
    private readonly log: RendererLog = () => {},
    private readonly openWorkspace: ((session: MatrixSession) => ChatViewModel) | null = null,
  ) {
    super({ phase: 'restoring' });
  }

  /** Opens the session kept in the keychain, if there is one. */
  async restore(): Promise<void> {
    const stored = await this.bridge.session.load();
    if (!stored.ok) return this.signedOut(problemFromBridge(stored.error));
    if (!stored.value) return this.signedOut(null);
    try {
      await this.open(stored.value);
    } catch (error) {
      if (error instanceof SessionRevoked) {
        this.log('warn', 'The homeserver no longer accepts the stored session; local data removed.');
        await this.bridge.session.clear();
        return this.signedOut({ code: 'session-revoked' });
      }
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

      const credentials = await passwordLogin(baseUrl, form.username.trim(), form.password);
      const stored: StoredSession = { homeserverUrl: baseUrl, ...credentials };
      const saved = await this.bridge.session.save(stored);
      if (!saved.ok) {
        // A token we cannot keep safely must not stay valid on the server either.
        await revokeAccessToken(baseUrl, credentials.accessToken).catch(() => undefined);
        throw new BridgeProblem(problemFromBridge(saved.error));
      }
      await this.open(stored);
    } catch (error) {
      if (error instanceof BridgeProblem) return this.signedOut(error.problem);
      if (error instanceof LoginFailure) return this.signedOut({ code: error.code });
      this.signedOut({ code: 'unexpected' });
    }
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

  /** The server signed this session out (another device, an administrator): wipe it here too. */
  private async revoked(session: MatrixSession): Promise<void> {
    if (this.session !== session) return;
    this.log('warn', 'The homeserver signed this session out; local data removed.');
    const state = this.value;
    if (state.phase === 'signed-in') state.chat?.dispose();
    this.session = null;
    await session.discard();
    await this.bridge.session.clear();
    this.signedOut({ code: 'session-revoked' });
  }

  /** Stops syncing without signing out (page unload). */
  stop(): void {
    this.session?.stop();
  }

  private async open(stored: StoredSession): Promise<void> {
    const key = await this.bridge.session.storageKey();
    if (!key.ok) throw new BridgeProblem(problemFromBridge(key.error));
    const session = await openMatrixSession(stored, base64ToBytes(key.value));
    this.session = session;
    session.onRevoked(() => void this.revoked(session));
    const { userId, deviceId, ed25519Key } = session;
    this.log('info', `Session open for ${userId} on device ${deviceId}.`);
    const chat = this.openWorkspace?.(this.session) ?? null;
    this.set({ phase: 'signed-in', userId, deviceId, ed25519Key, busy: false, chat });
  }

  private signedOut(problem: Problem | null): void {
    if (problem) this.log(problem.code === 'required' ? 'info' : 'warn', `Signed out: ${problem.code}${problem.detail ? ` (${problem.detail})` : ''}`);
    this.set({ phase: 'signed-out', busy: false, problem });
  }
}

class BridgeProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
  }
}

function problemFromBridge(error: { code: ErrorCode; message: string }): Problem {
  return bridgeProblems.has(error.code)
    ? { code: error.code as SessionProblem, detail: error.message }
    : { code: 'unexpected', detail: error.message };
}

function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
