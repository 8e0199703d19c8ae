/**
 * The last things before the process ends: a copied recovery key whose minute
 * has not run out, and at a kiosk (kiosk.enabled) everything of this session,
 * so the next person finds nothing. The same kiosk steps end a session on a crash
 * the next start finds (kiosk-profile.ts) and on OS log-off and shutdown.
 */
export interface ExitCleanupSteps {
  readonly clearCopiedSecret: () => Promise<void>;
  /** Kiosk only: asks the homeserver to delete this device and its keys; aborted at the deadline. */
  readonly signOutOnServer: (signal: AbortSignal) => Promise<void>;
  /** Kiosk only: the session kept in the (memory) secret store. */
  readonly clearSession: () => Promise<void>;
  /** Kiosk only: Chromium's storage (IndexedDB with the crypto store, local storage). */
  readonly clearStorage: () => Promise<void>;
  readonly clearCache: () => Promise<void>;
  readonly removeLogs: () => Promise<void>;
}

/** What the OS grants at log-off or shutdown is a few seconds; a server that does not answer in time is not waited for. */
export const serverSignOutDeadlineMs = 3000;

export async function cleanUpAtExit(kiosk: boolean, steps: ExitCleanupSteps, deadlineMs = serverSignOutDeadlineMs): Promise<void> {
  // The token is needed to sign out on the server, so that comes before the session is forgotten.
  if (kiosk) await settledWithin(steps.signOutOnServer, deadlineMs);
  const kioskSteps = kiosk ? [steps.clearSession, steps.clearStorage, steps.clearCache, steps.removeLogs] : [];
  // Every step runs even when one fails: a kiosk half wiped is still better than one not wiped.
  await Promise.allSettled([steps.clearCopiedSecret, ...kioskSteps].map(async (step) => step()));
}

async function settledWithin(step: (signal: AbortSignal) => Promise<void>, ms: number): Promise<void> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('deadline'));
      resolve();
    }, ms);
  });
  await Promise.race([Promise.resolve().then(() => step(controller.signal)).catch(() => undefined), deadline]);
  clearTimeout(timer);
}
