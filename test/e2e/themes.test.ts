import { MsgType, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { signIn } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { invitedRoom, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

/** What the OS can ask for; each must change what the page draws, or checking it proves nothing. */
const schemes = [
  { name: 'light', media: { colorScheme: 'light', forcedColors: 'none' } },
  { name: 'dark', media: { colorScheme: 'dark', forcedColors: 'none' } },
  { name: 'forced colours', media: { colorScheme: 'light', forcedColors: 'active' } },
] as const;

/** The page's background and whether forced colours are on, as the page sees them. */
function appearance(page: Page): Promise<{ background: string; forced: boolean }> {
  return page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, forced: matchMedia('(forced-colors: active)').matches }));
}

/**
 * Text whose colour does not read on Canvas. In forced colours Chromium keeps system
 * colours as they are and draws a Canvas backplate behind all text, so text in, say,
 * HighlightText on a Highlight fill vanishes; axe does not see that.
 */
function unreadableOnBackplate(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (colour: string) =>
      rgb(colour)
        .map((value) => value / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, index) => sum + c * [0.2126, 0.7152, 0.0722][index]!, 0);
    const ratio = (a: string, b: string) => {
      const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (high! + 0.05) / (low! + 0.05);
    };
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = 'Canvas';
    const canvas = getComputedStyle(probe).color;
    probe.remove();
    return [...document.body.querySelectorAll('*')]
      .filter((element) => [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()))
      .filter((element) => element.checkVisibility() && ratio(getComputedStyle(element).color, canvas) < 4.5)
      .map((element) => `${element.outerHTML.slice(0, 120)}: ${getComputedStyle(element).color} on ${canvas}`);
  });
}

/** Axe in each scheme; the three must look different, so the emulation really took effect. */
async function accessibleInEveryScheme(page: Page): Promise<void> {
  const seen: { background: string; forced: boolean }[] = [];
  for (const scheme of schemes) {
    await page.emulateMedia(scheme.media);
    seen.push(await appearance(page));
    if (scheme.media.forcedColors === 'active') expect(await unreadableOnBackplate(page)).toEqual([]);
    expect({ scheme: scheme.name, violations: await seriousAccessibilityViolations(page) }).toEqual({ scheme: scheme.name, violations: [] });
  }
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  expect(seen.map(({ forced }) => forced)).toEqual([false, false, true]);
  expect(new Set(seen.map(({ background }) => background)).size).toBe(3);
}

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
    await page.getByLabel('Invite (user ids, separated by commas)').fill(bobUser.userId);
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
