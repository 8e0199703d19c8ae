import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBusWithoutSecretService, type BareBus } from '../support/dbus';
import { startHarness, type Harness } from '../support/harness';
import { submitLogin } from '../support/login-screen';
import { whoamiStatus } from '../support/matrix-api';
import { filesContaining } from '../support/profile-scan';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

// Vitest runs each test file in its own process, so pointing this process at a bus
// without a Secret Service leaves the other files' keychain untouched.
describe('when the Secret Service is unavailable', () => {
  let bus: BareBus;
  let harness: Harness;
  let alice: RegisteredUser;

  beforeAll(async () => {
    bus = await startBusWithoutSecretService();
    process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    harness = await startHarness();
    await harness.page.goto(harness.url);
  });
  afterAll(async () => {
    await harness.close();
    await bus.stop();
  });

  it('refuses to sign in, says which keychain is missing, and keeps the token nowhere', async () => {
    const { page } = harness;
    const loginResponse = page.waitForResponse((response) => response.url().endsWith('/login') && response.request().method() === 'POST');
    await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const { access_token: accessToken } = (await (await loginResponse).json()) as { access_token: string };

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.getAttribute('data-problem')).toBe('keychain-unavailable');
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('could not use the system keychain');
    expect(text).toContain('Secret Service (org.freedesktop.secrets)');
    expect(text).toContain('gnome-keyring');
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);

    // The token the server issued was revoked rather than left valid and unkept.
    await expect.poll(() => whoamiStatus(synapse.baseUrl, accessToken)).toBe(401);

    const storage = await page.evaluate(async () => ({
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      databases: (await indexedDB.databases()).map((db) => db.name),
    }));
    expect(storage).toEqual({ localStorage: 0, sessionStorage: 0, databases: [] });

    // Flush Chromium's profile to disk, then search every file in it for the token.
    await harness.context.close();
    expect(await filesContaining(harness.userDataDir, accessToken)).toEqual([]);
    expect(await filesContaining(harness.userDataDir, alice.password)).toEqual([]);
  });
});
