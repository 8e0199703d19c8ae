import { EventType, MsgType, Preset } from 'matrix-js-sdk';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { gradientPng } from '../support/png';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

const conversations = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const row = (page: Page, name: string) => conversations(page).locator('.row').filter({ has: page.locator('.name', { hasText: name }) });
/** The headings and room names of the list, top to bottom. */
const listOrder = (page: Page) =>
  conversations(page).evaluate((nav) => [...nav.querySelectorAll('h2, .row .name, .invite .name')].map((element) => element.textContent?.trim()));
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
const fontWeight = (name: Locator) => name.evaluate((element) => Number(getComputedStyle(element).fontWeight));

describe('the conversation list', () => {
  const people = aliceInTheAppBobOnNode(synapse);

  /** Bob creates a room, Alice accepts it in the list; accepting opens it. */
  async function roomFromBob(name: string, options: { encrypted?: boolean } = {}): Promise<string> {
    const { harness, bob, alice } = people();
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name,
      invite: [alice.userId],
      initial_state: options.encrypted ? [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }] : [],
    });
    await conversations(harness.page).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => harness.page.getByRole('heading', { name, level: 1 }).count()).toBe(1);
    return roomId;
  }

  it('says "No conversations yet" only while there are neither rooms nor invitations', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    await expect.poll(() => conversations(page).getByText('No conversations yet').count()).toBe(1);
    await bob.setDisplayName('Bob Baumann');
    await bob.createRoom({ preset: Preset.PrivateChat, name: 'Bauausschuss', invite: [alice.userId] });
    await expect.poll(() => listOrder(page)).toEqual(['Invitations', 'Bauausschuss']);
    expect(await conversations(page).getByText('No conversations yet').count()).toBe(0);
  });

  it('names the inviter by display name, with the user id beside it', async () => {
    const { harness, bobUser } = people();
    const invite = conversations(harness.page).locator('.invite').filter({ hasText: 'Bauausschuss' });
    await expect.poll(() => invite.getByText('Invited by Bob Baumann').count()).toBe(1);
    expect(await invite.getByText(bobUser.userId, { exact: true }).count()).toBe(1);
  });

  it('shows each room with its avatar, last message, time, unread count and mentions apart', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    await conversations(page).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Bauausschuss', level: 1 }).count()).toBe(1);
    const post = await roomFromBob('Poststelle', { encrypted: true });
    const { content_uri: avatar } = await bob.uploadContent(new Uint8Array(gradientPng(64, 64)), { type: 'image/png', name: 'wappen.png' });
    await bob.sendStateEvent(post, EventType.RoomAvatar, { url: avatar }, '');
    // Alice reads Bauausschuss; Bob writes in Poststelle.
    await conversations(page).getByRole('button', { name: 'Bauausschuss' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Bauausschuss', level: 1 }).count()).toBe(1);
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(post)).toBe(true);
    for (const body of ['Die Post ist da.', 'Zwei Einschreiben.']) await bob.sendMessage(post, { msgtype: MsgType.Text, body });
    await bob.sendMessage(post, {
      msgtype: MsgType.Text,
      body: 'Alice, bitte den **Bescheid** unterschreiben.',
      format: 'org.matrix.custom.html',
      formatted_body: 'Alice, bitte den <b>Bescheid</b> unterschreiben.',
      'm.mentions': { user_ids: [alice.userId] },
    });

    const poststelle = row(page, 'Poststelle');
    await expect.poll(() => poststelle.locator('.badge').allTextContents()).toEqual(['@\u00a01', '3']);
    await expect.poll(() => poststelle.locator('.preview').textContent()).toMatch(/^\s*Bob Baumann:\s+Alice, bitte den \*\*Bescheid\*\* unterschreiben\.\s*$/);
    expect(await poststelle.locator('.preview b').count()).toBe(0);
    expect(await poststelle.locator('time').textContent()).toMatch(/^\s*\d\d:\d\d( [AP]M)?\s*$/);
    await expect.poll(() => poststelle.locator('.avatar img').getAttribute('src')).toMatch(/^blob:/);
    // Unread is bold and counted; mentions are told apart in words too.
    expect(await fontWeight(poststelle.locator('.name'))).toBeGreaterThanOrEqual(700);
    expect(await fontWeight(row(page, 'Bauausschuss').locator('.name'))).toBeLessThan(600);
    const button = conversations(page).getByRole('button', { name: 'Poststelle 3 unread, 1 mention', exact: true });
    expect(await button.count()).toBe(1);
    // The own last message reads "You:".
    await page.getByLabel('Message to Bauausschuss').fill('Tagesordnung folgt');
    await page.getByLabel('Message to Bauausschuss').press('Enter');
    await expect.poll(() => row(page, 'Bauausschuss').locator('.preview').textContent()).toMatch(/^\s*You:\s+Tagesordnung folgt\s*$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('moves a room into Favourites from its menu, with the keyboard, and marks it read from there', async () => {
    const { harness } = people();
    const { page } = harness;
    expect(await listOrder(page)).toEqual(['Rooms', 'Bauausschuss', 'Poststelle']);
    const menuButton = row(page, 'Poststelle').getByRole('button', { name: 'Conversation options' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Conversation options' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Favourite');
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Favourite', 'Low priority', 'Mark as read']);
    // In the top layer, so the scrolling list cannot clip it, and on top where it is drawn.
    expect(
      await menu.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const popover = element.closest('[popover]');
        return popover?.matches(':popover-open') === true && element.contains(document.elementFromPoint(box.x + box.width / 2, box.bottom - 2));
      }),
    ).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // A letter jumps to the next item starting with it, from the last back to the first.
    await page.keyboard.press('m');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Mark as read');
    await page.keyboard.press('f');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Favourite');
    await page.keyboard.press('Enter');
    await expect.poll(() => listOrder(page)).toEqual(['Favourites', 'Poststelle', 'Rooms', 'Bauausschuss']);
    expect(await menu.isVisible()).toBe(false);

    // Escape closes the menu and gives the focus back; the arrow keys reach "Mark as read".
    const favouriteMenu = row(page, 'Poststelle').getByRole('button', { name: 'Conversation options' });
    await favouriteMenu.click();
    await expect.poll(() => menu.getByRole('menuitem').allTextContents()).toEqual(['Unfavourite', 'Low priority', 'Mark as read']);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.isVisible()).toBe(false);
    expect(await favouriteMenu.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    // The last items are the room's notification choices; "Mark as read" ends the part above them.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Off');
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Mark as read');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, 'Poststelle').locator('.badge').count()).toBe(0);
    expect(await fontWeight(row(page, 'Poststelle').locator('.name'))).toBeLessThan(600);
  });

  it('switches rooms with Alt+Up and Alt+Down in list order, and with Alt+Shift to the next unread one', async () => {
    const { harness, bob } = people();
    const { page } = harness;
    const kantine = await roomFromBob('Kantine');
    await roomFromBob('Amtsblatt');
    await bob.sendTextMessage(kantine, 'Heute Eintopf');
    await expect.poll(() => row(page, 'Kantine').locator('.badge').allTextContents()).toEqual(['1']);
    expect(await listOrder(page)).toEqual(['Favourites', 'Poststelle', 'Rooms', 'Kantine', 'Amtsblatt', 'Bauausschuss']);

    // From the filter field: the rooms open, the focus stays, a status line says which.
    const filter = page.getByRole('searchbox', { name: 'Filter conversations' });
    await filter.focus();
    const opened = (name: string) => page.getByRole('heading', { name, level: 1 });
    const status = page.getByRole('status').filter({ hasText: /^Opened / });
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => opened('Bauausschuss').count()).toBe(1);
    expect(await status.textContent()).toBe('Opened Bauausschuss');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => opened('Poststelle').count()).toBe(1);
    expect(await activeId(page)).toBe('INPUT');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => opened('Bauausschuss').count()).toBe(1);
    await page.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(() => opened('Kantine').count()).toBe(1);
    expect(await status.textContent()).toBe('Opened Kantine');
    expect(await activeId(page)).toBe('INPUT');

    // From the composer too; Alt+Up there does not start editing the last message.
    await page.locator('#composer-input').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => opened('Poststelle').count()).toBe(1);
    expect(await page.getByText('Editing your message').count()).toBe(0);
    await expect.poll(() => activeId(page)).toBe('composer-input');

    // Not while a dialog is open.
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Escape');
    expect(await opened('Poststelle').count()).toBe(1);
  });

  it('fits a 320-pixel-wide window: no sideways scrolling, long names cut off on one line', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    const longName = 'Arbeitsgemeinschaft der Gleichstellungsbeauftragten der Landesverwaltung';
    await bob.createRoom({ preset: Preset.PrivateChat, name: longName, invite: [alice.userId] });
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByRole('button', { name: 'Conversations' }).click();
    const invite = conversations(page).locator('.invite').filter({ hasText: longName });
    await invite.waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    for (const name of [invite.locator('.name'), row(page, 'Poststelle').locator('.name')]) {
      const box = (await name.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(320);
      expect(await name.evaluate((element) => [getComputedStyle(element).whiteSpace, getComputedStyle(element).textOverflow])).toEqual(['nowrap', 'ellipsis']);
    }
    expect(await invite.locator('.name').evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    const list = conversations(page);
    expect(await list.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
