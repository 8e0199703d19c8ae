import { readFile } from 'node:fs/promises';
import type { MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { submitLogin } from '../support/login-screen';
import { startCrossSignedPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

describe('signing in on a further device of an account with secure backup', () => {
  let harness: Harness;
  let alice: RegisteredUser;
  let firstDevice: MatrixClient;
  let recoveryKey: string;

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    ({ client: firstDevice, recoveryKey } = await startCrossSignedPeer(synapse.baseUrl, alice));
    harness = await startHarness({ secretStorage: 'memory' });
    await harness.page.goto(harness.url);
  });
  afterAll(async () => {
    firstDevice?.stopClient();
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  it('asks for the recovery key, refuses a wrong one, and lets the right one in', async () => {
    const { page } = harness;
    await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await page.getByRole('heading', { name: 'Verify this session' }).waitFor({ timeout: 60_000 });
    const field = page.getByLabel('Recovery key');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verify-recovery-key');
    expect(await field.getAttribute('type')).toBe('password');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await field.fill('EsTj 3yST y93F SLpB jJsz eAXc 2XzA ygD3 w69H fGaN TKBj jXEd');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not match your account');

    await field.fill(recoveryKey);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByRole('button', { name: 'New room' }).waitFor({ timeout: 60_000 });
    expect(await page.content()).not.toContain(recoveryKey);

    const logs = (await Promise.all((await harness.logFiles()).map((file) => readFile(file, 'utf8')))).join('\n');
    expect(logs).toContain('This session was verified with the recovery key.');
    expect(logs).not.toContain(recoveryKey);
    expect(logs).not.toContain(recoveryKey.replaceAll(' ', ''));
  });
});
