import { describe, expect, it } from 'vitest';
import { cleanUpAtExit, type ExitCleanupSteps } from '../../src/main/core/exit-cleanup';

/** Steps that record their names; a name in `failing` rejects, or throws before returning a promise. */
function recordingSteps(failing: Partial<Record<keyof ExitCleanupSteps, 'rejects' | 'throws'>> = {}) {
  const ran: string[] = [];
  const step = (name: keyof ExitCleanupSteps) => () => {
    ran.push(name);
    if (failing[name] === 'throws') throw new Error(`${name} failed`);
    return failing[name] === 'rejects' ? Promise.reject(new Error(`${name} failed`)) : Promise.resolve();
  };
  const steps: ExitCleanupSteps = {
    clearCopiedSecret: step('clearCopiedSecret'),
    clearSession: step('clearSession'),
    clearStorage: step('clearStorage'),
    clearCache: step('clearCache'),
    removeLogs: step('removeLogs'),
  };
  return { steps, ran };
}

describe('kiosk.enabled at exit', () => {
  it('wipes the session, storage, caches and logs at a kiosk, and the copied secret', async () => {
    const { steps, ran } = recordingSteps();
    await cleanUpAtExit(true, steps);
    expect(ran.sort()).toEqual(['clearCache', 'clearCopiedSecret', 'clearSession', 'clearStorage', 'removeLogs']);
  });

  it('keeps the session and logs on a personal desktop, clearing only the copied secret', async () => {
    const { steps, ran } = recordingSteps();
    await cleanUpAtExit(false, steps);
    expect(ran).toEqual(['clearCopiedSecret']);
  });

  it('runs every step when others fail, and still lets the app exit', async () => {
    const { steps, ran } = recordingSteps({ clearSession: 'throws', clearStorage: 'rejects' });
    await expect(cleanUpAtExit(true, steps)).resolves.toBeUndefined();
    expect(ran).toHaveLength(5);
  });
});
