import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { linuxPolicyPaths, policyFileSources, type PolicyFilePaths } from '../../src/main/core/services/policy-files';
import { createPolicyStore, type PolicyStore } from '../../src/main/core/services/policy-store';
import type { PolicyReport } from '../../src/shared/policy';
import { startHarness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const unreadable = 'The settings of your organisation could not be read; ask your IT department.';

describe('policy from the Linux files, as main reads them', () => {
  let root: string;
  let paths: PolicyFilePaths;
  let store: PolicyStore | undefined;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'depesche-e2e-policy-'));
    paths = linuxPolicyPaths(root, join(root, 'home', '.config'));
    await mkdir(paths.dropInDirectory, { recursive: true });
    await mkdir(join(root, 'home', '.config', 'depesche'), { recursive: true });
  });

  afterEach(async () => {
    store?.stop();
    await rm(root, { recursive: true, force: true });
  });

  const policyInPage = (page: Page) =>
    page.evaluate(async () => {
      const report = await window.depesche.policy.get();
      return report.ok ? report.value : null;
    }) as Promise<PolicyReport | null>;

  it('fails closed on a broken machine file: says so, and the user file cannot open DevTools or links', async () => {
    await writeFile(paths.machineFile, '{ "links.enabled": true, ');
    await writeFile(paths.userFile, JSON.stringify({ 'devTools.enabled': true, 'links.enabled': true, 'downloads.enabled': true }));
    store = await createPolicyStore({ sources: policyFileSources(paths) });
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const harness = await startHarness({ secretStorage: 'memory', policy: store });
    try {
      const { page } = harness;
      await page.goto(harness.url);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.getByRole('alert').filter({ hasText: unreadable }).isVisible()).toBe(true);

      const policy = await policyInPage(page);
      expect(policy?.machineUnreadable).toBe(true);
      expect(policy?.values['devTools.enabled']).toBe(false);
      expect(policy?.values['links.enabled']).toBe(false);
      const opened = await page.evaluate(() => window.depesche.links.openExternal({ url: 'https://bund.example/', text: 'https://bund.example/' }));
      expect(opened.ok).toBe(false);
      expect(harness.adapters.openedLinks).toEqual([]);

      await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
      await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
      expect(await page.getByRole('alert').filter({ hasText: unreadable }).isVisible()).toBe(true);
      expect(harness.internalErrors).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('follows an edit while running: live keys at once, a restart note for the others', async () => {
    await writeFile(paths.machineFile, JSON.stringify({ 'links.enabled': true }));
    store = await createPolicyStore({ sources: policyFileSources(paths, { debounceMs: 50 }) });
    const harness = await startHarness({ policy: store });
    try {
      const { page } = harness;
      await page.goto(harness.url);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.locator('#policy-pending-restart').count()).toBe(0);

      await writeFile(paths.machineFile, JSON.stringify({ 'links.enabled': false, 'devTools.enabled': true }));
      await page.getByText('Your organisation changed settings that take effect after a restart of Depesche.').waitFor();
      const policy = await policyInPage(page);
      expect(policy?.values['links.enabled']).toBe(false);
      expect(policy?.values['devTools.enabled']).toBe(false);
      expect(policy?.pendingRestart).toEqual(['devTools.enabled']);
      const opened = await page.evaluate(() => window.depesche.links.openExternal({ url: 'https://bund.example/', text: 'https://bund.example/' }));
      expect(opened.ok).toBe(false);
      expect(harness.adapters.openedLinks).toEqual([]);
      expect(harness.internalErrors).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
