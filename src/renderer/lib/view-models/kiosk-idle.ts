/**
 * A kiosk's idle sign-out: after `kiosk.idleSignOutMinutes` without input in the app, a
 * countdown gives the person 30 seconds to say they are still there; then the session ends.
 * Input during the countdown does not count, only "Continue": a passer-by touching the
 * screen must not keep someone else's session open by accident.
 */
import { Observable } from './observable';

export type KioskIdleState = { readonly phase: 'active' } | { readonly phase: 'countdown'; readonly secondsLeft: number };

export const countdownSeconds = 30;

export interface KioskIdleClock {
  now(): number;
  /** Runs a task later; returns what cancels it. */
  schedule(task: () => void, ms: number): () => void;
}

const browserClock: KioskIdleClock = {
  now: () => Date.now(),
  schedule(task, ms) {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
};

export class KioskIdleModel extends Observable<KioskIdleState> {
  private lastInput: number;
  private cancelTimer: () => void = () => {};
  private countdownEnds = 0;

  constructor(
    private readonly idleMinutes: number,
    /** Ends the session (signs out); called once, when the countdown runs out. */
    private readonly onExpired: () => void,
    private readonly clock: KioskIdleClock = browserClock,
  ) {
    super({ phase: 'active' });
    this.lastInput = clock.now();
    this.disposables.add(() => this.cancelTimer());
    this.waitForIdle();
  }

  /** Any input in the app (key, pointer, touch, wheel). */
  input(): void {
    if (this.value.phase === 'active') this.lastInput = this.clock.now();
  }

  /** The countdown's "Continue": the session goes on, and the idle time starts again. */
  continue(): void {
    if (this.value.phase !== 'countdown' || this.disposed) return;
    this.lastInput = this.clock.now();
    this.set({ phase: 'active' });
    this.waitForIdle();
  }

  private waitForIdle(): void {
    const due = this.lastInput + this.idleMinutes * 60_000 - this.clock.now();
    if (due > 0) return this.after(due, () => this.waitForIdle());
    this.countdownEnds = this.clock.now() + countdownSeconds * 1000;
    this.tick();
  }

  private tick(): void {
    const left = this.countdownEnds - this.clock.now();
    if (left <= 0) {
      this.set({ phase: 'countdown', secondsLeft: 0 });
      return this.onExpired();
    }
    this.set({ phase: 'countdown', secondsLeft: Math.ceil(left / 1000) });
    // To the next whole second, so the number shown never skips one.
    this.after(left % 1000 || 1000, () => this.tick());
  }

  private after(ms: number, task: () => void): void {
    this.cancelTimer();
    this.cancelTimer = this.clock.schedule(task, ms);
  }
}
