import { describe, expect, it } from 'vitest';
import { startHarness } from '../support/harness';

describe('language and managed policy on the login screen', () => {
  it('follows the OS, then keeps the language picked across a reload', async () => {
    const harness = await startHarness({ locale: 'en-GB' });
    try {
      const { page } = harness;
      await page.goto(harness.url);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Language').selectOption('de');
      await page.getByRole('button', { name: 'Anmelden' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Anmelden' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      expect(harness.internalErrors).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('uses and locks the language and the homeserver an administrator set', async () => {
    const fixed = 'https://matrix.bund.example';
    const harness = await startHarness({ locale: 'en-GB', machinePolicy: { language: 'de', 'homeserver.url': fixed } });
    try {
      const { page } = harness;
      await page.goto(harness.url);
      await page.getByRole('button', { name: 'Anmelden' }).waitFor();
      const picker = page.getByLabel('Sprache');
      expect(await picker.isDisabled()).toBe(true);
      expect(await picker.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent())).toBe(
        'Von Ihrer Organisation festgelegt',
      );
      const homeserver = page.getByLabel('Homeserver');
      expect(await homeserver.inputValue()).toBe(fixed);
      expect(await homeserver.getAttribute('readonly')).not.toBeNull();
      expect(await page.locator('#login-homeserver-hint').textContent()).toBe('Von Ihrer Organisation festgelegt');
      expect(harness.internalErrors).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
