import { createClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { whoamiStatus } from '../support/matrix-api';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

describe('the sessions dialog', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ secretStorage: 'memory' });
    await harness.page.goto(harness.url);
  });
  afterAll(async () => {
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  it('shows which sessions are verified, renames one and signs another out with the password', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { page } = harness;
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const other = await createClient({ baseUrl: synapse.baseUrl }).loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: alice.localpart },
      password: alice.password,
      initial_device_display_name: 'Altgerät',
    });

    await page.getByText('Session details').click();
    await page.getByRole('button', { name: 'Sessions…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your sessions' });
    const current = dialog.getByRole('listitem', { name: /\(this session\)/ });
    const old = dialog.getByRole('listitem', { name: 'Altgerät' });
    await expect.poll(() => old.count()).toBe(1);
    // The state is said in words (and a symbol), not by colour alone.
    await expect.poll(() => current.textContent()).toContain('Verified');
    expect(await old.textContent()).toContain('Not verified');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await old.getByRole('button', { name: 'Rename' }).click();
    await dialog.getByLabel('New name').fill('Dienstlaptop');
    await page.keyboard.press('Enter');
    const renamed = dialog.getByRole('listitem', { name: 'Dienstlaptop' });
    await expect.poll(() => renamed.count()).toBe(1);

    await renamed.getByRole('button', { name: 'Sign out' }).click();
    await dialog.getByLabel('Your password, to confirm').fill('falsch');
    await renamed.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('The password is wrong.');
    await dialog.getByLabel('Your password, to confirm').fill(alice.password);
    await renamed.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => renamed.count()).toBe(0);
    expect(await whoamiStatus(synapse.baseUrl, other.access_token)).toBe(401);
  });
});
