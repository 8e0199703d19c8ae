import { EventType, MsgType, Preset, RelationType, type MatrixClient } from 'matrix-js-sdk';
import type { Locator } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { gradientPng } from '../support/png';
import { registerUser, uniqueLocalpart } from '../support/synapse';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

/** Bob's copy of an event (null until his client has it). */
function bobsEvent(bob: MatrixClient, roomId: string, eventId: string) {
  return bob.getRoom(roomId)?.findEventById(eventId) ?? null;
}

/** The reaction keys Bob's client sees on an event, taken-back ones excluded. */
function bobsReactionKeys(bob: MatrixClient, roomId: string, eventId: string): string[] {
  const annotations = bob.getRoom(roomId)?.relations.getChildEventsForEvent(eventId, RelationType.Annotation, EventType.Reaction);
  return (annotations?.getSortedAnnotationsByKey() ?? []).filter(([, events]) => [...events].some((event) => !event.isRedacted())).map(([key]) => key);
}

/** The server's id of a message shown in the UI, once its local echo has been replaced. */
async function shownEventId(message: Locator): Promise<string> {
  await expect.poll(async () => (await message.getAttribute('data-event-id'))?.startsWith('$')).toBe(true);
  return (await message.getAttribute('data-event-id'))!;
}

describe('a conversation between two agencies: invitation, replies, edits, reactions, deletion, leaving', () => {
  const people = aliceInTheAppBobOnNode(synapse);

  it('does everything a person does in a room, and the other side sees each step', async () => {
    const { harness, alice, bob, bobUser } = people();
    const { page } = harness;
    const log = page.getByRole('log');

    // Bob invites Alice to an encrypted room; she accepts in the room list.
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Amtshilfe',
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Amtshilfe' }).count()).toBe(1);
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership).toBe('join');
    expect(await page.getByTestId('room-encryption').textContent()).toContain('End-to-end encrypted');
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);

    // Bob asks; Alice answers with Reply, and Bob's copy names the question.
    const { event_id: question } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Können Sie die Akte schicken?' });
    const questionShown = log.locator(`[data-event-id="${question}"]`);
    await expect.poll(() => questionShown.getByText('Können Sie die Akte schicken?').count()).toBe(1);
    await questionShown.getByRole('button', { name: 'Reply' }).click();
    const composer = page.getByLabel('Message to Amtshilfe');
    await expect.poll(() => page.getByText(/^Replying to /).count()).toBe(1);
    await composer.fill('Ja, heute noch');
    await composer.press('Enter');
    const answerShown = log.locator('article', { hasText: 'Ja, heute noch' });
    const answer = await shownEventId(answerShown);
    await expect.poll(() => bobsEvent(bob, roomId, answer)?.replyEventId).toBe(question);
    expect(await answerShown.getByRole('button', { name: /^In reply to / }).textContent()).toContain('Können Sie die Akte schicken?');

    // Alice edits her answer with Up in the empty composer; Bob sees the new text.
    await composer.focus();
    await composer.press('ArrowUp');
    await expect.poll(() => composer.inputValue()).toBe('Ja, heute noch');
    await composer.fill('Ja, heute bis 16 Uhr');
    await composer.press('Enter');
    await expect.poll(() => bobsEvent(bob, roomId, answer)?.getContent().body).toBe('Ja, heute bis 16 Uhr');
    await expect.poll(() => log.locator(`[data-event-id="${answer}"]`).textContent()).toMatch(/Ja, heute bis 16 Uhr\s*\(edited\)/);

    // Bob edits his question; Alice sees the new text, marked, and her reply's quote follows.
    await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: '* Können Sie die Akte bis Freitag schicken?',
      'm.new_content': { msgtype: MsgType.Text, body: 'Können Sie die Akte bis Freitag schicken?' },
      'm.relates_to': { rel_type: RelationType.Replace, event_id: question },
    });
    await expect.poll(() => questionShown.textContent()).toMatch(/bis Freitag schicken\?\s*\(edited\)/);
    await expect.poll(() => log.locator(`[data-event-id="${answer}"]`).getByRole('button', { name: /^In reply to / }).textContent()).toContain('bis Freitag');

    // Bob answers Alice; clicking the quote in his reply takes Alice to her message.
    const { event_id: thanks } = await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: 'Danke!',
      'm.relates_to': { 'm.in_reply_to': { event_id: answer } },
    });
    const thanksShown = log.locator(`[data-event-id="${thanks}"]`);
    await thanksShown.getByRole('button', { name: /^In reply to / }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-event-id'))).toBe(answer);

    // Reactions both ways, with who reacted; Alice takes hers back.
    await questionShown.getByRole('button', { name: 'React', exact: true }).click();
    await questionShown.getByRole('button', { name: 'React with 👍' }).click();
    await expect.poll(() => bobsReactionKeys(bob, roomId, question)).toEqual(['👍']);
    await bob.sendEvent(roomId, EventType.Reaction, { 'm.relates_to': { rel_type: RelationType.Annotation, event_id: answer, key: '✅' } });
    await expect.poll(() => log.locator(`[data-event-id="${answer}"]`).getByRole('button', { name: `✅ 1 from ${bobUser.localpart}` }).count()).toBe(1);
    const ownReaction = questionShown.getByRole('button', { name: /^👍 1 from / });
    expect(await ownReaction.getAttribute('aria-pressed')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await ownReaction.click();
    await expect.poll(() => bobsReactionKeys(bob, roomId, question)).toEqual([]);
    await expect.poll(() => ownReaction.count()).toBe(0);

    // Alice deletes her answer after confirming; Bob's copy is redacted. Bob deletes his question.
    const answerNow = log.locator(`[data-event-id="${answer}"]`);
    await answerNow.getByRole('button', { name: 'Delete' }).click();
    await answerNow.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => bobsEvent(bob, roomId, answer)?.isRedacted()).toBe(true);
    await bob.redactEvent(roomId, question);
    await expect.poll(() => log.getByText(/^Message deleted/).count()).toBe(2);

    // Alice leaves; Bob sees her go, and the room leaves her list.
    // Leaving (in the room's menu) asks first; Escape stays, back on the menu button; the second time she confirms.
    await page.getByRole('button', { name: 'Room options' }).click();
    await page.getByRole('menuitem', { name: 'Leave room…' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Room options');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: /^Leave Amtshilfe\?/ }).getByRole('button', { name: 'Leave room' }).click();
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership).toBe('leave');
    await expect.poll(() => page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Amtshilfe' }).count()).toBe(0);
  });

  it('shows members with their roles and avatars, loaded through authenticated media', async () => {
    const { harness, alice, bob, bobUser } = people();
    const { page } = harness;
    const carol = await registerUser(synapse, uniqueLocalpart('carol'));
    const picture = new Uint8Array(gradientPng(64, 64));
    const { content_uri: avatar } = await bob.uploadContent(new Blob([picture], { type: 'image/png' }), { type: 'image/png' });
    await bob.setAvatarUrl(avatar);
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Lagebesprechung',
      invite: [alice.userId, carol.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Lagebesprechung' }).count()).toBe(1);
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Beginn 10 Uhr' });

    // Bob's picture beside his message: fetched with the token, shown from a blob: URL.
    const message = page.getByRole('log').locator('article', { hasText: 'Beginn 10 Uhr' });
    const avatarImage = message.locator('.avatar img');
    await expect.poll(() => avatarImage.getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => avatarImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // The member list: joined with roles, invited apart, a filter, and Escape back to the header.
    const toggle = page.getByRole('button', { name: '2 members' });
    await toggle.click();
    const panel = page.getByRole('region', { name: 'Members' });
    await expect.poll(() => panel.getByRole('heading', { name: 'In the room (2)' }).count()).toBe(1);
    expect(await panel.getByRole('heading', { name: 'Invited (1)' }).count()).toBe(1);
    expect(await panel.getByRole('listitem').filter({ hasText: bobUser.localpart }).textContent()).toContain('Admin');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.type(carol.localpart);
    await expect.poll(() => panel.getByRole('heading').allTextContents()).toEqual(['Members', 'Invited (1)']);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await toggle.evaluate((button) => button === document.activeElement)).toBe(true);
  });
});
