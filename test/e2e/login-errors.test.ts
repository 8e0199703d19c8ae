import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { submitLogin } from '../support/login-screen';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

// Privileged, so no test server can take it, and not on fetch's blocked-port list
// (port 9 would fail without ever connecting).
const closedPort = 2;

describe('the login screen explains what went wrong', () => {
  let harness: Harness;
  let alice: RegisteredUser;
  // A server that sends whoever asks into an internal network.
  let redirector: Server;
  let redirectorUrl: string;

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    redirector = createServer((_request, response) => void response.writeHead(302, { location: 'https://192.168.0.1/' }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    harness = await startHarness();
    await harness.page.goto(harness.url);
  });
  afterAll(async () => {
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
    await new Promise((resolve) => redirector.close(resolve));
  });

  async function attempt(homeserver: string, password: string): Promise<{ code: string | null; text: string }> {
    const { page } = harness;
    await submitLogin(page, { homeserver, username: alice.localpart, password });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    return { code: await alert.getAttribute('data-problem'), text: ((await alert.textContent()) ?? '').trim() };
  }

  it('tells a wrong password, an unreachable homeserver, a non-Matrix server and a refused address apart', async () => {
    const wrongPassword = await attempt(synapse.baseUrl, `${alice.password}-wrong`);
    expect(wrongPassword).toEqual({ code: 'wrong-credentials', text: 'The user name or password is wrong.' });

    const unreachable = await attempt(`http://127.0.0.1:${closedPort}`, alice.password);
    expect(unreachable.code).toBe('homeserver-unreachable');
    expect(unreachable.text).toContain('could not be reached');

    // The harness's own web server answers HTTP but is no homeserver.
    const notMatrix = await attempt(new URL(harness.url).origin, alice.password);
    expect(notMatrix.code).toBe('not-a-matrix-server');
    expect(notMatrix.text).toContain('not a Matrix homeserver');

    const invalid = await attempt('javascript:alert(1)', alice.password);
    expect(invalid.code).toBe('invalid-url');

    const refused = await attempt(redirectorUrl, alice.password);
    expect(refused.code).toBe('homeserver-refused');
    expect(refused.text).toContain('internal network');

    expect(new Set([wrongPassword.text, unreachable.text, notMatrix.text, invalid.text, refused.text]).size).toBe(5);
    // The login screen with an error on it meets WCAG 2.1 AA as far as axe can tell.
    expect(await seriousAccessibilityViolations(harness.page)).toEqual([]);
    // None of these attempts left anything in the keychain.
    expect(await harness.sessionVault.load()).toBeNull();
  });

  it('shows the errors in German when German is chosen', async () => {
    await harness.page.getByLabel('Language').selectOption('de');
    const { page } = harness;
    await page.getByLabel('Homeserver').fill(synapse.baseUrl);
    await page.getByLabel('Benutzername').fill(alice.localpart);
    await page.getByLabel('Passwort').fill('falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(async () => (await page.getByRole('alert').textContent())?.trim()).toBe('Benutzername oder Passwort ist falsch.');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  });
});
