import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { keychainEntries } from '../support/keychain';
import { loginWithExpiringToken, tokenRefused, wakeSyncs, whoamiStatus } from '../support/matrix-api';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';
import { sessionFacts } from '../support/user-menu';

const synapse = inject('synapse');

describe('an expired session (soft logout)', () => {
  let harness: Harness;
  let gwen: RegisteredUser;

  beforeEach(async () => {
    gwen = await registerUser(synapse, uniqueLocalpart('gwen'));
    harness = await startHarness();
  });
  afterEach(async () => {
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  async function keychainSession(): Promise<Record<string, unknown>> {
    const entry = (await keychainEntries(harness.profile)).find(({ account }) => account === `${harness.profile}/session`);
    return JSON.parse(entry!.password) as Record<string, unknown>;
  }

  it('asks for the password of the same account and continues on the same device with the same key', async () => {
    const { page } = harness;
    // Signed in earlier with a token the server lets expire within seconds.
    const expiring = { homeserverUrl: synapse.baseUrl, ...(await loginWithExpiringToken(synapse.baseUrl, gwen)) };
    await harness.keepSession(expiring);
    await page.goto(harness.url);
    const before = await sessionFacts(page);
    expect(before.user).toBe(`Signed in as ${gwen.userId}`);

    await tokenRefused(synapse.baseUrl, expiring.accessToken);
    await wakeSyncs(synapse.baseUrl, gwen);
    await expect.poll(() => page.getByRole('heading', { name: 'Your session has expired' }).count()).toBe(1);

    // The account is given and cannot be changed; the password field has the focus.
    const account = page.getByLabel('Account');
    expect(await account.inputValue()).toBe(gwen.userId);
    expect(await account.isEditable()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('current-password');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The keychain lost the token but kept the device and its storage key.
    const { homeserverUrl, userId, deviceId } = expiring;
    expect(await keychainSession()).toEqual({ homeserverUrl, userId, deviceId, expired: true });
    const storageKeyAccount = `${harness.profile}/${userId}/${deviceId}/storage-key`;
    expect((await keychainEntries(harness.profile)).map(({ account }) => account)).toContain(storageKeyAccount);

    await page.getByLabel('Password').fill(`${gwen.password}-wrong`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(async () => (await page.getByRole('alert').textContent())?.trim()).toBe('The password is wrong.');

    await page.getByLabel('Password').fill(gwen.password);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await sessionFacts(page)).toEqual({ user: `Signed in as ${gwen.userId}`, device: `Session ${deviceId}`, fingerprint: before.fingerprint });
    const renewed = await keychainSession();
    expect(renewed).toMatchObject({ homeserverUrl, userId, deviceId });
    expect(await whoamiStatus(synapse.baseUrl, renewed.accessToken as string)).toBe(200);
  });

  it('signs out instead and leaves a clean login screen', async () => {
    const { page } = harness;
    const expiring = { homeserverUrl: synapse.baseUrl, ...(await loginWithExpiringToken(synapse.baseUrl, gwen)) };
    await harness.keepSession(expiring);
    await tokenRefused(synapse.baseUrl, expiring.accessToken);

    await page.goto(harness.url);
    await page.getByRole('button', { name: 'Sign out instead' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
    expect(await keychainEntries(harness.profile)).toEqual([]);
  });
});
