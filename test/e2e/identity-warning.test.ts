import { EventType, Preset } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { passwordAuth } from '../../src/renderer/lib/matrix/password-auth';
import { seriousAccessibilityViolations } from '../support/axe';
import { pagePerFile } from '../support/page-per-file';
import { signIn } from '../support/login-screen';
import { startCrossSignedPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

describe("a contact's identity changes", () => {
  const harness = pagePerFile();

  it('shows a prominent warning in the room until it is acknowledged', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, bobUser);
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Vertraulich',
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Vertraulich' }).count()).toBe(1);
    const warning = page.getByRole('alert').filter({ hasText: 'Identity changed' });
    // Give Alice's device time to learn Bob's identity, then Bob resets his.
    await expect.poll(() => page.getByRole('log').getByText(/ joined$/).count()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await warning.count()).toBe(0);
    await bob.getCrypto()!.resetEncryption(async (makeRequest) => {
      await makeRequest(passwordAuth(bob, bobUser.password));
    });

    await expect.poll(() => warning.textContent(), { timeout: 60_000 }).toContain(bobUser.userId);
    // The warning sign is an icon beside the words, not a glyph a workstation may lack.
    expect(await warning.getByRole('heading').locator('svg[aria-hidden="true"]').count()).toBe(1);
    expect((await warning.getByRole('heading').textContent())?.trim()).toBe('Identity changed');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await warning.getByRole('button', { name: 'I understand' }).click();
    await expect.poll(() => warning.count()).toBe(0);
    bob.stopClient();
  });
});
