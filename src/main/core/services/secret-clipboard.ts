/**
 * Puts a secret (the recovery key) on the clipboard for the person to paste into a
 * safe place, and clears it again after a minute unless something else has been
 * copied since: a key left there would be pasted by accident later, or read by the
 * next person at a shared terminal.
 */

export interface ClipboardPort {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): Promise<void>;
}

/** Runs `task` once after `ms` milliseconds; the function returned cancels it. */
export type Schedule = (task: () => void, ms: number) => () => void;

export const secretClipboardMs = 60_000;

export function createSecretClipboard(clipboard: ClipboardPort, schedule: Schedule, onClearFailed: (error: unknown) => void) {
  let cancelClearing = () => {};
  let pending: string | null = null;
  const clearIfStillThere = async () => {
    const secret = pending;
    pending = null;
    cancelClearing();
    if (secret !== null && (await clipboard.readText()) === secret) await clipboard.clear();
  };
  return {
    async write(secret: string): Promise<void> {
      // The minute counts from the latest copy.
      cancelClearing();
      await clipboard.writeText(secret);
      pending = secret;
      cancelClearing = schedule(() => void clearIfStillThere().catch(onClearFailed), secretClipboardMs);
    },
    /** Clears at once what the timer would have (quitting); nothing if the minute is over or something else was copied. */
    clearNow: () => clearIfStillThere(),
  };
}
