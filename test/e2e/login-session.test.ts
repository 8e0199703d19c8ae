import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { keychainEntries } from '../support/keychain';
import { submitLogin } from '../support/login-screen';
import { publishedDeviceKey, waitFor, whoamiStatus } from '../support/matrix-api';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

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
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toBe(`Signed in as ${alice.userId}`);

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
    const shownKey = (await page.getByTestId('device-fingerprint').textContent())!.replaceAll(' ', '');
    const publishedKey = await waitFor(
      () => publishedDeviceKey(synapse.baseUrl, alice.accessToken, alice.userId, stored.deviceId),
      'device keys upload',
    );
    expect(shownKey).toBe(publishedKey);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Reload: restored from the keychain without asking; the crypto store opens with the same key.
    await page.reload();
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toBe(`Signed in as ${alice.userId}`);
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect((await page.getByTestId('device-fingerprint').textContent())!.replaceAll(' ', '')).toBe(publishedKey);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
    expect(await keychainEntries(harness.profile)).toEqual([]);
    expect(await whoamiStatus(synapse.baseUrl, stored.accessToken)).toBe(401);
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
    expect(databases.filter((name) => name?.includes(stored.deviceId))).toEqual([]);

    // The run was logged, and no secret it used reached any log file.
    const logs = (await Promise.all((await harness.logFiles()).map((file) => readFile(file, 'utf8')))).join('\n');
    expect(logs).toContain(`Session open for ${alice.userId}`);
    for (const secret of [stored.accessToken, alice.password, storageKey!.password]) {
      expect(logs).not.toContain(secret);
    }
  });
});
