/**
 * The idleLock.minutes policy through main's real services: the timer's check (here
 * called by hand, with the system's idle time scripted) asks the page to lock, and
 * notifications lose their content until the page reports the unlock.
 */
import { describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../src/main/core/services/secret-store';
import { createMainForTests } from '../support/main-for-tests';

const notice = { roomId: '!lage:bund.de', roomName: 'Lagezentrum', sender: 'Erika Muster', body: 'Die Sitzung beginnt um 10 Uhr.' };

async function mainWithPolicy(machinePolicy: unknown) {
  return createMainForTests({ secretStore: createMemorySecretStore(), profile: 'idle-lock', machinePolicy });
}

describe('idle lock policy', () => {
  it('asks the page to lock after the policy minutes idle and hides notification content until unlocked', async () => {
    const main = await mainWithPolicy({ 'idleLock.minutes': 5 });
    const caller = { windowId: 1 };
    main.adapters.idleTime = 299;
    main.screenLock.checkIdle();
    expect(main.adapters.emitted).toEqual([]);

    main.adapters.idleTime = 300;
    main.screenLock.checkIdle();
    expect(main.adapters.emitted).toEqual([{ event: 'lockRequested', payload: { reason: 'idle' } }]);
    await main.dispatch('depesche:notifications.show', notice, caller);
    expect(main.adapters.notifications.at(-1)).toMatchObject({ title: 'Depesche', body: 'New message' });

    expect(await main.dispatch('depesche:app.setLocked', false, caller)).toEqual({ ok: true, value: undefined });
    await main.dispatch('depesche:notifications.show', notice, caller);
    expect(main.adapters.notifications.at(-1)).toMatchObject({ title: 'Lagezentrum', body: 'Erika Muster: Die Sitzung beginnt um 10 Uhr.' });
  });

  it('never asks for a lock without the policy', async () => {
    const main = await mainWithPolicy({});
    main.adapters.idleTime = 1e6;
    main.screenLock.checkIdle();
    expect(main.adapters.emitted).toEqual([]);
  });

  it('hides notification content while the page says it is locked and refuses a lock state that is not a boolean', async () => {
    const main = await mainWithPolicy({});
    const caller = { windowId: 1 };
    await main.dispatch('depesche:app.setLocked', true, caller);
    await main.dispatch('depesche:notifications.show', notice, caller);
    expect(main.adapters.notifications.at(-1)).toMatchObject({ title: 'Depesche', body: 'New message' });
    expect(await main.dispatch('depesche:app.setLocked', 'no', caller)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
