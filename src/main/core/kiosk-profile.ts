/**
 * A kiosk starts clean: whatever a session that never reached its exit (a crash, a power
 * cut) left in the profile folder is removed before the login screen shows. In kiosk mode
 * the window's storage lives in memory, so normally there is little here; what is found
 * (an earlier non-kiosk profile, logs, crash dumps, the default session's network cache) goes.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Chromium's single-instance lock of the running process: removing it would let a second instance start. */
const runningInstanceLocks = new Set(['SingletonLock', 'SingletonCookie', 'SingletonSocket', 'lockfile']);

/** The entries of the profile folder a kiosk removes at start: all but the running instance's locks. */
export function kioskLeftovers(entries: readonly string[]): string[] {
  return entries.filter((entry) => !runningInstanceLocks.has(entry));
}

export interface ProfileCleanup {
  readonly removed: string[];
  /** Entries the OS would not let go (Windows keeps files Chromium holds open). */
  readonly failed: string[];
}

export async function cleanKioskProfile(directory: string): Promise<ProfileCleanup> {
  const entries = await readdir(directory).catch(() => [] as string[]);
  const removed: string[] = [];
  const failed: string[] = [];
  await Promise.all(
    kioskLeftovers(entries).map(async (entry) => {
      const ok = await rm(join(directory, entry), { recursive: true, force: true, maxRetries: 2 }).then(
        () => true,
        () => false,
      );
      (ok ? removed : failed).push(entry);
    }),
  );
  return { removed: removed.sort(), failed: failed.sort() };
}

/** The kiosk window's session: a partition name without `persist:`, so Chromium keeps its storage in memory only. */
export const kioskPartition = 'depesche-kiosk';
