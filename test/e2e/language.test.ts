import { describe, expect, it } from 'vitest';
import { startHarness } from '../support/harness';

describe('the interface language', () => {
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

  it('is the policy language, locked, when the administrator sets one', async () => {
    const harness = await startHarness({ locale: 'en-GB', machinePolicy: { language: 'de' } });
    try {
      const { page } = harness;
      await page.goto(harness.url);
      await page.getByRole('button', { name: 'Anmelden' }).waitFor();
      const picker = page.getByLabel('Sprache');
      expect(await picker.isDisabled()).toBe(true);
      expect(await picker.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent())).toBe(
        'Von Ihrer Organisation festgelegt',
      );
      expect(harness.internalErrors).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
