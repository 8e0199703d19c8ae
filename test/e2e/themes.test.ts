import { MsgType, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { accessibleInEveryScheme } from '../support/schemes';
import { signIn } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { invitedRoom, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

// The glyphs that carried meaning before icons did; a workstation without a symbol font showed boxes.
const formerGlyphs = /[✔○⚠⚑⊘◌🔒🔐←]/u;

describe('light, dark and forced colours, icons and the bundled emoji font', () => {
  const harness = pagePerFile();
  let bob: MatrixClient | undefined;
  afterAll(() => bob?.stopClient());

  it('shows the login screen accessibly in light, dark and forced colours', async () => {
    const { page } = harness();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await accessibleInEveryScheme(page);
    // Without an emoji on screen the font is not even fetched.
    expect(await page.evaluate(() => [...document.fonts].filter((face) => face.family === 'DepescheEmoji').map((face) => face.status))).toEqual(['unloaded']);
  });

  it('shows an encrypted room with trust and origin markers as icons, accessibly in every scheme, emoji in the bundled font', async () => {
    const { page } = harness();
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    bob = await startPeer(synapse.baseUrl, bobUser);
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const invitation = invitedRoom(bob);
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByLabel('Name').fill('Lagezentrum');
    await page.getByLabel('Invite people', { exact: true }).fill(bobUser.userId);
    await page.getByRole('button', { name: 'Create room' }).click();
    const roomId = (await invitation).roomId;
    await bob.joinRoom(roomId);
    await expect.poll(() => bob!.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);

    const { event_id: greeting } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Guten Morgen 😀 um 10 Uhr' });
    // What a buggy or hostile client can do: a plain event in the encrypted room gets its own marker.
    await bob.http.authedRequest('PUT' as never, `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/plain-${Date.now()}`, undefined, {
      msgtype: 'm.text',
      body: 'Unverschlüsselt',
    });
    const log = page.getByRole('log');
    const fromBob = log.getByRole('article').filter({ hasText: 'Guten Morgen' });
    await expect.poll(() => fromBob.locator('[data-trust]').getAttribute('data-trust'), { timeout: 30_000 }).toBe('unverified');
    const plain = log.getByRole('article').filter({ hasText: 'Unverschlüsselt' });
    await expect.poll(() => plain.locator('[data-origin]').getAttribute('data-origin'), { timeout: 30_000 }).toBe('unencrypted');

    // Markers and the header's encryption state are icons beside words, not glyphs; each state its own shape.
    const markers = page.locator('[data-trust], [data-origin], [data-testid="room-encryption"]');
    expect(await markers.count()).toBeGreaterThanOrEqual(3);
    for (const marker of await markers.all()) {
      expect(await marker.locator('svg.lucide[aria-hidden="true"]').count()).toBe(1);
      expect(await marker.textContent()).not.toMatch(formerGlyphs);
    }
    const shape = (marker: string) => page.locator(marker).first().locator('svg').getAttribute('class');
    expect(new Set([await shape('[data-trust="unverified"]'), await shape('[data-origin="unencrypted"]'), await shape('[data-testid="room-encryption"]')]).size).toBe(3);
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(formerGlyphs);

    // In forced colours the fill of the main button is gone; its border is what remains of it.
    const newRoom = page.getByRole('button', { name: 'New room' });
    const border = () => newRoom.evaluate((button) => `${getComputedStyle(button).borderTopStyle} ${getComputedStyle(button).borderTopColor}`);
    expect(await border()).toBe('solid rgba(0, 0, 0, 0)');
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await border()).toMatch(/^solid /);
    expect(await border()).not.toBe('solid rgba(0, 0, 0, 0)');
    await page.emulateMedia({ forcedColors: 'none' });

    // The emoji comes from the bundled face (loaded once an emoji is on screen); the words and digits do not.
    const body = `[data-event-id="${greeting}"] .body`;
    await expect.poll(async () => (await renderedGlyphs(page, body)).webFont).toBe(1);
    expect((await renderedGlyphs(page, body)).system).toBeGreaterThan(0);
    const loadedFaces = await page.evaluate(() => [...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family));
    expect(loadedFaces).toContain('DepescheEmoji');
    await accessibleInEveryScheme(page);
  });
});

/**
 * How many glyphs of an element's text Chromium drew from a web font and how many from
 * system fonts (what DevTools shows as "Rendered fonts").
 */
async function renderedGlyphs(page: Page, selector: string): Promise<{ webFont: number; system: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const count = (custom: boolean) => fonts.filter((font) => font.isCustomFont === custom).reduce((sum, font) => sum + font.glyphCount, 0);
    return { webFont: count(true), system: count(false) };
  } finally {
    await cdp.detach();
  }
}
