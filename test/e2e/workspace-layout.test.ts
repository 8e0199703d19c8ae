import { EventType, MsgType, Preset } from 'matrix-js-sdk';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { pagePerFile } from '../support/page-per-file';
import { aliceInTheAppBobOnNode } from '../support/two-people';
import { openUserMenu } from '../support/user-menu';

const synapse = inject('synapse');

const roomName = 'Amtshilfeersuchen der Landesverwaltung Nordrhein-Westfalen an das Bundesministerium des Innern';
// One unbroken word: nothing may wrap it, so only cutting it keeps the page from growing sideways.
const longTopic = 'Lagebesprechung'.repeat(34).slice(0, 500);

async function setDisplayName(user: { userId: string; accessToken: string }, name: string): Promise<void> {
  const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/profile/${encodeURIComponent(user.userId)}/displayname`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayname: name }),
  });
  expect(response.status).toBe(200);
}

/** How far the page scrolls sideways (0: not at all). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The lines a text element's words occupy, and whether it is cut (with the ellipsis its style gives it). */
function lineOf(locator: Locator) {
  return locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return {
      lines: new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size,
      cut: element.scrollWidth > element.clientWidth,
      ellipsis: getComputedStyle(element).textOverflow === 'ellipsis',
      width: element.clientWidth,
    };
  });
}

/** The element with the keyboard focus, by its accessible name where it has one set, else its text. */
const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? null);

/** Dialogs drawn on the page, open or (wrongly) not. */
const drawnDialogs = (page: Page) => page.evaluate(() => [...document.querySelectorAll('dialog')].filter((dialog) => dialog.checkVisibility()).length);

/** Whether what is drawn at the centre and the corners of an element is the element itself (nothing lies over it). */
function uncovered(locator: Locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const points = [
      [box.left + box.width / 2, box.top + box.height / 2],
      [box.left + 4, box.top + 4],
      [box.right - 4, box.top + 4],
      [box.left + 4, box.bottom - 4],
      [box.right - 4, box.bottom - 4],
    ];
    return points.every(([x, y]) => element.contains(document.elementFromPoint(x!, y!)));
  });
}

/** Whether an element lies within the window, not pushed off it. */
async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
}

describe('the workspace at the level of a messenger people use every day', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let roomId: string;

  const header = (page: Page) => page.locator('header.room-header');
  const title = (page: Page) => page.getByRole('heading', { level: 1, name: roomName });
  const roomMenuButton = (page: Page) => page.getByRole('button', { name: 'Room options' });

  it('shows who is signed in by name and picture, with Settings, About, Lock and Sign out behind a menu the keyboard drives', async () => {
    const { harness, alice } = people();
    const { page } = harness;
    await page.setViewportSize({ width: 1280, height: 800 });
    // The name from the account's profile (set on another device) is on the menu button.
    await setDisplayName(alice, 'Erika Mustermann');
    await page.reload();
    const button = page.getByTestId('user-menu');
    await expect.poll(() => button.textContent()).toContain('Erika Mustermann');
    expect(await button.getAttribute('aria-haspopup')).toBe('menu');
    expect(await button.locator('.avatar').textContent()).toBe('E');
    // Not the user id and a key fingerprint for everyone to see all the time.
    expect(await page.getByText(/^Signed in as/).count()).toBe(0);
    expect(await page.getByTestId('device-fingerprint').count()).toBe(0);

    // Enter opens it on the first item; arrows, Home and End move (and wrap); Escape returns to the button.
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Account menu for Erika Mustermann' });
    await menu.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toBe('Settings…');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('About Depesche…');
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('Sign out');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Settings…');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('Sign out');
    await page.keyboard.press('Home');
    expect(await focused(page)).toBe('Settings…');
    await page.keyboard.press('l');
    expect(await focused(page)).toBe('Lock');
    // Sessions, keys and the fingerprint are in the settings' Security section now.
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Settings…', 'About Depesche…', 'Lock', 'Sign out']);
    expect(await page.getByTestId('signed-in-user').textContent()).toBe(`Signed in as ${alice.userId}`);
    expect(await page.getByTestId('device-fingerprint').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    // Up opens it on the last item; Tab leaves and closes it.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focused(page)).toBe('Sign out');
    await page.keyboard.press('Tab');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest('[role="menu"]'))).toBeNull();
  });

  it('heads the room with picture, name and topic on one line each, encryption and trust in words, and a menu for the rest', async () => {
    const { harness, alice, bob } = people();
    const { page } = harness;
    ({ room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: roomName,
      topic: longTopic,
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
      power_level_content_override: { users: { [alice.userId]: 50 } },
    }));
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await title(page).waitFor();
    await page.getByTestId('room-trust').waitFor();

    // A 500-character word in the topic neither widens the page nor pushes the controls away.
    expect(await sideways(page)).toBe(0);
    for (const control of [page.getByRole('button', { name: '2 members' }), roomMenuButton(page), page.getByRole('button', { name: 'Send' })]) {
      expect(await onScreen(page, control)).toBe(true);
    }
    expect(await lineOf(title(page))).toMatchObject({ lines: 1, cut: true, ellipsis: true });
    expect(await lineOf(header(page).locator('.topic'))).toMatchObject({ lines: 1, cut: true, ellipsis: true });
    expect(await header(page).locator('.avatar').count()).toBe(1);
    // The encryption and trust summary: an icon and words.
    expect(await page.getByTestId('room-encryption').textContent()).toContain('End-to-end encrypted');
    expect(await page.getByTestId('room-encryption').locator('svg').count()).toBe(1);
    expect(await page.getByTestId('room-trust').textContent()).toContain('Not everyone verified');
    // Leaving is no longer a button of its own in the header.
    expect(await header(page).getByRole('button', { name: 'Leave room' }).count()).toBe(0);

    // The room's menu by keyboard, then its details: name and topic in full.
    await roomMenuButton(page).focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Room options' });
    await menu.waitFor();
    expect(await focused(page)).toBe('Show members');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Room details…');
    // Inviting, the settings and the export, then the room's notification choices, then leaving.
    for (const item of ['Invite people…', 'Room settings…', 'Export for the files…', 'All messages', 'Mentions and keywords', 'Off', 'Leave room…']) {
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toBe(item);
    }
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Show members');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await focused(page)).toBe('Room options');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('r');
    await page.keyboard.press('Enter');
    const details = page.getByRole('dialog', { name: 'Room details' });
    await details.waitFor();
    expect(await details.getByRole('definition').allTextContents()).toEqual([roomName, longTopic, 'End-to-end encrypted', '2 members', roomId]);
    expect(await details.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => details.isVisible()).toBe(false);
    expect(await focused(page)).toBe('Room options');

    // A name changed elsewhere while signed in reaches the user menu (through the membership in the room).
    await setDisplayName(alice, 'Erika Musterfrau');
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('Erika Musterfrau');
  });

  it('leaves nothing over the header: not the member list alone, nor a member profile closed with Escape or Close', async () => {
    const { harness, bobUser } = people();
    const { page } = harness;
    await page.getByRole('button', { name: '2 members' }).click();
    const panel = page.getByRole('region', { name: 'Members' });
    const bobInList = panel.getByRole('button', { name: new RegExp(bobUser.localpart) });
    await bobInList.waitFor();
    expect(await drawnDialogs(page)).toBe(0);
    expect(await uncovered(header(page))).toBe(true);

    for (const close of ['Escape', 'Close'] as const) {
      await bobInList.click();
      const profile = page.getByRole('dialog', { name: new RegExp(bobUser.localpart) });
      await profile.waitFor();
      if (close === 'Escape') await page.keyboard.press('Escape');
      else await profile.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => drawnDialogs(page)).toBe(0);
      expect(await uncovered(header(page))).toBe(true);
      expect(await uncovered(roomMenuButton(page))).toBe(true);
    }
  });

  it('keeps the title on one line and the page still at 800×600 with the member list open', async () => {
    const { harness } = people();
    const { page } = harness;
    await page.setViewportSize({ width: 800, height: 600 });
    const panel = page.getByRole('region', { name: 'Members' });
    try {
      await panel.waitFor();
      await expect.poll(() => sideways(page)).toBe(0);
      const line = await lineOf(title(page));
      expect(line).toMatchObject({ lines: 1, ellipsis: true });
      // Not one letter per line: the title keeps a width to read it by.
      expect(line.width).toBeGreaterThan(200);
      expect(await onScreen(page, page.getByRole('button', { name: 'Send' }))).toBe(true);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    } finally {
      await panel.getByRole('button', { name: 'Close member list' }).click();
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('asks before leaving below the header, without squeezing the title, and Stay returns to the menu', async () => {
    const { harness } = people();
    const { page } = harness;
    await expect.poll(() => page.getByRole('region', { name: 'Members' }).count()).toBe(0);
    const before = await lineOf(title(page));
    await roomMenuButton(page).click();
    await page.getByRole('menuitem', { name: 'Leave room…' }).click();
    const question = page.getByRole('group', { name: /^Leave Amtshilfeersuchen/ });
    await question.waitFor();
    expect(await focused(page)).toBe('Leave room');
    expect(await lineOf(title(page))).toEqual(before);
    // Below the name, not beside it.
    const titleBox = (await title(page).boundingBox())!;
    expect((await question.boundingBox())!.y).toBeGreaterThanOrEqual(titleBox.y + titleBox.height);
    expect(await sideways(page)).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await question.getByRole('button', { name: 'Stay' }).click();
    await expect.poll(() => question.count()).toBe(0);
    expect(await focused(page)).toBe('Room options');
  });

  it('at 200% zoom (1280×800 is then 640×400) the header is short, the title whole words on one line, and messages in view', async () => {
    const { harness, bob } = people();
    const { page } = harness;
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Lagebild folgt um 10 Uhr' });
    await page.setViewportSize({ width: 640, height: 400 });
    const message = page.getByRole('log').getByText('Lagebild folgt um 10 Uhr');
    await message.waitFor();
    await expect.poll(() => sideways(page)).toBe(0);
    expect(await lineOf(title(page))).toMatchObject({ lines: 1, ellipsis: true });
    const headerBox = (await header(page).boundingBox())!;
    expect(headerBox.height).toBeLessThanOrEqual(400 / 4);
    // The newest message is drawn between the header and the composer, not hidden behind either.
    const composerBox = (await page.locator('#composer-input').boundingBox())!;
    await expect
      .poll(async () => {
        const box = (await message.boundingBox())!;
        return box.y >= headerBox.y + headerBox.height && box.y + box.height <= composerBox.y;
      })
      .toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('reflows at 320 CSS pixels: the room, its menu, the member list, the conversation list with its heading, and the user menu', async () => {
    const { harness } = people();
    const { page } = harness;
    await page.setViewportSize({ width: 320, height: 640 });
    await expect.poll(() => sideways(page)).toBe(0);
    expect(await lineOf(title(page))).toMatchObject({ lines: 1, ellipsis: true });
    expect(await onScreen(page, page.getByRole('button', { name: 'Send' }))).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await roomMenuButton(page).click();
    const menu = page.getByRole('menu', { name: 'Room options' });
    await menu.waitFor();
    expect(await sideways(page)).toBe(0);
    expect(await onScreen(page, menu)).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await menu.getByRole('menuitem', { name: 'Show members' }).click();
    const panel = page.getByRole('region', { name: 'Members' });
    await panel.waitFor();
    expect(await sideways(page)).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);

    // The list alone has the page's level-one heading (the room's name is it while a room is open).
    await page.getByRole('button', { name: 'Conversations' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Conversations']);
    expect(await sideways(page)).toBe(0);
    const userMenu = await openUserMenu(page);
    expect(await sideways(page)).toBe(0);
    expect(await onScreen(page, userMenu)).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('speaks German: the menus, the moderator, and "Neuer Raum" on one line where the list is narrowest', async () => {
    const { harness } = people();
    const { page } = harness;
    await page.setViewportSize({ width: 900, height: 600 });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: roomName }).click();
    await title(page).waitFor();
    await page.getByLabel('Language').selectOption('de');
    const newRoom = page.getByRole('button', { name: 'Neuer Raum' });
    await newRoom.waitFor();
    expect(await lineOf(newRoom)).toMatchObject({ lines: 1, cut: false });
    expect(await lineOf(page.getByRole('button', { name: 'Direktnachricht' }))).toMatchObject({ lines: 1, cut: false });
    await page.getByTestId('user-menu').click();
    const german = page.getByRole('menu', { name: 'Kontomenü für Erika Musterfrau' });
    await german.waitFor();
    expect(await german.getByRole('menuitem').first().textContent()).toBe('Einstellungen …');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    // A moderator is "Moderator", as in other German messengers (not "Moderation").
    await page.getByRole('button', { name: '2 Mitglieder' }).click();
    const panel = page.getByRole('region', { name: 'Mitglieder' });
    await expect.poll(() => panel.getByRole('listitem').filter({ hasText: 'Erika Musterfrau' }).textContent()).toContain('Moderator');
    expect(await panel.getByText('Moderation').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByLabel('Sprache').selectOption('en');
  });
});

describe('the login screen at 320 CSS pixels', () => {
  const harness = pagePerFile();

  it('reflows without scrolling sideways', async () => {
    const { page } = harness();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await sideways(page)).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
