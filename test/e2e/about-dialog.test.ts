import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { linuxPolicyPaths, policyFileSources } from '../../src/main/core/services/policy-files';
import { createPolicyStore } from '../../src/main/core/services/policy-store';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness, type HarnessOptions } from '../support/harness';
import { signIn } from '../support/login-screen';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

/** Signs a new account in, opens the About dialog with the keyboard, runs the checks and closes everything. */
async function withAboutDialog(options: HarnessOptions, check: (page: Page, harness: Harness) => Promise<void>): Promise<void> {
  const alice = await registerUser(synapse, uniqueLocalpart('alice'));
  const harness = await startHarness({ secretStorage: 'memory', ...options });
  try {
    const { page } = harness;
    await page.goto(harness.url);
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    // The user menu by keyboard: Enter opens it, a letter jumps to the item, Enter picks it.
    await page.getByTestId('user-menu').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Settings…' }).waitFor();
    await page.keyboard.press('a');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'About Depesche' }).waitFor();
    await check(page, harness);
    expect(harness.internalErrors).toEqual([]);
  } finally {
    await harness.close();
  }
}

const listed = (page: Page, testId: string) =>
  page.getByRole('dialog', { name: 'About Depesche' }).getByTestId(testId).getByRole('listitem').allTextContents();

describe('the About dialog: how an administrator checks that policy took effect', () => {
  it('lists the machine source as read, the keys it set with their values, and closes with Escape', async () => {
    const machinePolicy = {
      mandatory: { 'links.enabled': false, 'notifications.content': 'sender', 'federation.allowedServers': ['bund.example', 'land.example'] },
      recommended: { 'tray.closeToTray': false },
    };
    await withAboutDialog({ machinePolicy }, async (page) => {
      const dialog = page.getByRole('dialog', { name: 'About Depesche' });
      await dialog.getByText('Depesche, version test').waitFor();
      expect(await dialog.getByText('Secrets are kept in memory only and are gone when Depesche closes.').count()).toBe(1);

      const sources = await listed(page, 'policy-sources');
      expect(sources).toHaveLength(2);
      expect(sources[0]).toMatch(/^For this computer: .*\/etc\/depesche\/policy\.json and the files in .*\/etc\/depesche\/policy\.d – read, sets 4 keys$/);
      expect(sources[1]).toMatch(/^For your user account: .*\/depesche\/policy\.json – not present$/);
      expect(await listed(page, 'policy-settings')).toEqual([
        'federation.allowedServers: bund.example, land.example – Set by your organisation',
        'links.enabled: off – Set by your organisation',
        'notifications.content: sender – Set by your organisation',
        'tray.closeToTray: off – recommended by your organisation, you may change it',
      ]);
      expect(await dialog.getByText('None.').count()).toBe(1);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.setViewportSize({ width: 320, height: 640 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);

      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('user-menu');
    });
  });

  it('shows a broken machine policy as unreadable, with its problem as main wrote it', async () => {
    await withAboutDialog({ machinePolicy: '{ "links.enabled": true, ' }, async (page) => {
      const dialog = page.getByRole('dialog', { name: 'About Depesche' });
      const sources = await listed(page, 'policy-sources');
      expect(sources[0]).toMatch(/^For this computer: .*policy\.json .* – could not be read$/);
      expect(await dialog.getByText('The settings of your organisation could not be read; ask your IT department.').count()).toBe(1);
      const problems = await listed(page, 'policy-problems');
      expect(problems).toContainEqual(expect.stringMatching(/^The policy file .*policy\.json is not valid JSON \(.+\); ignored\.$/));
      // What fail-closed put in force is listed too: the restrictive values of the security keys.
      expect(await listed(page, 'policy-settings')).toContain('links.enabled: off – Set by your organisation');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Close' }).press('Enter');
      await expect.poll(() => dialog.isVisible()).toBe(false);
    });
  });

  it('follows a policy edit while open: new values, and the keys waiting for a restart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'depesche-e2e-about-'));
    const paths = linuxPolicyPaths(root, join(root, 'home', '.config'));
    await mkdir(paths.dropInDirectory, { recursive: true });
    await writeFile(paths.machineFile, JSON.stringify({ 'downloads.enabled': true }));
    const store = await createPolicyStore({ sources: policyFileSources(paths, { debounceMs: 50 }) });
    try {
      await withAboutDialog({ policy: store }, async (page) => {
        expect(await listed(page, 'policy-settings')).toEqual(['downloads.enabled: on – Set by your organisation']);
        await writeFile(join(paths.dropInDirectory, '50-tighter.json'), JSON.stringify({ 'downloads.enabled': false, 'devTools.enabled': true }));
        await expect.poll(() => listed(page, 'policy-settings')).toEqual(['downloads.enabled: off – Set by your organisation']);
        expect(await listed(page, 'policy-pending-restart')).toEqual(['devTools.enabled']);
        expect((await listed(page, 'policy-sources'))[0]).toMatch(/read, sets 2 keys$/);
      });
    } finally {
      store.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
