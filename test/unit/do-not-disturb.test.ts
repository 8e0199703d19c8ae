import { describe, expect, it } from 'vitest';
import { DoNotDisturb, doNotDisturbEnd, doNotDisturbType, doNotDisturbUntil, type Clock } from '../../src/renderer/lib/view-models/do-not-disturb';
import { FakeMatrixClient } from '../support/fake-matrix-client';

const hour = 60 * 60 * 1000;

/** A clock the test moves; timers fire when it passes them. */
function testClock(start: number) {
  let now = start;
  const timers: { at: number; fn: () => void }[] = [];
  const clock: Clock & { advance(ms: number): void; pending(): number } = {
    now: () => now,
    after(ms, fn) {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => void timers.splice(timers.indexOf(timer), 1);
    },
    advance(ms) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    },
    pending: () => timers.length,
  };
  return clock;
}

describe('do not disturb', () => {
  it('lasts an hour, eight hours, or until the next 08:00 local time', () => {
    const afternoon = new Date(2026, 11, 2, 15, 30).getTime();
    expect(doNotDisturbEnd('hour', afternoon)).toBe(afternoon + hour);
    expect(doNotDisturbEnd('eightHours', afternoon)).toBe(afternoon + 8 * hour);
    expect(new Date(doNotDisturbEnd('tomorrow', afternoon))).toEqual(new Date(2026, 11, 3, 8, 0));
    // Before eight in the morning, "tomorrow morning" is this morning.
    expect(new Date(doNotDisturbEnd('tomorrow', new Date(2026, 11, 3, 2, 0).getTime()))).toEqual(new Date(2026, 11, 3, 8, 0));
  });

  it('ignores account data that is not a time to come within two days', () => {
    const now = 1_000_000_000;
    expect(doNotDisturbUntil({ until: now + hour }, now)).toBe(now + hour);
    for (const content of [undefined, {}, { until: null }, { until: 'soon' }, { until: now - 1 }, { until: Number.NaN }, { until: now + 3 * 24 * hour }]) {
      expect(doNotDisturbUntil(content, now)).toBeNull();
    }
  });

  it('saves the end in the account data, holds notifications back, and ends by itself when the time comes', async () => {
    const client = new FakeMatrixClient();
    const clock = testClock(new Date(2026, 11, 2, 9, 0).getTime());
    const dnd = new DoNotDisturb(client.asClient, clock);
    expect(dnd.active).toBe(false);
    await dnd.start('hour');
    expect(client.getAccountData(doNotDisturbType)?.getContent()).toEqual({ until: clock.now() + hour });
    expect(dnd.active).toBe(true);
    expect(dnd.value.until).toBe(clock.now() + hour);
    clock.advance(hour - 1);
    expect(dnd.active).toBe(true);
    clock.advance(1);
    expect(dnd.active).toBe(false);
    expect(dnd.value.until).toBeNull();
    dnd.dispose();
  });

  it('follows a start or an end from another session, and ends early when asked', async () => {
    const client = new FakeMatrixClient();
    const clock = testClock(1_000_000_000);
    const dnd = new DoNotDisturb(client.asClient, clock);
    client.receiveAccountData(doNotDisturbType, { until: clock.now() + 8 * hour });
    expect(dnd.active).toBe(true);
    await dnd.end();
    expect(dnd.active).toBe(false);
    expect(clock.pending()).toBe(0);
    dnd.dispose();
  });
});
