/**
 * Runs a task once for a burst of calls: events that come in bunches (a sync, a page of
 * history, a large room's members loading) then cause one run, not one each.
 */
export function coalesce(task: () => void, delayMs: number): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule() {
      timer ??= setTimeout(() => {
        timer = undefined;
        task();
      }, delayMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
