/**
 * The image viewer: a peer's encrypted picture opens full size from the timeline, by
 * keyboard or mouse, zooms and moves, closes with Escape or Close back to the picture,
 * and offers Save only where the policy allows downloads.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EventType, Preset, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { sendEncryptedAttachment } from '../support/attachments';
import { seriousAccessibilityViolations } from '../support/axe';
import type { Harness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { startPeer } from '../support/peer-client';
import { gradientPng } from '../support/png';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

/** Alice in the app, in an encrypted room where Bob (on Node) sends pictures. */
function aliceAndBobInAnEncryptedRoom(harness: () => Harness): () => { bob: MatrixClient; roomId: string } {
  let bob: MatrixClient;
  let roomId: string;
  beforeAll(async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    await bob.setDisplayName('Bob Baumann');
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    ({ room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Lagebilder',
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Lagebilder' }).waitFor();
    // Bob shares the room key only with members his client knows.
    await vi.waitUntil(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership === 'join', { timeout: 30_000 });
  });
  afterAll(() => bob?.stopClient());
  return () => ({ bob, roomId });
}

/** The shown width of the viewer's picture and how far its stage can and did scroll. */
function stageOf(page: Page) {
  return page.getByRole('dialog').getByRole('group', { name: 'Picture' }).evaluate((stage) => ({
    width: stage.querySelector('img')?.getBoundingClientRect().width ?? 0,
    overflows: stage.scrollWidth > stage.clientWidth,
    left: stage.scrollLeft,
  }));
}

describe('the image viewer', () => {
  const harness = pagePerFile();
  const room = aliceAndBobInAnEncryptedRoom(harness);
  const photo = gradientPng(1600, 1000);

  beforeAll(async () => {
    const { bob, roomId } = room();
    await sendEncryptedAttachment(bob, roomId, {
      name: 'Einsatzkarte.png',
      mimetype: 'image/png',
      bytes: photo,
      image: { width: 1600, height: 1000, thumbnail: { bytes: gradientPng(320, 200), width: 320, height: 200 } },
    });
  });

  it('opens the full-size picture by keyboard, with its sender, time and name, and zooms and moves it', async () => {
    const { page } = harness();
    const opener = page.getByRole('log').getByRole('button', { name: 'Show Einsatzkarte.png full size' });
    await opener.waitFor();
    // The timeline shows the thumbnail.
    await expect.poll(() => opener.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await opener.focus();
    await page.keyboard.press('Enter');

    const viewer = page.getByRole('dialog', { name: 'Einsatzkarte.png' });
    await viewer.waitFor();
    const picture = viewer.getByRole('img', { name: 'Einsatzkarte.png' });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([1600, 1000]);
    expect(await picture.getAttribute('src')).toMatch(/^blob:/);
    expect(await viewer.locator('header').textContent()).toContain('Bob Baumann');
    expect(await viewer.locator('header time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The picture takes the keys at once.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Picture');

    // Fitted: smaller than its own size, nothing to move.
    await expect.poll(async () => (await stageOf(page)).width).toBeGreaterThan(0);
    const fitted = await stageOf(page);
    expect(fitted.width).toBeLessThan(1600);
    expect(fitted.overflows).toBe(false);
    const zoomLevel = viewer.locator('output');
    const zoom = async () => (await stageOf(page)).width / fitted.width;
    const fittedLevel = await zoomLevel.textContent();

    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(zoom).toBeCloseTo(2, 2);
    expect(await zoomLevel.textContent()).not.toBe(fittedLevel);
    expect((await stageOf(page)).overflows).toBe(true);
    const centred = (await stageOf(page)).left;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await stageOf(page)).left).toBeGreaterThan(centred);

    await page.keyboard.press('-');
    await expect.poll(zoom).toBeCloseTo(1.5, 2);
    await page.keyboard.press('0');
    await expect.poll(zoom).toBe(1);
    expect(await zoomLevel.textContent()).toBe(fittedLevel);
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(zoom).toBeCloseTo(1.5, 2);
    await viewer.getByRole('button', { name: 'Fit' }).click();
    await expect.poll(zoom).toBe(1);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Show Einsatzkarte.png full size');
  });

  it('closes with the Close button and saves the picture through the save dialog', async () => {
    const { page, adapters } = harness();
    const opener = page.getByRole('log').getByRole('button', { name: 'Show Einsatzkarte.png full size' });
    await opener.click();
    const viewer = page.getByRole('dialog', { name: 'Einsatzkarte.png' });
    await viewer.getByRole('button', { name: 'Save Einsatzkarte.png' }).click();
    await expect.poll(() => readFile(join(adapters.saveDirectory, 'Einsatzkarte.png')).catch(() => null)).toEqual(photo);
    await viewer.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => viewer.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Show Einsatzkarte.png full size');
  });
});

describe('the image viewer with downloads.enabled off', () => {
  const harness = pagePerFile({ secretStorage: 'memory', machinePolicy: { 'downloads.enabled': false } });
  const room = aliceAndBobInAnEncryptedRoom(harness);

  it('shows the picture but offers no Save', async () => {
    const { bob, roomId } = room();
    await sendEncryptedAttachment(bob, roomId, { name: 'Vertraulich.png', mimetype: 'image/png', bytes: gradientPng(300, 180), image: { width: 300, height: 180 } });
    const { page } = harness();
    await page.getByRole('log').getByRole('button', { name: 'Show Vertraulich.png full size' }).click();
    const viewer = page.getByRole('dialog', { name: 'Vertraulich.png' });
    await expect.poll(() => viewer.getByRole('img', { name: 'Vertraulich.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300);
    expect(await viewer.getByRole('button').allTextContents()).not.toContain('Save');
    expect(await viewer.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
  });
});
