/**
 * The application's session state: restoring, signed out (login screen), expired
 * (soft logout: the password continues on the same device) or signed in. Owns the
 * login and logout sequences; knows nothing of the UI. The modules that use the SDK
 * are imported when first needed, so the login screen starts without the SDK.
 */
import { decodeBase64 } from 'matrix-js-sdk/lib/base64';
import type { DepescheBridge, SessionIdentity, StoredSession } from '../../../shared/bridge';
import type { ErrorCode } from '../../../shared/errors';
import type { EncryptionReset } from '../matrix/encryption-setup';
import type { MatrixSession } from '../matrix/matrix-session';
import type { SyncMode } from '../matrix/sliding-sync';
import { LoginFailure, RecoveryKeyRejected, SessionEnded, type LoginFailureCode, type SessionEnd } from '../matrix/session-errors';
import type { RendererLog } from '../diagnostics';
import type { RecoveryKeyChange } from './recovery-key-change';
import type { Verification } from './verification';
import type { WorkspaceViewModel } from './workspace-view-model';
import { Observable } from './observable';

export type SessionProblem =
  | LoginFailureCode
  | Extract<ErrorCode, 'invalid-url' | 'homeserver-unreachable' | 'not-a-matrix-server' | 'homeserver-refused' | 'keychain-unavailable' | 'session-mismatch'>
  | 'required'
  | 'password-required'
  | 'wrong-password'
  | 'recovery-key-required'
  | 'recovery-key-wrong'
  | 'session-revoked'
  | 'restore-failed'
  | 'server-logout-failed'
  /** Policy requires secure backup, and setting it up on this first sign-in failed: not signed in. */
  | 'backup-required';

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
  /**
   * First sign-in of an account: cross-signing and key backup were just set up, and the
   * recovery key is shown once; the workspace opens when the person confirms they kept it.
   */
  | { readonly phase: 'recovery-key'; readonly userId: string; readonly recoveryKey: string }
  /**
   * Signed in on another device of an account with cross-signing: this session asks to be
   * verified (with the recovery key, or by comparing emoji with another session) so that it
   * is trusted and can read the key backup. A person who lost both resets encryption here.
   */
  | {
      readonly phase: 'verify-session';
      readonly userId: string;
      readonly busy: boolean;
      readonly problem: Problem | null;
      /** The emoji verification with another session, while one is under way. */
      readonly verification: Verification | null;
      /** Whether "Verify later" is offered; policy `recoveryKey.required` takes it away. */
      readonly canSkip: boolean;
      /** A kiosk: the recovery key or no history; no emoji with another session, no reset (it would show a new key). */
      readonly kiosk: boolean;
    }
  | {
      readonly phase: 'signed-in';
      readonly userId: string;
      readonly deviceId: string;
      readonly ed25519Key: string;
      readonly busy: boolean;
      /** The rooms and conversations; null where no workspace factory was given (Node tests of the session alone). */
      readonly chat: WorkspaceViewModel | null;
    };

export interface LoginForm {
  readonly homeserver: string;
  readonly username: string;
  readonly password: string;
}

/**
 * Where to look for the homeserver: the address given, or else the server of a full
 * user id (`@erika:bund.de` finds its homeserver through bund.de's `.well-known`).
 */
export function homeserverAddress(form: Pick<LoginForm, 'homeserver' | 'username'>): string {
  const given = form.homeserver.trim();
  if (given) return given;
  const username = form.username.trim();
  return /^@[^:\s]+:\S+$/.test(username) ? username : '';
}

const bridgeProblems = new Set<string>(['invalid-url', 'homeserver-unreachable', 'not-a-matrix-server', 'homeserver-refused', 'keychain-unavailable', 'session-mismatch']);

export class SessionViewModel extends Observable<SessionState> {
  private session: MatrixSession | null = null;
  /** The session waiting for the password while the phase is `expired`. */
  private expired: SessionIdentity | null = null;
  /** A reset of encryption begun on the verify screen (it may have to be finished on a second try). */
  private encryptionReset: EncryptionReset | null = null;
  /** kiosk.enabled as the last session opened with it: no recovery key is shown or created on a public screen. */
  private kiosk = false;

