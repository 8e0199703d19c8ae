/**
 * The policy in force while Depesche runs. It reads every source at start and
 * again whenever one reports a change; live keys follow at once, the others
 * wait for a restart (applyPolicyChange). Services read `current()` each time
 * they decide, so a change reaches them without rewiring.
 */
import { applyPolicyChange, type PolicySnapshot } from '../../../shared/policy';
import { readPolicySnapshot, type PolicySource } from './policy-loader';

export interface PolicyStore {
  current(): PolicySnapshot;
  /** Called after every re-read that changed the snapshot; returns the function that stops listening. */
  onChange(listener: (snapshot: PolicySnapshot) => void): () => void;
  /** Reads the sources again now (what a change report triggers). */
  reload(): Promise<void>;
  stop(): void;
}

export interface PolicyStoreOptions {
  readonly sources: readonly PolicySource[];
  /** Told about each re-read that changed the snapshot (the log); the first read is the caller's to report. */
  readonly reportProblems?: (snapshot: PolicySnapshot) => void;
  /** A source that cannot be watched is still read at start; changes to it count after a restart. */
  readonly reportWatchError?: (source: PolicySource, error: unknown) => void;
}

export async function createPolicyStore({ sources, reportProblems, reportWatchError }: PolicyStoreOptions): Promise<PolicyStore> {
  const started = await readPolicySnapshot(sources);
  let current = started;
  const listeners = new Set<(snapshot: PolicySnapshot) => void>();
  // Re-reads run one after the other, so a slow read never overwrites a newer one.
  let queue = Promise.resolve();
  const reload = () => {
    queue = queue.then(async () => {
      const next = applyPolicyChange(started, await readPolicySnapshot(sources));
      if (JSON.stringify(next) === JSON.stringify(current)) return;
      current = next;
      reportProblems?.(next);
      for (const listener of listeners) listener(next);
    });
    return queue;
  };
  const stops = sources.map((source) => {
    try {
      return source.watch(() => void reload());
    } catch (error) {
      reportWatchError?.(source, error);
      return () => undefined;
    }
  });
  return {
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload,
    stop: () => stops.forEach((stop) => stop()),
  };
}

/** A store that never changes: for tests and tools that resolve policy once. */
export function fixedPolicyStore(snapshot: PolicySnapshot): PolicyStore {
  return { current: () => snapshot, onChange: () => () => undefined, reload: () => Promise.resolve(), stop: () => undefined };
}
