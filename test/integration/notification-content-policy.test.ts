/**
 * The person's choice of notification content through main's real services: it counts
 * where notifications.content is a default or only recommended, never against a mandatory
 * value or a locked screen; the push rule's sound decides whether the notification is silent.
 */
import { describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../src/main/core/services/secret-store';
import { createMainForTests } from '../support/main-for-tests';

const notice = { roomId: '!lage:bund.de', roomName: 'Lagezentrum', sender: 'Erika Muster', body: 'Die Sitzung beginnt um 10 Uhr.' };
const caller = { windowId: 1 };
const full = { title: 'Lagezentrum', body: 'Erika Muster: Die Sitzung beginnt um 10 Uhr.' };
const senderOnly = { title: 'Erika Muster', body: 'New message' };

async function mainWithPolicy(machinePolicy: unknown) {
  return createMainForTests({ secretStore: createMemorySecretStore(), profile: 'notification-content', machinePolicy });
}

describe('notification content chosen by the person', () => {
  it('follows the choice where policy leaves it, and the sound the rule asked for', async () => {
    const main = await mainWithPolicy({});
    await main.dispatch('depesche:notifications.show', { ...notice, content: 'sender', sound: true }, caller);
    expect(main.adapters.notifications.at(-1)).toMatchObject({ ...senderOnly, silent: false });
    await main.dispatch('depesche:notifications.show', notice, caller);
    expect(main.adapters.notifications.at(-1)).toMatchObject({ ...full, silent: true });
  });

  it('lets the choice widen a recommended value, but not a mandatory one or a locked screen', async () => {
    const recommended = await mainWithPolicy({ recommended: { 'notifications.content': 'none' } });
    await recommended.dispatch('depesche:notifications.show', { ...notice, content: 'full' }, caller);
    expect(recommended.adapters.notifications.at(-1)).toMatchObject(full);

    const mandatory = await mainWithPolicy({ mandatory: { 'notifications.content': 'sender' } });
    await mandatory.dispatch('depesche:notifications.show', { ...notice, content: 'full' }, caller);
    expect(mandatory.adapters.notifications.at(-1)).toMatchObject(senderOnly);

    await recommended.dispatch('depesche:app.setLocked', true, caller);
    await recommended.dispatch('depesche:notifications.show', { ...notice, content: 'full' }, caller);
    expect(recommended.adapters.notifications.at(-1)).toMatchObject({ title: 'Depesche', body: 'New message' });
  });

  it('refuses a content or sound that is not one of the known values', async () => {
    const main = await mainWithPolicy({});
    expect(await main.dispatch('depesche:notifications.show', { ...notice, content: 'everything' }, caller)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await main.dispatch('depesche:notifications.show', { ...notice, sound: 'loud' }, caller)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(main.adapters.notifications).toEqual([]);
  });
});