  constructor(
    private readonly bridge: DepescheBridge,
    private readonly log: RendererLog = () => {},
    private readonly openWorkspace: ((session: MatrixSession) => Promise<WorkspaceViewModel>) | null = null,
    /** Deletes what the account kept on this machine outside the SDK's stores (drafts, unsent messages, the open room). */
    private readonly forgetAccount: (userId: string) => void = () => {},
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
    const address = homeserverAddress(form);
    if (!address || !form.username.trim() || !form.password) return this.signedOut({ code: 'required' });
    this.set({ phase: 'signed-out', busy: true, problem: null });
    try {
      const homeserver = await this.bridge.homeserver.discover(address);
      if (!homeserver.ok) throw new BridgeProblem(problemFromBridge(homeserver.error));
      const baseUrl = homeserver.value.baseUrl;

      // Before the server issues a token: if this fails, no new device is left behind.
      await this.giveUpUnrestoredSession();
      const { passwordLogin } = await import('../matrix/password-login');
      const credentials = await passwordLogin(baseUrl, form.username.trim(), form.password);
      const stored: StoredSession = { homeserverUrl: baseUrl, ...credentials };
      await this.keep(stored);
      await this.open(stored, form.password);
    } catch (error) {
      this.signedOut(problemOf(error));
    }
  }

