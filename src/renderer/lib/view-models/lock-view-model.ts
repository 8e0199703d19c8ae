/**
 * The lock of the workspace: locked by idle time or the OS's lock screen (main asks) or by
 * the person, until the account password is given and the homeserver accepts it. The
 * workspace keeps syncing meanwhile; what it shows, sends and announces follows `locked`.
 */
import { ConnectionError, MatrixError, type MatrixClient } from 'matrix-js-sdk';
import { confirmPassword, PasswordNotChecked, PasswordRejected } from '../matrix/password-auth';
import { Observable } from './observable';

export type LockReason = 'idle' | 'manual';

export type LockProblem = 'password-required' | 'wrong-password' | 'too-many-attempts' | 'offline' | 'not-checked' | 'unexpected';

export type LockState =
  | { readonly locked: false }
  | { readonly locked: true; readonly reason: LockReason; readonly busy: boolean; readonly problem: LockProblem | null };

/** Wrong passwords in a row before each wait, and how long it is (the lock screen says "30 seconds" in words). */
export const unlockLimits = { attemptsBeforeWait: 3, waitMs: 30_000 } as const;

/** Runs a task later; returns what cancels it. */
export type Schedule = (task: () => void, ms: number) => () => void;

export class LockViewModel extends Observable<LockState> {
  private wrongInARow = 0;
  private cancelWait: (() => void) | null = null;

  constructor(
    private readonly client: MatrixClient,
    /** Tells main, which shows notifications without content while locked. */
    private readonly reportLocked: (locked: boolean) => void,
    private readonly schedule: Schedule = afterDelay,
  ) {
    super({ locked: false });
  }

  get locked(): boolean {
    return this.value.locked;
  }

  lock(reason: LockReason): void {
    if (this.value.locked) return;
    this.set({ locked: true, reason, busy: false, problem: null });
    this.reportLocked(true);
  }

  /** Unlocks once the homeserver accepts the password; a wrong one keeps the lock. */
  async unlock(password: string): Promise<void> {
    const state = this.value;
    if (!state.locked || state.busy || state.problem === 'too-many-attempts') return;
    if (!password) return this.set({ ...state, problem: 'password-required' });
    this.set({ ...state, busy: true, problem: null });
    try {
      await confirmPassword(this.client, password);
    } catch (error) {
      return this.refused(state, error);
    }
    this.wrongInARow = 0;
    this.set({ locked: false });
    this.reportLocked(false);
  }

  override dispose(): void {
    this.cancelWait?.();
    // Signed out from the lock screen: whoever signs in next starts unlocked in main too.
    if (this.value.locked) this.reportLocked(false);
    super.dispose();
  }

  private refused(state: Extract<LockState, { locked: true }>, error: unknown): void {
    if (error instanceof PasswordRejected) {
      this.wrongInARow += 1;
      if (this.wrongInARow % unlockLimits.attemptsBeforeWait === 0) return this.wait(state);
      return this.set({ ...state, busy: false, problem: 'wrong-password' });
    }
    // Unlocking without a checked password would let anyone through: the lock stays.
    if (error instanceof PasswordNotChecked) return this.set({ ...state, busy: false, problem: 'not-checked' });
    // The homeserver's own limit on password attempts.
    if (error instanceof MatrixError && error.errcode === 'M_LIMIT_EXCEEDED') return this.wait(state);
    this.set({ ...state, busy: false, problem: error instanceof ConnectionError ? 'offline' : 'unexpected' });
  }

  /** Guessing slows down: no attempt for a while, then the next ones. */
  private wait(state: Extract<LockState, { locked: true }>): void {
    this.set({ ...state, busy: false, problem: 'too-many-attempts' });
    this.cancelWait = this.schedule(() => {
      this.cancelWait = null;
      if (this.value.locked && this.value.problem === 'too-many-attempts') this.set({ ...this.value, problem: null });
    }, unlockLimits.waitMs);
  }
}

const afterDelay: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};
