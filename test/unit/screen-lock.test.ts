import { describe, expect, it } from 'vitest';
import { createScreenLock, type LockReason } from '../../src/main/core/screen-lock';

function lockWith(idleMinutes: number) {
  const clock = { idle: 0 };
  const requests: LockReason[] = [];
  const lock = createScreenLock({ idleMinutes: () => idleMinutes, idleSeconds: () => clock.idle, requestLock: (reason) => void requests.push(reason) });
  return { lock, clock, requests };
}

describe('screen lock in main', () => {
  it('locks itself and asks the page to lock once the idle minutes of the policy have passed', () => {
    const { lock, clock, requests } = lockWith(10);
    clock.idle = 599;
    lock.checkIdle();
    expect({ locked: lock.locked, requests }).toEqual({ locked: false, requests: [] });
    clock.idle = 600;
    lock.checkIdle();
    expect({ locked: lock.locked, requests }).toEqual({ locked: true, requests: ['idle'] });
  });

  it('stays locked until the page reports the unlock, however active the person is', () => {
    const { lock, clock } = lockWith(10);
    clock.idle = 600;
    lock.checkIdle();
    clock.idle = 0;
    lock.checkIdle();
    expect(lock.locked).toBe(true);
    lock.report(false);
    expect(lock.locked).toBe(false);
  });

  it('locks on the OS lock screen as a manual lock, also with the idle lock off', () => {
    const { lock, clock, requests } = lockWith(0);
    clock.idle = 1e9;
    lock.checkIdle();
    lock.request('manual');
    expect({ locked: lock.locked, requests }).toEqual({ locked: true, requests: ['manual'] });
  });

  it('takes the lock the person asked for in the page', () => {
    const { lock, requests } = lockWith(0);
    lock.report(true);
    expect({ locked: lock.locked, requests }).toEqual({ locked: true, requests: [] });
  });
});
