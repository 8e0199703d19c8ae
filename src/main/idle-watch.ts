/**
 * Asks for the idle lock once the system has been idle for the policy's minutes,
 * then waits for activity before it can fire again.
 */
export interface IdleWatchOptions {
  readonly thresholdMinutes: number;
  /** Seconds since the last keyboard or mouse input (Electron: powerMonitor.getSystemIdleTime). */
  readonly idleSeconds: () => number;
  readonly onIdle: () => void;
}

export function createIdleWatch({ thresholdMinutes, idleSeconds, onIdle }: IdleWatchOptions): { check(): void } {
  let fired = false;
  return {
    check() {
      if (thresholdMinutes <= 0) return;
      const idle = idleSeconds() >= thresholdMinutes * 60;
      if (idle && !fired) onIdle();
      fired = idle;
    },
  };
}
