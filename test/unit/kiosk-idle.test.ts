import { describe, expect, it } from 'vitest';
import { KioskIdleModel, type KioskIdleClock, type KioskIdleState } from '../../src/renderer/lib/view-models/kiosk-idle';

/** A clock whose time moves only when the test says, running the tasks that fall due. */
function testClock() {
  let time = 0;
  let tasks: { at: number; task: () => void }[] = [];
  const clock: KioskIdleClock = {
    now: () => time,
    schedule(task, ms) {
      const entry = { at: time + ms, task };
      tasks.push(entry);
      return () => (tasks = tasks.filter((other) => other !== entry));
    },
  };
  const advance = (ms: number) => {
    const end = time + ms;
    for (;;) {
      const next = tasks.filter(({ at }) => at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      tasks = tasks.filter((other) => other !== next);
      time = next.at;
      next.task();
    }
    time = end;
  };
  return { clock, advance, pending: () => tasks.length };
}

function idle(minutes = 5) {
  const { clock, advance, pending } = testClock();
  let expired = 0;
  const model = new KioskIdleModel(minutes, () => (expired += 1), clock);
  const states: KioskIdleState[] = [];
  model.subscribe((state) => states.push(state));
  return { model, advance, pending, states, expired: () => expired };
}

describe('KioskIdleModel (kiosk.idleSignOutMinutes)', () => {
  it('counts down 30 seconds after the idle minutes, then ends the session once', () => {
    const { advance, states, expired } = idle(5);
    advance(5 * 60_000 - 1);
    expect(states.at(-1)).toEqual({ phase: 'active' });
    advance(1);
    expect(states.at(-1)).toEqual({ phase: 'countdown', secondsLeft: 30 });
    advance(10_000);
    expect(states.at(-1)).toEqual({ phase: 'countdown', secondsLeft: 20 });
    expect(expired()).toBe(0);
    advance(20_000);
    expect(states.at(-1)).toEqual({ phase: 'countdown', secondsLeft: 0 });
    expect(expired()).toBe(1);
    advance(60 * 60_000);
    expect(expired()).toBe(1);
  });

  it('shows every second of the countdown, none skipped', () => {
    const { advance, states } = idle(1);
    advance(60_000 + 30_000);
    const seconds = states.flatMap((state) => (state.phase === 'countdown' ? [state.secondsLeft] : []));
    expect(seconds).toEqual(Array.from({ length: 31 }, (_, index) => 30 - index));
  });

  it('starts the idle time again with each input in the app', () => {
    const { model, advance, states } = idle(5);
    advance(4 * 60_000);
    model.input();
    advance(4 * 60_000);
    expect(states.at(-1)).toEqual({ phase: 'active' });
    advance(60_000);
    expect(states.at(-1)).toEqual({ phase: 'countdown', secondsLeft: 30 });
  });

  it('ignores input during the countdown: only Continue keeps the session, and the wait starts again', () => {
    const { model, advance, states, expired } = idle(5);
    advance(5 * 60_000 + 5_000);
    model.input();
    expect(states.at(-1)).toEqual({ phase: 'countdown', secondsLeft: 25 });
    model.continue();
    expect(states.at(-1)).toEqual({ phase: 'active' });
    advance(5 * 60_000 - 1);
    expect(states.at(-1)).toEqual({ phase: 'active' });
    expect(expired()).toBe(0);
  });

  it('stops every timer when disposed (signed out another way)', () => {
    const { model, advance, pending, expired } = idle(5);
    model.dispose();
    expect(pending()).toBe(0);
    advance(60 * 60_000);
    expect(expired()).toBe(0);
  });
});
