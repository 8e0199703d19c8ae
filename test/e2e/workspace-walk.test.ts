/**
 * The walk a new clerk takes through the workspace, every screen of it checked the same
 * way: axe (WCAG 2.2 AA and best practice) in light, dark and forced colours, and reflow
 * at 320 CSS pixels without sideways scrolling. The menus and the room switching are
 * used from the keyboard only. What each feature does is specified in its own test file;
 * this one is about every screen being usable by everyone.
 */
import { EventType, MsgType, Preset } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it, vi } from 'vitest';
import { sendEncryptedAttachment } from '../support/attachments';
import { gradientPng } from '../support/png';
import { accessibleInEveryScheme } from '../support/schemes';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

/** How far the page scrolls sideways at a viewport 320 CSS pixels wide (WCAG 1.4.10); 0 when it reflows. */
async function sidewaysAt320(page: Page): Promise<number> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    return await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  } finally {
    await page.setViewportSize(size);
  }
}

/** One screen of the walk: accessible in every scheme, and reflowing at 320 pixels. */
async function checkScreen(page: Page, screen: string): Promise<void> {
  await accessibleInEveryScheme(page);
  expect({ screen, sideways: await sidewaysAt320(page) }).toEqual({ screen, sideways: 0 });
}

describe('the workspace walk, in light, dark and forced colours, at any width', () => {
  const people = aliceInTheAppBobOnNode(synapse);

  it('invitation, room with folded set-up and grouped messages, mention, reply, link, picker, viewer, menus, room switching', async () => {
    const { harness, alice, bob } = people();
    const { page } = harness;
    await bob.setDisplayName('Bob Bauer');
    const encrypted = [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }];
    const { room_id: amtshilfe } = await bob.createRoom({ preset: Preset.PrivateChat, name: 'Amtshilfe', invite: [alice.userId], initial_state: encrypted });
    await bob.createRoom({ preset: Preset.PrivateChat, name: 'Poststelle', invite: [alice.userId] });
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await expect.poll(() => list.getByRole('button', { name: 'Accept' }).count()).toBe(2);
    await checkScreen(page, 'invitations');

    await list.locator(`[data-invite-room-id="${amtshilfe}"]`).getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Amtshilfe' }).waitFor();
    // Bob shares the room key only with members his client knows.
    await vi.waitUntil(() => bob.getRoom(amtshilfe)?.getMember(alice.userId)?.membership === 'join', { timeout: 30_000 });
    const log = page.getByRole('log');
    await log.getByRole('button', { name: /created and set up the room/ }).waitFor();

    await bob.sendMessage(amtshilfe, { msgtype: MsgType.Text, body: 'Guten Morgen aus der Poststelle' });
    await bob.sendMessage(amtshilfe, { msgtype: MsgType.Text, body: 'Die Akte liegt unter https://akten.bund.example/4711' });
    await bob.sendMessage(amtshilfe, { msgtype: MsgType.Text, body: `${alice.localpart}, bitte prüfen`, 'm.mentions': { user_ids: [alice.userId] } });
    await sendEncryptedAttachment(bob, amtshilfe, {
      name: 'Lageplan.png',
      mimetype: 'image/png',
      bytes: gradientPng(800, 500),
      image: { width: 800, height: 500, thumbnail: { bytes: gradientPng(320, 200), width: 320, height: 200 } },
    });
    await log.getByRole('link', { name: 'https://akten.bund.example/4711' }).waitFor({ timeout: 30_000 });
    await log.getByRole('button', { name: 'Show Lageplan.png full size' }).waitFor({ timeout: 30_000 });
    // Bob's messages are one group: one avatar beside them.
    const fromBob = log.getByRole('article').filter({ hasText: /Guten Morgen|Die Akte|bitte prüfen|Lageplan/ });
    await expect.poll(() => fromBob.count()).toBe(4);
    expect(await fromBob.locator('.gutter .avatar').count()).toBe(1);
    await checkScreen(page, 'room');

    // A reply that mentions Bob, his name completed from the keyboard.
    const mention = log.getByRole('article').filter({ hasText: 'bitte prüfen' });
    await mention.hover();
    await mention.getByRole('button', { name: 'Reply', exact: true }).click();
    const composer = page.getByRole('textbox', { name: /^Message to/ });
    await composer.focus();
    await page.keyboard.type('Erledigt, @Bo');
    await page.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: /^Bob Bauer/ }).waitFor();
    await checkScreen(page, 'mention suggestions');
    await page.keyboard.press('Enter');
    await page.keyboard.type(' danke');
    await page.keyboard.press('Enter');
    await log.getByRole('link', { name: 'Bob Bauer' }).waitFor();

    // A reaction from the picker.
    const greeting = log.getByRole('article').filter({ hasText: 'Guten Morgen' });
    await greeting.hover();
    await greeting.getByRole('button', { name: 'React', exact: true }).click();
    await greeting.getByRole('button', { name: 'More reactions…' }).click();
    const picker = page.getByRole('dialog', { name: 'Choose an emoji' });
    await picker.getByRole('option', { name: 'grinning face', exact: true }).waitFor();
    await checkScreen(page, 'emoji picker');
    await page.keyboard.type('thumbs');
    await expect.poll(() => picker.getByRole('option').first().getAttribute('aria-label')).toBe('thumbs up');
    await page.keyboard.press('Enter');
    await greeting.getByRole('listitem').getByRole('button', { name: /^👍 1/ }).waitFor();

    // The picture full size, opened and closed from the keyboard.
    const picture = log.getByRole('button', { name: 'Show Lageplan.png full size' });
    await picture.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Lageplan.png' }).waitFor();
    await checkScreen(page, 'image viewer');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Show Lageplan.png full size');

    // The user menu and the room's menu, keyboard only: Enter opens, Escape returns to the button.
    for (const [testId, menuName] of [
      ['user-menu', /^Account menu for /],
      ['room-menu', 'Room options'],
    ] as const) {
      const button = page.getByTestId(testId);
      const menu = page.getByRole('menu', { name: menuName });
      await button.focus();
      await page.keyboard.press('Enter');
      await menu.waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => button.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await menu.waitFor();
      await checkScreen(page, testId);
      await page.keyboard.press('Escape');
    }

    // The second invitation accepted, the rooms are switched with Alt+Up and Alt+Down.
    await list.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Poststelle' }).waitFor();
    await composer.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.getByRole('heading', { name: 'Amtshilfe' }).waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await page.getByRole('heading', { name: 'Poststelle' }).waitFor();
    await checkScreen(page, 'second room');
  });
});
