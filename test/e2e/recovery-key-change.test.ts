import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { confirmRecoveryKey, submitLogin } from '../support/login-screen';
import { crossSigningMasterKey } from '../support/matrix-api';
import { pagesPerFile } from '../support/page-per-file';
import { registerUser, uniqueLocalpart } from '../support/synapse';
import { chooseFromSecuritySettings } from '../support/user-menu';

const synapse = inject('synapse');

describe('replacing the recovery key, and resetting when it is lost', () => {
  const openApp = pagesPerFile();

  it('replaces the key in the workspace with the current one, and a new session resets with the password', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { page } = await openApp();
    await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const firstKey = (await page.getByTestId('recovery-key').textContent({ timeout: 60_000 }))!;
    await confirmRecoveryKey(page);

    await chooseFromSecuritySettings(page, 'Recovery key…');
    const dialog = page.getByRole('dialog', { name: 'Recovery key' });
    const field = dialog.getByLabel('Current recovery key');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('recovery-change-secret');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await field.fill('EsTj 3yST y93F SLpB jJsz eAXc 2XzA ygD3 w69H fGaN TKBj jXEd');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('This is not your current recovery key.');
    await field.fill(firstKey);
    await page.keyboard.press('Enter');
    const newKey = (await page.getByTestId('recovery-key').textContent({ timeout: 30_000 }))!;
    expect(newKey).not.toBe(firstKey);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await confirmRecoveryKey(page);
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // The dialog's close event clears it a moment after it is hidden.
    await expect.poll(() => page.content()).not.toContain(newKey);
    const identity = await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId);

    // Another machine, with neither key nor a session at hand: a reset with the password.
    const other = await openApp();
    await submitLogin(other.page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await other.page.getByLabel('Recovery key').fill(firstKey);
    await other.page.keyboard.press('Enter');
    await expect.poll(() => other.page.getByRole('alert').textContent(), { timeout: 60_000 }).toContain('does not match your account');
    await other.page.getByRole('button', { name: 'Lost your recovery key and all other sessions?' }).click();
    // The old key's error belongs to the key form, not to the reset.
    expect(await other.page.getByRole('alert').count()).toBe(0);
    expect(await seriousAccessibilityViolations(other.page)).toEqual([]);
    await other.page.getByLabel('Your password').fill('not the password');
    await other.page.keyboard.press('Enter');
    await expect.poll(() => other.page.getByRole('alert').textContent()).toContain('password');
    expect(await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId)).toBe(identity);
    await other.page.getByLabel('Your password').fill(alice.password);
    await other.page.getByRole('button', { name: 'Reset encryption' }).click();
    const resetKey = (await other.page.getByTestId('recovery-key').textContent({ timeout: 60_000 }))!;
    expect([firstKey, newKey]).not.toContain(resetKey);
    await confirmRecoveryKey(other.page);
    await other.page.getByRole('button', { name: 'New room' }).waitFor({ timeout: 60_000 });
    expect(await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId)).not.toBe(identity);
  });
});
