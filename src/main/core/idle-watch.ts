/**
 * Asks for the idle lock once the system has been idle for the policy's minutes,
 * then waits for activity before it can fire again.
 */
export interface IdleWatchOptions {
  /** A function when policy may change while running (idleLock.minutes applies live). */
  readonly thresholdMinutes: number | (() => number);
  /** Seconds since the last keyboard or mouse input (Electron: powerMonitor.getSystemIdleTime). */
  readonly idleSeconds: () => number;
  readonly onIdle: () => void;
}

export function createIdleWatch({ thresholdMinutes, idleSeconds, onIdle }: IdleWatchOptions): { check(): void } {
  let fired = false;
  return {
    check() {
      const minutes = typeof thresholdMinutes === 'function' ? thresholdMinutes() : thresholdMinutes;
      if (minutes <= 0) return;
      const idle = idleSeconds() >= minutes * 60;
      if (idle && !fired) onIdle();
      fired = idle;
    },
  };
}
