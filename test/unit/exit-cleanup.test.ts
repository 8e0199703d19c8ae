import { describe, expect, it } from 'vitest';
import { cleanUpAtExit, type ExitCleanupSteps } from '../../src/main/core/exit-cleanup';

type StepName = keyof ExitCleanupSteps;

/** Steps that record their names; a name in `failing` rejects, or throws before returning a promise. */
function recordingSteps(failing: Partial<Record<StepName, 'rejects' | 'throws'>> = {}) {
  const ran: string[] = [];
  const step = (name: StepName) => () => {
    ran.push(name);
    if (failing[name] === 'throws') throw new Error(`${name} failed`);
    return failing[name] === 'rejects' ? Promise.reject(new Error(`${name} failed`)) : Promise.resolve();
  };
  const steps: ExitCleanupSteps = {
    clearCopiedSecret: step('clearCopiedSecret'),
    signOutOnServer: step('signOutOnServer'),
    clearSession: step('clearSession'),
    clearStorage: step('clearStorage'),
    clearCache: step('clearCache'),
    removeLogs: step('removeLogs'),
  };
  return { steps, ran };
}

describe('kiosk.enabled at exit', () => {
  it('signs out on the server first, then wipes the session, storage, caches and logs, and the copied secret', async () => {
    const { steps, ran } = recordingSteps();
    await cleanUpAtExit(true, steps);
    expect(ran[0]).toBe('signOutOnServer');
    expect(ran.slice(1).sort()).toEqual(['clearCache', 'clearCopiedSecret', 'clearSession', 'clearStorage', 'removeLogs']);
  });

  it('keeps the session and logs on a personal desktop, clearing only the copied secret', async () => {
    const { steps, ran } = recordingSteps();
    await cleanUpAtExit(false, steps);
    expect(ran).toEqual(['clearCopiedSecret']);
  });

  it('runs every step when others fail, and still lets the app exit', async () => {
    const { steps, ran } = recordingSteps({ signOutOnServer: 'throws', clearSession: 'throws', clearStorage: 'rejects' });
    await expect(cleanUpAtExit(true, steps)).resolves.toBeUndefined();
    expect(ran).toHaveLength(6);
  });

  it('waits for the server no longer than the deadline, aborts the request and still wipes', async () => {
    const { steps, ran } = recordingSteps();
    let aborted = false;
    const hanging: ExitCleanupSteps = {
      ...steps,
      signOutOnServer: (signal) =>
        new Promise(() => {
          signal.addEventListener('abort', () => (aborted = true));
        }),
    };
    await cleanUpAtExit(true, hanging, 20);
    expect(aborted).toBe(true);
    expect(ran.sort()).toEqual(['clearCache', 'clearCopiedSecret', 'clearSession', 'clearStorage', 'removeLogs']);
  });
});
