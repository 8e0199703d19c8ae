/**
 * Whether the window is locked, as main sees it. Main locks when it asks the page to
 * (idle time, the OS's lock screen), before the page has even heard of it; the page
 * reports the person's own lock and the unlock after the homeserver accepted the password.
 * While locked, notifications show no content: a report can only lower what they show to
 * nothing or give back what the policy allows, never more.
 */
import type { BridgeEventPayload } from '../../shared/bridge';
import { createIdleWatch } from './idle-watch';

export type LockReason = BridgeEventPayload<'lockRequested'>['reason'];

export interface ScreenLockOptions {
  /** The `idleLock.minutes` policy as it stands; 0 turns the idle lock off. */
  readonly idleMinutes: () => number;
  /** Seconds since the last keyboard or mouse input. */
  readonly idleSeconds: () => number;
  /** Tells the page to lock (the `lockRequested` event). */
  readonly requestLock: (reason: LockReason) => void;
}

export interface ScreenLock {
  readonly locked: boolean;
  /** Locks and asks the page to show its lock screen. */
  request(reason: LockReason): void;
  /** What the page reports: the person locked, or unlocked with the password. */
  report(locked: boolean): void;
  /** Called periodically: locks once the system has been idle for the policy's minutes. */
  checkIdle(): void;
}

export function createScreenLock({ idleMinutes, idleSeconds, requestLock }: ScreenLockOptions): ScreenLock {
  let locked = false;
  const request = (reason: LockReason) => {
    locked = true;
    requestLock(reason);
  };
  const idleWatch = createIdleWatch({ thresholdMinutes: idleMinutes, idleSeconds, onIdle: () => request('idle') });
  return {
    get locked() {
      return locked;
    },
    request,
    report(value) {
      locked = value;
    },
    checkIdle: () => idleWatch.check(),
  };
}
