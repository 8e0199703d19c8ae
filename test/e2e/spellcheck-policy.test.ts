import { Preset } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { startHarness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const mirror = 'https://dictionaries.bund.example/hunspell/';

/** Signs a new account in under `machinePolicy` and reads the composer's spellcheck attribute in its room. */
async function composerSpellcheck(machinePolicy: Record<string, unknown>): Promise<string | null> {
  const alice = await registerUser(synapse, uniqueLocalpart('alice'));
  const peer = await startPeer(synapse.baseUrl, alice);
  await peer.createRoom({ preset: Preset.PrivateChat, name: 'Poststelle' });
  peer.stopClient();
  const harness = await startHarness({ secretStorage: 'memory', machinePolicy });
  try {
    const { page } = harness;
    await page.goto(harness.url);
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Poststelle' }).click();
    const composer = page.getByLabel('Message to Poststelle');
    await composer.waitFor();
    expect(harness.internalErrors).toEqual([]);
    return await composer.getAttribute('spellcheck');
  } finally {
    await harness.close();
  }
}

// The harness runs main as on Linux, where spelling is checked only with a dictionary mirror.
describe('spell checking follows managed policy', () => {
  it('checks spelling in the composer where policy names a dictionary mirror', async () => {
    expect(await composerSpellcheck({ 'spellcheck.dictionaryUrl': mirror })).toBe('true');
  });

  it('does not check spelling without a mirror, so no dictionary is fetched from a public server', async () => {
    expect(await composerSpellcheck({})).toBe('false');
  });

  it('does not check spelling where policy turns it off, mirror or not', async () => {
    expect(await composerSpellcheck({ 'spellcheck.enabled': false, 'spellcheck.dictionaryUrl': mirror })).toBe('false');
  });
});
