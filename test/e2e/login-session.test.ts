import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { keychainEntries } from '../support/keychain';
import { submitLogin } from '../support/login-screen';
import { crossSigningMasterKey, keyBackupVersion, publishedDeviceKey, waitFor, whoamiStatus } from '../support/matrix-api';
import { filesContaining } from '../support/profile-scan';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';
import { chooseFromUserMenu, sessionFacts } from '../support/user-menu';

const synapse = inject('synapse');

describe('signing in, restoring and signing out', () => {
  let harness: Harness;
  let alice: RegisteredUser;

  beforeEach(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    harness = await startHarness();
    await harness.page.goto(harness.url);
  });
  afterEach(async () => {
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  it('signs in through the UI, keeps the session in the keychain, restores it after reload and signs out', async () => {
    const { page } = harness;
    await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });

    // A new account gets cross-signing and key backup; the recovery key is shown once.
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor({ timeout: 60_000 });
    const recoveryKey = (await page.getByTestId('recovery-key').textContent())!;
    expect(recoveryKey).toMatch(/^Es[1-9A-HJ-NP-Za-km-z]{2}( [1-9A-HJ-NP-Za-km-z]{4}){11}$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // Copied through main, which clears the clipboard again after a minute (unit-tested with a fake clock).
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('on the clipboard for one minute');
    expect(harness.adapters.clipboard.text).toBe(recoveryKey);
    await page.getByRole('button', { name: 'Save to file…' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('The recovery key has been saved.');
    expect(await readFile(join(harness.adapters.saveDirectory, 'depesche-recovery-key.txt'), 'utf8')).toContain(recoveryKey);
    const proceed = page.getByRole('button', { name: 'Continue' });
    expect(await proceed.isDisabled()).toBe(true);
    await page.getByLabel('I have stored my recovery key in a safe place.').check();
    await proceed.click();
    const facts = await sessionFacts(page);
    expect(facts.user).toBe(`Signed in as ${alice.userId}`);
    expect(await page.content()).not.toContain(recoveryKey);
    const ownIdentity = await waitFor(() => crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId), 'cross-signing keys');
    expect(ownIdentity).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(await keyBackupVersion(synapse.baseUrl, alice.accessToken)).not.toBeNull();

    // The keychain holds the session and a 32-byte crypto-store key, nothing else.
    const entries = await keychainEntries(harness.profile);
    const session = entries.find((entry) => entry.account === `${harness.profile}/session`);
    expect(session).toBeDefined();
    const stored = JSON.parse(session!.password) as { userId: string; deviceId: string; accessToken: string };
    expect(stored.userId).toBe(alice.userId);
    expect(await whoamiStatus(synapse.baseUrl, stored.accessToken)).toBe(200);
    const storageKey = entries.find((entry) => entry.account === `${harness.profile}/${alice.userId}/${stored.deviceId}/storage-key`);
    expect(Buffer.from(storageKey!.password, 'base64')).toHaveLength(32);
    expect(entries).toHaveLength(2);

    // Rust crypto is running: the device key shown is the one published to the server.
    const shownKey = facts.fingerprint!.replaceAll(' ', '');
    const publishedKey = await waitFor(
      () => publishedDeviceKey(synapse.baseUrl, alice.accessToken, alice.userId, stored.deviceId),
      'device keys upload',
    );
    expect(shownKey).toBe(publishedKey);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Reload: restored from the keychain without asking; the crypto store opens with the same key.
    await page.reload();
    const restored = await sessionFacts(page);
    expect(restored.user).toBe(`Signed in as ${alice.userId}`);
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(restored.fingerprint!.replaceAll(' ', '')).toBe(publishedKey);

    await chooseFromUserMenu(page, 'Sign out');
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
    expect(await keychainEntries(harness.profile)).toEqual([]);
    expect(await whoamiStatus(synapse.baseUrl, stored.accessToken)).toBe(401);
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
    expect(databases.filter((name) => name?.includes(stored.deviceId))).toEqual([]);

    // The run was logged, and no secret it used reached any log file.
    const logs = (await Promise.all((await harness.logFiles()).map((file) => readFile(file, 'utf8')))).join('\n');
    expect(logs).toContain(`Session open for ${alice.userId}`);
    for (const secret of [stored.accessToken, alice.password, storageKey!.password, recoveryKey, recoveryKey.replaceAll(' ', '')]) {
      expect(logs).not.toContain(secret);
    }
    // Nor is the recovery key anywhere in the browser profile (IndexedDB, caches, local storage).
    await harness.context.close();
    expect(await filesContaining(harness.userDataDir, recoveryKey.replaceAll(' ', ''))).toEqual([]);
    expect(await filesContaining(harness.userDataDir, recoveryKey)).toEqual([]);
  });
});
