import { EventType, MsgType, Preset, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TimelineViewModel } from '../../src/renderer/lib/view-models/timeline-view-model';
import type { TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';
import { loginNewDevice } from '../support/matrix-api';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

const context = (client: MatrixClient) => ({
  ownUserId: client.getSafeUserId(),
  memberNames: () => (userId: string) => userId,
  sanitize: (html: string) => `sanitised:${html}`,
  linkify: () => null,
});

function messages(items: readonly TimelineItem[]): string[] {
  return items.flatMap((item) => (item.kind === 'message' ? [item.body] : []));
}

async function joinedRoom(client: MatrixClient, roomId: string) {
  await expect.poll(() => client.getRoom(roomId)?.getMyMembership()).toBe('join');
  return client.getRoom(roomId)!;
}

describe('TimelineViewModel against Synapse', () => {
  let aliceUser: RegisteredUser;
  let alice: MatrixClient;
  let bob: MatrixClient;
  beforeAll(async () => {
    aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    alice = await startPeer(synapse.baseUrl, aliceUser);
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
  });
  afterAll(() => {
    alice.stopClient();
    bob.stopClient();
  });

  it('pages back through 120 messages to the start of the room, in order', async () => {
    const { room_id: roomId } = await bob.createRoom({ preset: Preset.PublicChat, name: 'Archiv' });
    for (let i = 1; i <= 120; i += 1) await bob.sendTextMessage(roomId, `Nachricht ${i}`);
    await alice.joinRoom(roomId);
    const timeline = new TimelineViewModel(alice, await joinedRoom(alice, roomId), context(alice));

    while (await timeline.paginateBack()) {
      // each page adds older events until the room's creation is reached
    }
    const bodies = messages(timeline.value.items);
    expect(bodies).toEqual(Array.from({ length: 120 }, (_, i) => `Nachricht ${i + 1}`));
    expect(timeline.value.canPaginateBack).toBe(false);
    expect(timeline.value.items[0]).toMatchObject({ kind: 'room-change', change: 'created' });
    expect(timeline.value.items.some((item) => item.kind === 'membership' && item.change === 'joined')).toBe(true);
    timeline.dispose();
  });

  it('follows live messages, sanitises HTML once, marks own messages, and shows redactions in place', async () => {
    const { room_id: roomId } = await alice.createRoom({ preset: Preset.PrivateChat, invite: [bob.getSafeUserId()] });
    await expect.poll(() => bob.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(roomId);
    const sanitised: string[] = [];
    const timeline = new TimelineViewModel(alice, await joinedRoom(alice, roomId), {
      ...context(alice),
      sanitize: (html) => {
        sanitised.push(html);
        return `sanitised:${html}`;
      },
    });

    const { event_id: eventId } = await bob.sendHtmlMessage(roomId, 'fett', '<b>fett</b>');
    await alice.sendTextMessage(roomId, 'eigene Nachricht');
    await expect.poll(() => messages(timeline.value.items)).toEqual(['fett', 'eigene Nachricht']);
    const [fromBob, own] = timeline.value.items.filter((item) => item.kind === 'message');
    expect(fromBob).toMatchObject({ html: 'sanitised:<b>fett</b>', own: false, status: 'sent' });
    expect(own).toMatchObject({ own: true, html: null });
    // Later refreshes (here for a local echo) reuse the sanitised HTML.
    await alice.sendTextMessage(roomId, 'noch eine');
    await expect.poll(() => messages(timeline.value.items)).toContain('noch eine');
    expect(sanitised).toEqual(['<b>fett</b>']);

    await bob.redactEvent(roomId, eventId);
    await expect.poll(() => timeline.value.items.find((item) => item.eventId === eventId)?.kind).toBe('redacted');
    expect(messages(timeline.value.items)).toEqual(['eigene Nachricht', 'noch eine']);
    timeline.dispose();
  });

  it('decrypts messages in an encrypted room and never shows them as undecryptable once keys arrived', async () => {
    const { room_id: roomId } = await alice.createRoom({
      preset: Preset.PrivateChat,
      invite: [bob.getSafeUserId()],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await expect.poll(() => bob.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(roomId);
    await expect.poll(() => alice.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    const timeline = new TimelineViewModel(alice, await joinedRoom(alice, roomId), context(alice));
    // Bob's client must have seen the room's encryption before it can send there.
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);

    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'vertraulich' });
    await expect.poll(() => messages(timeline.value.items)).toEqual(['vertraulich']);
    expect(timeline.value.items.filter((item) => item.kind === 'undecryptable')).toEqual([]);
    expect(timeline.value.items.some((item) => item.kind === 'room-change' && item.change === 'encryption')).toBe(true);
    timeline.dispose();
  });

  it('quotes a reply whose original is far back only once it is loaded, and locates that original on request', async () => {
    const { room_id: roomId } = await bob.createRoom({ preset: Preset.PublicChat, name: 'Rückfragen' });
    const { event_id: original } = await bob.sendTextMessage(roomId, 'Ursprüngliche Frage');
    for (let i = 1; i <= 60; i += 1) await bob.sendTextMessage(roomId, `Zwischen ${i}`);
    await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: '> <@someone:localhost> Ursprüngliche Frage\n\nDie Antwort',
      'm.relates_to': { 'm.in_reply_to': { event_id: original } },
    });
    await alice.joinRoom(roomId);
    const timeline = new TimelineViewModel(alice, await joinedRoom(alice, roomId), context(alice));
    const reply = () => timeline.value.items.find((item) => item.kind === 'message' && item.body === 'Die Antwort');

    await expect.poll(() => reply()).toMatchObject({ replyTo: { eventId: original, senderName: null, text: null } });
    expect(await timeline.locate(original)).toBe(true);
    expect(reply()).toMatchObject({ replyTo: { eventId: original, senderName: bob.getSafeUserId(), text: 'Ursprüngliche Frage' } });
    expect(await timeline.locate('$not-in-this-room')).toBe(false);
    timeline.dispose();
  });

  it('says why a message cannot be read yet, and shows it in place once the keys arrive', async () => {
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      invite: [alice.getSafeUserId()],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await expect.poll(() => alice.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await alice.joinRoom(roomId);
    await expect.poll(() => bob.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    const { event_id: eventId } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'vor der neuen Sitzung' });

    // Alice signs in on a second device: the room key was shared with her first one only.
    const secondDevice = await startPeer(synapse.baseUrl, { ...aliceUser, ...(await loginNewDevice(synapse.baseUrl, aliceUser)) });
    const timeline = new TimelineViewModel(secondDevice, await joinedRoom(secondDevice, roomId), context(secondDevice));
    const item = () => timeline.value.items.find((candidate) => candidate.eventId === eventId);
    await expect.poll(() => item()?.kind).toBe('undecryptable');
    expect(item()).toMatchObject({ reason: expect.stringMatching(/^(waiting-for-keys|before-session-no-backup)$/) });

    // The keys arrive (here by import, as from a key file): the same item becomes the message.
    await secondDevice.getCrypto()!.importRoomKeys(await bob.getCrypto()!.exportRoomKeys());
    await expect.poll(() => item()).toMatchObject({ kind: 'message', body: 'vor der neuen Sitzung' });
    timeline.dispose();
    secondDevice.stopClient();
  });
});