  /** Verifies this session with the account's recovery key; a wrong key keeps the question open. */
  async verifySession(recoveryKey: string): Promise<void> {
    const state = this.value;
    const session = this.session;
    if (state.phase !== 'verify-session' || state.busy || !session) return;
    if (!recoveryKey.trim()) return this.set({ ...state, problem: { code: 'recovery-key-required' } });
    this.set({ ...state, busy: true, problem: null });
    try {
      const { verifyWithRecoveryKey } = await import('../matrix/encryption-setup');
      await verifyWithRecoveryKey(session.client, session.secretStorageKeys, recoveryKey);
      this.log('info', 'This session was verified with the recovery key.');
      await this.enterWorkspace(session);
    } catch (error) {
      const code = error instanceof RecoveryKeyRejected ? 'recovery-key-wrong' : 'unexpected';
      if (code === 'unexpected') this.log('warn', `Verifying with the recovery key failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      this.set({ ...state, busy: false, problem: { code } });
    }
  }

  /** Goes in unverified; messages from before this session stay unreadable until it is verified. */
  async skipVerification(): Promise<void> {
    const state = this.value;
    if (state.phase !== 'verify-session' || state.busy || !state.canSkip || !this.session) return;
    this.set({ ...state, busy: true });
    this.log('info', 'Session verification skipped for now.');
    await this.enterWorkspace(this.session);
  }

  /** Asks the account's other sessions to verify this one by comparing emoji. */
  async verifyWithOtherSession(): Promise<void> {
    const state = this.value;
    const session = this.session;
    if (state.phase !== 'verify-session' || state.busy || state.verification || !session) return;
    this.set({ ...state, busy: true, problem: null });
    try {
      const { Verification } = await import('./verification');
      const verification = new Verification(await session.client.getCrypto()!.requestOwnUserVerification());
      this.set({ ...state, busy: false, problem: null, verification });
    } catch (error) {
      this.log('warn', `Asking another session for verification failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      this.set({ ...state, busy: false, problem: { code: 'unexpected' } });
    }
  }

  /** Back from the emoji verification to the choice (cancelling it if it is still under way). */
  stopOtherSessionVerification(): void {
    const state = this.value;
    if (state.phase !== 'verify-session' || !state.verification) return;
    state.verification.dispose();
    this.set({ ...state, verification: null });
  }

  /** The other session verified this one: the history follows from the backup, the workspace opens. */
  async continueVerified(): Promise<void> {
    const state = this.value;
    const session = this.session;
    if (state.phase !== 'verify-session' || state.busy || state.verification?.value.step.kind !== 'done' || !session) return;
    this.set({ ...state, busy: true });
    const { restoreHistoryWhenBackupKeyArrives } = await import('../matrix/encryption-setup');
    restoreHistoryWhenBackupKeyArrives(session.client);
    this.log('info', 'This session was verified by another session.');
    await this.enterWorkspace(session);
  }

  /**
   * For a person without the recovery key and without another session: a new identity
   * and backup, confirmed with the password; the new recovery key is shown as on a first sign-in.
   */
  async resetEncryption(password: string): Promise<void> {
    const state = this.value;
    const session = this.session;
    if (state.phase !== 'verify-session' || state.busy || state.kiosk || !session) return;
    if (!password) return this.set({ ...state, problem: { code: 'password-required' } });
    this.set({ ...state, busy: true, problem: null });
    try {
      const { EncryptionReset } = await import('../matrix/encryption-setup');
      this.encryptionReset ??= new EncryptionReset(session.client, session.secretStorageKeys);
      const recoveryKey = await this.encryptionReset.run(password);
      this.encryptionReset = null;
      this.log('info', 'Encryption reset: new identity, key backup and recovery key.');
      this.set({ phase: 'recovery-key', userId: session.userId, recoveryKey });
    } catch (error) {
      const { PasswordRejected } = await import('../matrix/password-auth');
      const code = error instanceof PasswordRejected ? 'wrong-password' : 'unexpected';
      if (code === 'unexpected') this.log('warn', `Resetting encryption failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      this.set({ ...state, busy: false, problem: { code } });
    }
  }

  /** Changing the signed-in account's recovery key (or resetting encryption when it is lost); null when not signed in. */
  async recoveryKeyChange(): Promise<RecoveryKeyChange | null> {
    if (this.value.phase !== 'signed-in' || !this.session || this.kiosk) return null;
    const { RecoveryKeyChange } = await import('./recovery-key-change');
    return new RecoveryKeyChange(this.session.client, this.session.secretStorageKeys);
  }

  /** The person has kept the recovery key: it leaves the state (and the screen), the workspace opens. */
  async confirmRecoveryKeySaved(): Promise<void> {
    if (this.value.phase !== 'recovery-key' || !this.session) return;
    await this.enterWorkspace(this.session);
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
    this.forgetAccount(expired.userId);
    this.expired = null;
    // Without a token the server cannot be told; the device stays in the account's list.
    this.log('info', 'Signed out of the expired session; local data removed.');
    this.signedOut(null);
  }

  /**
   * A kiosk's "End session" (and its idle sign-out): out of whatever phase the person is
   * in, the device deleted on the server where there is one.
   */
  async endSession(): Promise<void> {
    const state = this.value;
    if (state.phase === 'signed-in') return this.logout();
    if (state.phase === 'expired') return this.signOutExpired();
    if (state.phase !== 'verify-session' || !this.session) return;
    state.verification?.dispose();
    await this.abandon(this.session, null);
  }

  async logout(): Promise<void> {
    const state = this.value;
    if (state.phase !== 'signed-in' || state.busy || !this.session) return;
    this.set({ ...state, busy: true });
    const closed = state.chat?.close();
    const { serverLogout } = await this.session.logout();
    this.session = null;
    // A draft still being written would otherwise land after the deletion.
    await closed;
    this.forgetAccount(state.userId);
    const cleared = await this.bridge.session.clear();
    if (!cleared.ok) return this.signedOut(problemFromBridge(cleared.error));
    this.log('info', serverLogout ? 'Signed out.' : 'Signed out locally; the homeserver could not be reached.');
    this.signedOut(serverLogout ? null : { code: 'server-logout-failed' });
  }

  /** The server stopped accepting the running session: expired or revoked, as at restore. */
  private async endedWhileOpen(session: MatrixSession, stored: StoredSession, end: SessionEnd): Promise<void> {
    if (this.session !== session) return;
    const state = this.value;
    const closed = state.phase === 'signed-in' ? state.chat?.close() : undefined;
    this.session = null;
    if (end === 'expired') session.stop();
    else await session.discard();
    await closed;
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
      this.forgetAccount(stored.userId);
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

  /**
   * Opens the session. With the password (a fresh sign-in) an account that has no
   * cross-signing yet gets it, with key backup, and a new device of an account that has
   * it is asked to verify itself, before the workspace opens.
   */
  private async open(stored: StoredSession, password?: string): Promise<void> {
    const key = await this.bridge.session.storageKey();
    if (!key.ok) throw new BridgeProblem(problemFromBridge(key.error));
    const { openMatrixSession } = await import('../matrix/matrix-session');
    const policy = await this.sessionPolicy();
    this.kiosk = policy.kiosk;
    const session = await openMatrixSession(stored, decodeBase64(key.value), { onlySignedSessions: policy.onlySignedSessions, syncMode: policy.syncMode });
    this.session = session;
    this.encryptionReset = null;
    session.onEnded((end) => void this.endedWhileOpen(session, stored, end));
    this.log('info', `Session open for ${session.userId} on device ${session.deviceId}.`);
    // A restored session was verified (or let off) when it signed in, unless policy requires it:
    // then quitting at the verify screen and starting again must not be a way round it.
    if (password === undefined && !policy.backupRequired) return await this.enterWorkspace(session);
    if (password !== undefined && policy.kiosk) {
      // Cross-signing is never set up at a kiosk: its recovery key would be shown to the room.
      const { accountHasCrossSigning } = await import('../matrix/encryption-setup');
      if (policy.backupRequired && !(await accountHasCrossSigning(session.client).catch(() => false))) return this.abandon(session, { code: 'backup-required' });
    } else if (password !== undefined) {
      const setUp = await this.setUpEncryptionIfNew(session, password);
      if (setUp === 'failed' && policy.backupRequired) return this.abandon(session, { code: 'backup-required' });
      if (typeof setUp === 'object') return this.set({ phase: 'recovery-key', userId: session.userId, recoveryKey: setUp.recoveryKey });
    }
    const { sessionNeedsVerification } = await import('../matrix/encryption-setup');
    // Required and unknown (e.g. offline) counts as needed.
    if (await sessionNeedsVerification(session.client).catch(() => policy.backupRequired)) {
      const canSkip = !policy.backupRequired;
      return this.set({ phase: 'verify-session', userId: session.userId, busy: false, problem: null, verification: null, canSkip, kiosk: policy.kiosk });
    }
    await this.enterWorkspace(session);
  }

  /** The recovery key of a newly set up account, `existing` when it was set up before, or `failed`. */
  private async setUpEncryptionIfNew(session: MatrixSession, password: string): Promise<{ recoveryKey: string } | 'existing' | 'failed'> {
    try {
      const { accountHasCrossSigning, setUpEncryption } = await import('../matrix/encryption-setup');
      if (await accountHasCrossSigning(session.client)) return 'existing';
      const recoveryKey = await setUpEncryption(session.client, session.secretStorageKeys, password);
      this.log('info', 'Cross-signing and key backup set up for this account.');
      return { recoveryKey };
    } catch (error) {
      // Unless policy requires the backup, the account stays usable; "Recovery key…" can set it up later.
      this.log('warn', `Setting up cross-signing and key backup failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      return 'failed';
    }
  }

  /** Gives up a session just opened, as a sign-out does: on the server, in the keychain and on disk. */
  private async abandon(session: MatrixSession, problem: Problem | null): Promise<void> {
    this.session = null;
    await session.logout();
    this.forgetAccount(session.userId);
    const cleared = await this.bridge.session.clear();
    this.signedOut(cleared.ok ? problem : problemFromBridge(cleared.error));
  }

  private async enterWorkspace(session: MatrixSession): Promise<void> {
    // An emoji request still open when the person went in another way is cancelled.
    if (this.value.phase === 'verify-session') this.value.verification?.dispose();
    const { userId, deviceId, ed25519Key } = session;
    const chat = (await this.openWorkspace?.(session)) ?? null;
    // The session may have ended while the workspace was loading.
    if (this.session !== session) return chat?.close();
    this.set({ phase: 'signed-in', userId, deviceId, ed25519Key, busy: false, chat });
  }

  /**
   * A kept session that could not be restored (its store failed to open) is given up when
   * someone signs in anew: main keeps one session at a time and refuses to replace it.
   */
  private async giveUpUnrestoredSession(): Promise<void> {
    const kept = await this.bridge.session.load();
    if (!kept.ok || !kept.value) return;
    // The keychain first, as on signing out of an expired session.
    const cleared = await this.bridge.session.clear();
    if (!cleared.ok) throw new BridgeProblem(problemFromBridge(cleared.error));
    const { deleteLocalStores } = await import('../matrix/matrix-session');
    await deleteLocalStores(kept.value).catch(() => undefined);
    this.forgetAccount(kept.value.userId);
  }

  /** Policy fails closed: if main cannot say, keys go only to signed sessions and secure backup is required (sync as without policy). */
  private async sessionPolicy(): Promise<{ onlySignedSessions: boolean; backupRequired: boolean; kiosk: boolean; syncMode: SyncMode }> {
    const policy = await this.bridge.policy.get();
    if (!policy.ok) {
      this.log('warn', `Policy unavailable (${policy.error.code}); room keys go only to verified sessions and secure backup is required.`);
      // Kiosk stays as the last policy read said; main decided it at start anyway.
      return { onlySignedSessions: true, backupRequired: true, kiosk: this.kiosk, syncMode: 'auto' };
    }
    const { values } = policy.value;
    return {
      onlySignedSessions: values['encryption.onlyVerifiedDevices'],
      backupRequired: values['recoveryKey.required'],
      kiosk: values['kiosk.enabled'],
      syncMode: values['sync.mode'],
    };
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

