/**
 * How much each window may write to main's log: a number of lines and of bytes
 * per minute. The renderer limits itself too, but a compromised page would not,
 * and must not be able to fill the disk or push older lines out of the rotation.
 * Lines over budget are dropped and counted; the count is handed back once, with
 * the window's first line of a later minute.
 */
export interface LogBudgetLimits {
  readonly linesPerMinute: number;
  readonly bytesPerMinute: number;
}

export interface LogBudgetDecision {
  /** Whether this line may be written. */
  readonly write: boolean;
  /** Lines this window had dropped in its last minute, to report before this line (0: nothing to report). */
  readonly droppedBefore: number;
}

export type RendererLogBudget = (windowId: number, bytes: number) => LogBudgetDecision;

export const rendererLogLimits: LogBudgetLimits = { linesPerMinute: 60, bytesPerMinute: 64 * 1024 };

const minuteMs = 60_000;

export function createRendererLogBudget(limits: LogBudgetLimits, now: () => number): RendererLogBudget {
  const windows = new Map<number, { start: number; lines: number; bytes: number; dropped: number }>();
  return (windowId, bytes) => {
    const time = now();
    let spent = windows.get(windowId);
    let droppedBefore = 0;
    if (!spent || time - spent.start >= minuteMs) {
      droppedBefore = spent?.dropped ?? 0;
      spent = { start: time, lines: 0, bytes: 0, dropped: 0 };
      windows.set(windowId, spent);
    }
    if (spent.lines + 1 > limits.linesPerMinute || spent.bytes + bytes > limits.bytesPerMinute) {
      spent.dropped += 1;
      return { write: false, droppedBefore };
    }
    spent.lines += 1;
    spent.bytes += bytes;
    return { write: true, droppedBefore };
  };
}
