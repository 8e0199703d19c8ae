/**
 * The last things before the process ends: a copied recovery key whose minute
 * has not run out, and at a kiosk (kiosk.enabled) everything of this session,
 * so the next person finds nothing.
 */
export interface ExitCleanupSteps {
  readonly clearCopiedSecret: () => Promise<void>;
  /** Kiosk only: the session kept in the (memory) secret store. */
  readonly clearSession: () => Promise<void>;
  /** Kiosk only: Chromium's storage (IndexedDB with the crypto store, local storage). */
  readonly clearStorage: () => Promise<void>;
  readonly clearCache: () => Promise<void>;
  readonly removeLogs: () => Promise<void>;
}

export async function cleanUpAtExit(kiosk: boolean, steps: ExitCleanupSteps): Promise<void> {
  const kioskSteps = kiosk ? [steps.clearSession, steps.clearStorage, steps.clearCache, steps.removeLogs] : [];
  // Every step runs even when one fails: a kiosk half wiped is still better than one not wiped.
  await Promise.allSettled([steps.clearCopiedSecret, ...kioskSteps].map(async (step) => step()));
}
