import { describe, expect, it } from 'vitest';
import { createRendererLogBudget } from '../../src/main/core/renderer-log-budget';

function budget(limits = { linesPerMinute: 3, bytesPerMinute: 100 }) {
  const clock = { now: 1_000_000 };
  return { take: createRendererLogBudget(limits, () => clock.now), clock };
}

describe('the renderer log budget', () => {
  it('lets a window write its lines per minute and drops the rest', () => {
    const { take } = budget();
    expect([1, 2, 3, 4, 5].map(() => take(1, 10).write)).toEqual([true, true, true, false, false]);
  });

  it('drops a line that would exceed the bytes per minute, but not a smaller one after it', () => {
    const { take } = budget({ linesPerMinute: 10, bytesPerMinute: 100 });
    expect(take(1, 90).write).toBe(true);
    expect(take(1, 20).write).toBe(false);
    expect(take(1, 10).write).toBe(true);
  });

  it('keeps a separate budget for each window', () => {
    const { take } = budget();
    for (let i = 0; i < 5; i++) take(1, 10);
    expect(take(2, 10)).toEqual({ write: true, droppedBefore: 0 });
  });

  it("reports a window's dropped lines once, with its first line of a later minute", () => {
    const { take, clock } = budget();
    for (let i = 0; i < 5; i++) take(1, 10);
    clock.now += 59_999;
    expect(take(1, 10)).toEqual({ write: false, droppedBefore: 0 });
    clock.now += 1;
    expect(take(1, 10)).toEqual({ write: true, droppedBefore: 3 });
    expect(take(1, 10)).toEqual({ write: true, droppedBefore: 0 });
    clock.now += 60_000;
    expect(take(1, 10)).toEqual({ write: true, droppedBefore: 0 });
  });

  it('starts a fresh budget after a quiet minute', () => {
    const { take, clock } = budget();
    for (let i = 0; i < 3; i++) take(1, 10);
    clock.now += 5 * 60_000;
    expect([1, 2, 3, 4].map(() => take(1, 10).write)).toEqual([true, true, true, false]);
  });
});
