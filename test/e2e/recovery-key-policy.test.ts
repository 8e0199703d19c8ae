import type { MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { submitLogin } from '../support/login-screen';
import { startCrossSignedPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const required = { 'recoveryKey.required': true };

describe('recoveryKey.required', () => {
  const opened: Harness[] = [];
  const peers: MatrixClient[] = [];
  afterAll(async () => {
    for (const peer of peers) peer.stopClient();
    for (const harness of opened) {
      expect(harness.internalErrors).toEqual([]);
      await harness.close();
    }
  });

  async function appWith(machinePolicy: Record<string, unknown>): Promise<Page> {
    const harness = await startHarness({ secretStorage: 'memory', machinePolicy });
    opened.push(harness);
    await harness.page.goto(harness.url);
    return harness.page;
  }

  /** Signs in as a new device of an account whose first device set up secure backup. */
  async function reachVerification(page: Page): Promise<void> {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    peers.push((await startCrossSignedPeer(synapse.baseUrl, alice)).client);
    await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await page.getByRole('heading', { name: 'Verify this session' }).waitFor({ timeout: 60_000 });
  }

  /** A first sign-in whose upload of the cross-signing keys does not get through. */
  async function firstSignInWithoutBackup(page: Page): Promise<void> {
    await page.route('**/_matrix/client/*/keys/device_signing/upload', (route) => route.abort('connectionfailed'));
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
  }

  it('offers "Verify later" on a new session when policy does not require the backup', async () => {
    const page = await appWith({});
    await reachVerification(page);
    expect(await page.getByRole('button', { name: 'Verify later' }).count()).toBe(1);
  });

  it('takes "Verify later" away and says why when policy requires the backup', async () => {
    const page = await appWith(required);
    await reachVerification(page);
    await page.getByText('Your organisation requires this session to be verified before you use it.').waitFor();
    expect(await page.getByRole('button', { name: 'Verify later' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Verify with another session' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('asks again after a restart: quitting at the verify screen is no way round the policy', async () => {
    const page = await appWith(required);
    await reachVerification(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Verify this session' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Verify later' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Conversations' }).count()).toBe(0);
  });

  it('lets the person in without backup when setting it up fails and policy does not require it', async () => {
    const page = await appWith({});
    await firstSignInWithoutBackup(page);
    // The crypto store keeps the identity it made, so the session asks to be verified against it.
    await page.getByRole('button', { name: 'Verify later' }).click({ timeout: 60_000 });
    await page.getByRole('button', { name: 'New room' }).waitFor({ timeout: 60_000 });
  });

  it('does not sign in when setting up the backup fails and policy requires it, and says why', async () => {
    const page = await appWith(required);
    await firstSignInWithoutBackup(page);
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 60_000 })
      .toContain('Your organisation requires secure backup, and it could not be set up.');
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'New room' }).count()).toBe(0);
  });
});
