import { MsgType, Preset, type MatrixClient } from 'matrix-js-sdk';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

/** Bob opens a room and invites Alice; she accepts in the app and it opens. */
async function roomFromBob(page: Page, bob: MatrixClient, aliceId: string, name: string): Promise<string> {
  const { room_id: roomId } = await bob.createRoom({ preset: Preset.PrivateChat, name, invite: [aliceId] });
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
  await expect.poll(() => page.getByRole('heading', { name }).count()).toBe(1);
  await expect.poll(() => bob.getRoom(roomId)?.getMember(aliceId)?.membership).toBe('join');
  return roomId;
}

async function openRoom(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name }).click();
  await expect.poll(() => page.getByRole('heading', { name }).count()).toBe(1);
}

/** Whether an element is drawn inside the visible part of another (the timeline's scrolled viewport). */
async function insideOf(element: Locator, viewport: Locator): Promise<boolean> {
  if ((await element.count()) === 0) return false;
  const [box, frame] = await Promise.all([element.boundingBox(), viewport.boundingBox()]);
  return box !== null && frame !== null && box.y + box.height > frame.y && box.y < frame.y + frame.height;
}

describe('reading a conversation: groups, folds, actions, the start, mentions, deletions, receipts', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let fristen: string;

  it('folds the room set-up into one line that opens with a button, and groups a sender’s messages under one name', async () => {
    const { harness, alice, bob, bobUser } = people();
    const { page } = harness;
    const log = page.getByRole('log');
    fristen = await roomFromBob(page, bob, alice.userId, 'Fristen');

    // Bob's set-up (creating, joining, naming, inviting) is one line, closed.
    const setup = log.getByRole('button', { name: new RegExp(`^${bobUser.localpart} created and set up the room`) });
    await expect.poll(() => setup.getAttribute('aria-expanded')).toBe('false');
    expect(await log.getByText(/named the room/).count()).toBe(0);
    await setup.click();
    await expect.poll(() => setup.getAttribute('aria-expanded')).toBe('true');
    expect(await log.getByText(`${bobUser.localpart} named the room “Fristen”`).count()).toBe(1);
    expect(await log.getByText(new RegExp(`^${bobUser.localpart} invited `)).count()).toBe(1);

    // Three messages in a row: one name and avatar, each message still says whose it is.
    for (const body of ['Erste Frist: Montag', 'Zweite Frist: Mittwoch', 'Dritte Frist: Freitag']) await bob.sendTextMessage(fristen, body);
    const messages = log.getByRole('article').filter({ hasText: / Frist: / });
    await expect.poll(() => messages.count()).toBe(3);
    expect(await messages.locator('.gutter .avatar').count()).toBe(1);
    expect(await messages.first().locator('header').textContent()).toContain(bobUser.localpart);
    for (const text of await messages.allTextContents()) expect(text).toContain(bobUser.localpart);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A grouped one-line message is one line high: its actions take no room until they show.
    const second = messages.nth(1);
    const toolbar = second.getByRole('group', { name: `Message from ${bobUser.localpart}` });
    const heightBefore = (await second.boundingBox())!.height;
    expect(heightBefore).toBeLessThan(48);
    expect(await toolbar.evaluate((element) => getComputedStyle(element).opacity)).toBe('0');

    // The keyboard reaches the actions: focus within the message shows them, each at least 24 by 24 pixels.
    await second.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reply');
    expect(await toolbar.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
    for (const button of await toolbar.getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(24);
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    expect((await second.boundingBox())!.height).toBe(heightBefore);
  });

  it('highlights messages that mention Alice, says who deleted a message, and shows who read it', async () => {
    const { harness, alice, bob, bobUser } = people();
    const { page } = harness;
    const log = page.getByRole('log');
    await bob.sendMessage(fristen, { msgtype: MsgType.Text, body: 'Bitte bis Freitag prüfen', 'm.mentions': { user_ids: [alice.userId] } });
    await bob.sendMessage(fristen, { msgtype: MsgType.Text, body: `Frage an ${alice.localpart}: passt das?` });
    await bob.sendMessage(fristen, { msgtype: MsgType.Text, body: `${alice.localpart} hatte recht`, 'm.mentions': {} });

    const mentioned = log.getByRole('article').filter({ hasText: 'Mentions you' });
    await expect.poll(() => mentioned.count()).toBe(2);
    expect(await mentioned.allTextContents()).toEqual([expect.stringContaining('Bitte bis Freitag prüfen'), expect.stringContaining('passt das?')]);
    const plain = log.getByRole('article').filter({ hasText: 'hatte recht' });
    const [highlight, normal] = await Promise.all([mentioned.first(), plain].map((article) => article.evaluate((element) => getComputedStyle(element).backgroundColor)));
    expect(highlight).not.toBe(normal);

    // Alice writes; Bob reads it: his avatar on her message, his name in its accessible name. Hers is never shown.
    const composer = page.getByLabel('Message to Fristen');
    await composer.fill('Ich kümmere mich darum');
    await composer.press('Enter');
    const mine = log.getByRole('article').filter({ hasText: 'Ich kümmere mich darum' });
    await expect.poll(async () => (await mine.getAttribute('data-event-id'))?.startsWith('$')).toBe(true);
    const mineId = (await mine.getAttribute('data-event-id'))!;
    await expect.poll(() => bob.getRoom(fristen)?.findEventById(mineId) !== undefined).toBe(true);
    await bob.sendReadReceipt(bob.getRoom(fristen)!.findEventById(mineId)!);
    await expect.poll(() => mine.getByRole('img', { name: `Read by ${bobUser.localpart}` }).count()).toBe(1);
    expect(await log.getByRole('img', { name: new RegExp(alice.localpart) }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Bob, the room's admin, deletes Alice's message: she sees who did.
    await bob.redactEvent(fristen, mineId);
    await expect.poll(() => log.getByText(new RegExp(`^Deleted by ${bobUser.localpart} · `)).count()).toBe(1);
  });

  it('shows the start of the conversation only at its real start, and jumps to the first unread message and back', async () => {
    const { harness, alice, bob } = people();
    const { page } = harness;
    const log = page.getByRole('log');
    const archiv = await roomFromBob(page, bob, alice.userId, 'Archiv');
    for (let i = 1; i <= 40; i += 1) await bob.sendTextMessage(archiv, `Vorgang ${i}`);
    await expect.poll(() => log.getByText('Vorgang 40', { exact: true }).count()).toBe(1);

    // Scrolling up loads history back to the room's start, and there it says so.
    const start = log.getByText('This is the start of the conversation.');
    const scroller = log.locator('.vlist');
    await expect.poll(async () => {
      await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
      return insideOf(start, log);
    }).toBe(true);

    // Back at the newest messages the start line is not pinned above them.
    expect(await page.getByRole('button', { name: 'Jump to latest message' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Jump to latest message' }).click();
    await expect.poll(() => insideOf(log.getByText('Vorgang 40', { exact: true }), log)).toBe(true);
    expect(await insideOf(start, log)).toBe(false);
    await expect.poll(() => page.getByRole('button', { name: 'Jump to latest message' }).count()).toBe(0);

    // Away in another room, 25 messages come; back, the first of them is a jump away.
    await openRoom(page, 'Fristen');
    const unread: string[] = [];
    for (let i = 41; i <= 65; i += 1) unread.push((await bob.sendTextMessage(archiv, `Vorgang ${i}`)).event_id);
    await openRoom(page, 'Archiv');
    await expect.poll(() => insideOf(log.getByText('Vorgang 65', { exact: true }), log)).toBe(true);
    const toUnread = page.getByRole('button', { name: 'Jump to first unread message' });
    await expect.poll(() => toUnread.count()).toBe(1);
    await toUnread.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-event-id'))).toBe(unread[0]);
    expect(await insideOf(log.getByText('New messages'), log)).toBe(true);
    await page.getByRole('button', { name: 'Jump to latest message' }).click();
    await expect.poll(() => insideOf(log.getByText('Vorgang 65', { exact: true }), log)).toBe(true);
  });
});
