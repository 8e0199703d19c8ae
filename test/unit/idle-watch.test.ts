import { describe, expect, it } from 'vitest';
import { createIdleWatch } from '../../src/main/core/idle-watch';

describe('idle watch', () => {
  it('asks for the lock once per idle period, after the policy minutes', () => {
    let idle = 0;
    let locks = 0;
    const watch = createIdleWatch({ thresholdMinutes: 5, idleSeconds: () => idle, onIdle: () => (locks += 1) });
    idle = 299;
    watch.check();
    expect(locks).toBe(0);
    idle = 300;
    watch.check();
    idle = 400;
    watch.check();
    expect(locks).toBe(1);
    idle = 2; // activity
    watch.check();
    idle = 301;
    watch.check();
    expect(locks).toBe(2);
  });

  it('never fires when the idle lock is off', () => {
    let locks = 0;
    const watch = createIdleWatch({ thresholdMinutes: 0, idleSeconds: () => 1e9, onIdle: () => (locks += 1) });
    watch.check();
    expect(locks).toBe(0);
  });
});

describe('idle watch under a changing policy', () => {
  it('follows a threshold that changes while running', () => {
    let minutes = 0;
    let locks = 0;
    const watch = createIdleWatch({ thresholdMinutes: () => minutes, idleSeconds: () => 600, onIdle: () => (locks += 1) });
    watch.check();
    expect(locks).toBe(0);
    minutes = 5;
    watch.check();
    expect(locks).toBe(1);
  });
});
