import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { pagePerFile } from '../support/page-per-file';
import { signIn } from '../support/login-screen';
import { loginNewDevice, whoamiStatus } from '../support/matrix-api';
import { registerUser, uniqueLocalpart } from '../support/synapse';
import { chooseFromSecuritySettings } from '../support/user-menu';

const synapse = inject('synapse');

describe('the sessions dialog', () => {
  const harness = pagePerFile();

  it('shows which sessions are verified, renames one and signs another out with the password', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const other = await loginNewDevice(synapse.baseUrl, alice, 'Altgerät');

    await chooseFromSecuritySettings(page, 'Sessions…');
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
    expect(await whoamiStatus(synapse.baseUrl, other.accessToken)).toBe(401);
  });
});
