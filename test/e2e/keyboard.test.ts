import { Preset } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

describe('using Depesche with the keyboard alone', () => {
  let harness: Harness;
  let alice: RegisteredUser;

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    // Alice already has a room with a message in it.
    const peer = await startPeer(synapse.baseUrl, alice);
    const { room_id: roomId } = await peer.createRoom({ preset: Preset.PrivateChat, name: 'Poststelle' });
    await peer.sendTextMessage(roomId, 'Eingang geprüft');
    peer.stopClient();
    harness = await startHarness({ secretStorage: 'memory' });
    await harness.page.goto(harness.url);
  });
  afterAll(() => harness.close());

  it('signs in, opens a room and sends a message without touching the mouse', async () => {
    const { page } = harness;
    const keyboard = page.keyboard;
    // The language picker comes first, then the login form in reading order.
    await page.getByLabel('Homeserver').waitFor();
    await keyboard.press('Tab');
    await keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-homeserver');
    await keyboard.type(synapse.baseUrl);
    await keyboard.press('Tab');
    await keyboard.type(alice.localpart);
    await keyboard.press('Tab');
    await keyboard.type(alice.password);
    await keyboard.press('Enter');

    // The first sign-in shows the recovery key; the keyboard confirms it was kept.
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('recovery-title');
    for (let presses = 0; presses < 6; presses += 1) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('type'))) === 'checkbox') break;
      await keyboard.press('Tab');
    }
    await keyboard.press('Space');
    await keyboard.press('Tab');
    await keyboard.press('Enter');

    // Ctrl+K jumps to the filter; Tab and the arrow keys reach the room; Enter opens it.
    await page.getByRole('button', { name: 'New room' }).waitFor();
    await keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await keyboard.type('Post');
    await expect.poll(() => page.getByRole('navigation').getByRole('button', { name: 'Poststelle' }).count()).toBe(1);
    await keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Poststelle');
    await keyboard.press('ArrowDown'); // stays on the only room
    await keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Poststelle' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('log').getByText('Eingang geprüft').count()).toBe(1);

    // Focus moves from the list to the composer with Tab; Enter sends, Shift+Enter breaks the line.
    // On the way: the row's menu, the header's buttons, the folded set-up line, the message's actions, the toolbar.
    for (let presses = 0; presses < 20; presses += 1) {
      if ((await page.evaluate(() => document.activeElement?.id)) === 'composer-input') break;
      await keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer-input');
    await keyboard.type('Zeile eins');
    await keyboard.press('Shift+Enter');
    await keyboard.type('Zeile zwei');
    await keyboard.press('Enter');
    await expect.poll(() => page.getByRole('log').getByText(/Zeile eins\s+Zeile zwei/).count()).toBe(1);
  });

  it('still works at 200% zoom: one column, nothing cut off sideways, the composer in reach', async () => {
    const { page } = harness;
    // A 1280×800 screen at 200% zoom leaves 640×400 CSS pixels.
    await page.setViewportSize({ width: 640, height: 400 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await expect.poll(overflow).toBe(0);
    const composer = page.locator('#composer-input');
    const box = (await composer.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(640);
    await composer.focus();
    await page.keyboard.type('Auch vergrößert lesbar');
    await page.keyboard.press('Enter');
    const sent = page.getByRole('log').getByText('Auch vergrößert lesbar');
    await expect.poll(() => sent.isVisible()).toBe(true);
    expect(await overflow()).toBe(0);

    // The room fills the window; its back button returns to the list, on that room.
    expect(await page.getByRole('navigation', { name: 'Conversations' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Conversations' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Poststelle');
    expect(await page.getByRole('log').count()).toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('log').getByText('Auch vergrößert lesbar').isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
