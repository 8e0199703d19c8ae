/**
 * Do not disturb: no desktop notifications until a time, kept in the account's data
 * (`de.depesche.do_not_disturb` `{ until }`, milliseconds since the epoch) so it follows
 * the person to their other sessions. It ends by itself when the time comes.
 */
import { ClientEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { Observable } from './observable';

export const doNotDisturbType = 'de.depesche.do_not_disturb';

declare module 'matrix-js-sdk/lib/@types/event' {
  interface AccountDataEvents {
    [doNotDisturbType]: { readonly until: number | null };
  }
}

export type DoNotDisturbLength = 'hour' | 'eightHours' | 'tomorrow';

export interface DoNotDisturbSnapshot {
  /** When it ends (ms since the epoch); null while notifications come. */
  readonly until: number | null;
  readonly problem: 'save-failed' | null;
}

/** Time, injected so tests need not wait an hour. */
export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

const hour = 60 * 60 * 1000;
/** Longer than any length offered here: a value beyond it was not written by us, and is ignored. */
const longest = 2 * 24 * hour;
/** Timers take at most 2^31 - 1 ms; a longer wait is taken in steps. */
const longestTimer = 2 ** 31 - 1;

/** When a do-not-disturb started now ends: in 1 or 8 hours, or at the next 08:00 local time. */
export function doNotDisturbEnd(length: DoNotDisturbLength, now: number): number {
  if (length === 'hour') return now + hour;
  if (length === 'eightHours') return now + 8 * hour;
  const morning = new Date(now);
  morning.setHours(8, 0, 0, 0);
  // After midnight but before eight, "tomorrow morning" is this morning.
  if (morning.getTime() <= now) morning.setDate(morning.getDate() + 1);
  return morning.getTime();
}

/** The end written in the account data, if it is a time still to come and within reach; else none. */
export function doNotDisturbUntil(content: unknown, now: number): number | null {
  const until = (content as { until?: unknown } | undefined)?.until;
  return typeof until === 'number' && Number.isFinite(until) && until > now && until <= now + longest ? until : null;
}

export class DoNotDisturb extends Observable<DoNotDisturbSnapshot> {
  private cancelTimer: (() => void) | null = null;

  constructor(
    private readonly client: MatrixClient,
    private readonly clock: Clock = systemClock,
  ) {
    super({ until: null, problem: null });
    this.disposables.add(() => this.cancelTimer?.());
    this.listen(client, ClientEvent.AccountData, (event: MatrixEvent) => {
      if (event.getType() === doNotDisturbType) this.follow(event.getContent());
    });
    this.follow(client.getAccountData(doNotDisturbType)?.getContent());
  }

  /** Whether notifications are held back right now. */
  get active(): boolean {
    return this.value.until !== null && this.clock.now() < this.value.until;
  }

  async start(length: DoNotDisturbLength): Promise<void> {
    await this.save(doNotDisturbEnd(length, this.clock.now()));
  }

  async end(): Promise<void> {
    await this.save(null);
  }

  dismissProblem(): void {
    this.set({ ...this.value, problem: null });
  }

  private async save(until: number | null): Promise<void> {
    try {
      await this.client.setAccountData(doNotDisturbType, { until });
      // The sync brings it back a moment later; the person sees their choice at once.
      this.follow({ until });
    } catch {
      this.set({ ...this.value, problem: 'save-failed' });
    }
  }

  private follow(content: unknown): void {
    if (this.disposed) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const until = doNotDisturbUntil(content, this.clock.now());
    if (until !== null) this.wake(until);
    if (until !== this.value.until) this.set({ until, problem: null });
  }

  private wake(until: number): void {
    const wait = Math.min(until - this.clock.now(), longestTimer);
    this.cancelTimer = this.clock.after(Math.max(wait, 0), () => {
      this.cancelTimer = null;
      if (this.clock.now() >= until) this.set({ ...this.value, until: null });
      else this.wake(until);
    });
  }
}
