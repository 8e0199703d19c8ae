import { randomBytes } from 'node:crypto';
import { JSDOM } from 'jsdom';
import { EventStatus, EventType, MsgType, Preset, ReceiptType, RelationType, RoomEvent, RoomMemberEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openComposeMemory } from '../../src/renderer/lib/compose-memory';
import { neutraliseName } from '../../src/renderer/lib/content/display-text';
import { renderMarkdown } from '../../src/renderer/lib/content/markdown';
import { createHtmlSanitizer } from '../../src/renderer/lib/content/sanitize-html';
import { deriveSealingKey } from '../../src/renderer/lib/local-seal';
import type { MessageAlert } from '../../src/renderer/lib/matrix/message-alerts';
import type { RoomViewModel } from '../../src/renderer/lib/view-models/room-view-model';
import { PrivacyChoices } from '../../src/renderer/lib/view-models/privacy-choices';
import { WorkspaceViewModel, type SelectionMemory } from '../../src/renderer/lib/view-models/workspace-view-model';
import type { MessageItem } from '../../src/renderer/lib/view-models/timeline-items';
import { MemoryStorage } from '../support/memory-storage';
import { noRecords } from '../support/quiet-desktop';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const sanitizer = createHtmlSanitizer(new JSDOM('').window as unknown as Window & typeof globalThis);

function recordingDesktop(attentive: boolean) {
  const alerts: MessageAlert[] = [];
  const unreadCounts: number[] = [];
  const lockReports: boolean[] = [];
  return {
    alerts,
    unreadCounts,
    lockReports,
    notify: (alert: MessageAlert) => void alerts.push(alert),
    setUnreadCount: (n: number) => void unreadCounts.push(n),
    isAttentive: () => attentive,
    setLocked: (locked: boolean) => void lockReports.push(locked),
    saveText: async () => false,
    filePolicy: async () => ({ maxUploadBytes: null, downloadsEnabled: true }),
    allowedServers: async () => null,
    saveFile: async () => 'cancelled' as const,
    notificationContent: { policy: async () => ({ content: 'full' as const, locked: false }), load: () => null, save: () => {} },
    records: noRecords,
  };
}

function memory(): SelectionMemory & { saved: (string | null)[] } {
  const saved: (string | null)[] = [];
  return { saved, load: () => saved.at(-1) ?? null, save: (roomId) => void saved.push(roomId) };
}

/** Drafts and queued messages as the app keeps them, in a fresh storage. */
async function compose(userId: string) {
  return openComposeMemory(new MemoryStorage(), userId, await deriveSealingKey(randomBytes(32)), () => {});
}

const content = { sanitize: (html: string) => sanitizer.display(html), linkify: (text: string) => sanitizer.displayText(text), neutraliseName, renderMarkdown: (text: string) => renderMarkdown(text, sanitizer), readImage: async () => null };

/** The room the workspace has open; the test has just opened one. */
function openRoom(chat: WorkspaceViewModel): RoomViewModel {
  const room = chat.value.room;
  if (!room) throw new Error('No room is open');
  return room;
}

/** The open room's message item with this plain body, as the person sees it. */
function shown(chat: WorkspaceViewModel, body: string): MessageItem | undefined {
  return chat.value.room?.value.timeline.items.find((item): item is MessageItem => item.kind === 'message' && item.body === body);
}

/** The other side's copy of an event, once its client has it (decrypted). */
function theirs(client: MatrixClient, roomId: string, eventId: string): MatrixEvent | undefined {
  return client.getRoom(roomId)?.findEventById(eventId);
}

describe('WorkspaceViewModel against Synapse', () => {
  let alice: MatrixClient;
  let alicePassword: string;
  /** What Alice's client told the server about her typing, in order. */
  const aliceTypingSent: boolean[] = [];
  const recordTyping: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (init?.method === 'PUT' && url.includes('/typing/')) aliceTypingSent.push(JSON.parse(String(init.body)).typing);
    return fetch(input, init);
  };
  let bob: MatrixClient;
  beforeAll(async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    alicePassword = aliceUser.password;
    alice = await startPeer(synapse.baseUrl, aliceUser, { fetchFn: recordTyping });
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
  });
  afterAll(() => {
    alice.stopClient();
    bob.stopClient();
  });

  it('starts an encrypted direct chat, notifies about messages in it while away, and counts them as unread', async () => {
    const desktop = recordingDesktop(false);
    const chat = new WorkspaceViewModel(alice, content, memory(), desktop, await compose(alice.getSafeUserId()));

    await chat.startDirectChat(bob.getSafeUserId());
    await expect.poll(() => chat.value.room?.value.header.encrypted).toBe(true);
    const roomId = chat.value.room!.roomId;
    expect(alice.getAccountData(EventType.Direct)?.getContent()).toMatchObject({ [bob.getSafeUserId()]: [roomId] });
    await expect.poll(() => chat.roomList.value.rooms.find((room) => room.roomId === roomId)?.kind).toBe('direct');

    await expect.poll(() => bob.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(roomId);
    await expect.poll(() => alice.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    // Bob's client must have seen the room's encryption before it can send there.
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    await bob.sendTextMessage(roomId, 'Kurze Rückfrage zum Bescheid');

    await expect.poll(() => desktop.alerts.map((alert) => alert.body)).toEqual(['Kurze Rückfrage zum Bescheid']);
    expect(desktop.alerts[0]).toMatchObject({ roomId });
    await expect.poll(() => desktop.unreadCounts.at(-1)).toBe(1);

    // Reading the room sends the receipt; the count goes back to zero.
    await openRoom(chat).markRead();
    await expect.poll(() => desktop.unreadCounts.at(-1)).toBe(0);

    // Typing shows on the other side, both ways.
    await bob.sendTyping(roomId, true, 10_000);
    await expect.poll(() => chat.value.room?.value.header.typing.length).toBe(1);
    await openRoom(chat).typing(true);
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.getSafeUserId())?.typing).toBe(true);
    await openRoom(chat).typing(false);
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.getSafeUserId())?.typing).toBe(false);
    await chat.close();
  });

  it('opens an accepted invite only once the join has synced, so the room never looks invited afterwards', async () => {
    const chat = new WorkspaceViewModel(alice, content, memory(), recordingDesktop(true), await compose(alice.getSafeUserId()));
    const { room_id: roomId } = await bob.createRoom({ preset: Preset.PrivateChat, name: 'Einladung', invite: [alice.getSafeUserId()] });
    await expect.poll(() => chat.roomList.value.invites.map((invite) => invite.roomId)).toContain(roomId);
    const membershipWhenOpened: (string | undefined)[] = [];
    const stop = chat.subscribe(({ room }) => {
      if (room?.roomId === roomId && membershipWhenOpened.length === 0) membershipWhenOpened.push(alice.getRoom(roomId)?.getMyMembership());
    });

    await chat.acceptInvite(roomId);
    await expect.poll(() => chat.value.room?.roomId).toBe(roomId);
    expect(membershipWhenOpened).toEqual(['join']);
    await expect.poll(() => chat.roomList.value.rooms.some((room) => room.roomId === roomId)).toBe(true);
    expect(chat.roomList.value.invites.some((invite) => invite.roomId === roomId)).toBe(false);
    stop();
    await chat.close();
  });

  it('sends Markdown as HTML with a plain body, and remembers the open room', async () => {
    const desktop = recordingDesktop(true);
    const selection = memory();
    const chat = new WorkspaceViewModel(alice, content, selection, desktop, await compose(alice.getSafeUserId()));
    // The topic's hidden and direction-changing characters do not reach the header.
    await chat.createRoom({ name: 'Akte 2026/17', topic: 'Zu\u200Bständig\u202Ekeit', invite: [] });
    await expect.poll(() => chat.value.room?.value.header.name).toBe('Akte 2026/17');
    expect(chat.value.room?.value.header).toMatchObject({ topic: 'Zuständigkeit', encrypted: true, memberCount: 1 });
    expect(selection.saved.at(-1)).toBe(chat.value.room!.roomId);

    await openRoom(chat).send('Bitte **bis Freitag** prüfen');
    await expect.poll(() => {
      const items = chat.value.room?.value.timeline.items ?? [];
      const last = items.at(-1);
      return last?.kind === 'message' ? { body: last.body, html: last.html, status: last.status } : null;
    }).toEqual({ body: 'Bitte **bis Freitag** prüfen', html: 'Bitte <strong>bis Freitag</strong> prüfen', status: 'sent' });
    await chat.close();
  });

  it('replies, edits, reacts and deletes, and each is what the other side sees', async () => {
    const chat = new WorkspaceViewModel(alice, content, memory(), recordingDesktop(true), await compose(alice.getSafeUserId()));
    await chat.createRoom({ name: 'Abstimmung', topic: '', invite: [bob.getSafeUserId()] });
    await expect.poll(() => chat.value.room?.value.header.name).toBe('Abstimmung');
    const roomId = chat.value.room!.roomId;
    await joinEncrypted(bob, roomId);
    await expect.poll(() => chat.value.room?.value.header.memberCount).toBe(2);
    const bobsName = alice.getRoom(roomId)!.getMember(bob.getSafeUserId())!.name;
    const alicesName = alice.getRoom(roomId)!.getMember(alice.getSafeUserId())!.name;

    const { event_id: question } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Wann ist die Besprechung?' });
    await expect.poll(() => shown(chat, 'Wann ist die Besprechung?')?.eventId).toBe(question);

    // Reply: the composer knows what it answers; Bob's copy names the original.
    openRoom(chat).replyTo(question);
    expect(openRoom(chat).value.composer).toMatchObject({ kind: 'reply', eventId: question, senderName: bobsName, text: 'Wann ist die Besprechung?' });
    await openRoom(chat).send('Morgen um 9');
    expect(openRoom(chat).value.composer).toEqual({ kind: 'new' });
    await expect.poll(() => shown(chat, 'Morgen um 9')?.status).toBe('sent');
    const answer = shown(chat, 'Morgen um 9')!;
    expect(answer.replyTo).toEqual({ eventId: question, senderName: bobsName, text: 'Wann ist die Besprechung?' });
    await expect.poll(() => theirs(bob, roomId, answer.eventId)?.replyEventId).toBe(question);

    // Edit with the Up key's action: the last own message, changed in place on both sides.
    expect(openRoom(chat).editLast()).toBe(true);
    expect(openRoom(chat).value.composer).toEqual({ kind: 'edit', eventId: answer.eventId, body: 'Morgen um 9' });
    await openRoom(chat).send('Morgen um **10**');
    await expect.poll(() => shown(chat, 'Morgen um **10**')).toMatchObject({ eventId: answer.eventId, edited: true, html: 'Morgen um <strong>10</strong>' });
    expect(shown(chat, 'Morgen um **10**')!.replyTo?.eventId).toBe(question);
    await expect.poll(() => theirs(bob, roomId, answer.eventId)?.getContent().body).toBe('Morgen um **10**');
    expect(openRoom(chat).value.timeline.items.filter((item) => item.kind === 'message')).toHaveLength(2);

    // Bob edits his question; Alice sees the new text marked as edited, and the quote follows it.
    await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: '* Wann genau ist die Besprechung?',
      'm.new_content': { msgtype: MsgType.Text, body: 'Wann genau ist die Besprechung?' },
      'm.relates_to': { rel_type: RelationType.Replace, event_id: question },
    });
    await expect.poll(() => shown(chat, 'Wann genau ist die Besprechung?')?.edited).toBe(true);
    await expect.poll(() => shown(chat, 'Morgen um **10**')?.replyTo?.text).toBe('Wann genau ist die Besprechung?');

    // Reactions: Alice's reaches Bob; Bob's shows with his name; Alice can take hers back.
    await openRoom(chat).toggleReaction(question, '👍');
    await expect.poll(() => shown(chat, 'Wann genau ist die Besprechung?')?.reactions).toEqual([
      { key: '👍', senders: [alicesName], ownEventId: expect.any(String) },
    ]);
    await expect.poll(() => bobsReactions(bob, roomId, question)).toEqual(['👍']);
    await bob.sendEvent(roomId, EventType.Reaction, { 'm.relates_to': { rel_type: RelationType.Annotation, event_id: answer.eventId, key: '✅' } });
    await expect.poll(() => shown(chat, 'Morgen um **10**')?.reactions).toEqual([{ key: '✅', senders: [bobsName], ownEventId: null }]);
    await openRoom(chat).toggleReaction(question, '👍');
    await expect.poll(() => shown(chat, 'Wann genau ist die Besprechung?')?.reactions).toEqual([]);
    await expect.poll(() => bobsReactions(bob, roomId, question)).toEqual([]);

    // Alice created the room, so she may delete any message there; she can edit only her own.
    expect(shown(chat, 'Morgen um **10**')).toMatchObject({ canRedact: true, canEdit: true });
    expect(shown(chat, 'Wann genau ist die Besprechung?')).toMatchObject({ canRedact: true, canEdit: false });
    await openRoom(chat).redact(answer.eventId);
    await expect.poll(() => openRoom(chat).value.timeline.items.find((item) => item.eventId === answer.eventId)?.kind).toBe('redacted');
    await expect.poll(() => theirs(bob, roomId, answer.eventId)?.isRedacted()).toBe(true);
    await bob.redactEvent(roomId, question);
    await expect.poll(() => openRoom(chat).value.timeline.items.find((item) => item.eventId === question)?.kind).toBe('redacted');
    expect(openRoom(chat).editLast()).toBe(false);
    await chat.close();
  });

  it('keeps a message the server refused as failed, sends it again on retry exactly once, or discards it', async () => {
    // Bob's room lets only moderators write; Alice is a plain member at first.
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PublicChat,
      name: 'Nur Lesen',
      power_level_content_override: { events_default: 50 },
    });
    await alice.joinRoom(roomId);
    const chat = new WorkspaceViewModel(alice, content, memory(), recordingDesktop(true), await compose(alice.getSafeUserId()));
    await expect.poll(() => alice.getRoom(roomId)?.getMyMembership()).toBe('join');
    chat.selectRoom(roomId);

    await openRoom(chat).send('Erster Versuch');
    await expect.poll(() => shown(chat, 'Erster Versuch')?.status).toBe('failed');
    expect(chat.value.problem).toBe('send-failed');
    openRoom(chat).discard(shown(chat, 'Erster Versuch')!.eventId);
    await expect.poll(() => shown(chat, 'Erster Versuch')).toBeUndefined();

    await openRoom(chat).send('Zweiter Versuch');
    await expect.poll(() => shown(chat, 'Zweiter Versuch')?.status).toBe('failed');
    await bob.setPowerLevel(roomId, alice.getSafeUserId(), 50);
    await expect.poll(() => alice.getRoom(roomId)?.currentState.getStateEvents(EventType.RoomPowerLevels, '')?.getContent().users?.[alice.getSafeUserId()]).toBe(50);
    await openRoom(chat).retry(shown(chat, 'Zweiter Versuch')!.eventId);
    await expect.poll(() => shown(chat, 'Zweiter Versuch')?.status).toBe('sent');

    const bodies = () => (bob.getRoom(roomId)?.getLiveTimeline().getEvents() ?? []).filter((event) => event.getType() === EventType.RoomMessage).map((event) => event.getContent().body);
    await expect.poll(bodies).toEqual(['Zweiter Versuch']);
    expect(alice.getRoom(roomId)!.getPendingEvents().filter((event) => event.status === EventStatus.NOT_SENT)).toEqual([]);
    await chat.close();
  });

  it('marks where the unread messages start when a room is opened again', async () => {
    const chat = new WorkspaceViewModel(alice, content, memory(), recordingDesktop(true), await compose(alice.getSafeUserId()));
    await chat.createRoom({ name: 'Posteingang', topic: '', invite: [bob.getSafeUserId()] });
    await expect.poll(() => chat.value.room?.value.header.name).toBe('Posteingang');
    const roomId = chat.value.room!.roomId;
    await joinEncrypted(bob, roomId);
    const { event_id: read } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Gelesen' });
    // Looked at while open: the read marker follows.
    await expect.poll(() => alice.getRoom(roomId)?.getAccountData(EventType.FullyRead)?.getContent().event_id).toBe(read);
    expect(chat.value.room?.value.timeline.firstUnreadEventId).toBeNull();

    chat.selectRoom(null);
    const { event_id: unread } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Neu 1' });
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Neu 2' });
    await expect.poll(() => alice.getRoom(roomId)?.getLiveTimeline().getEvents().at(-1)?.getContent().body).toBe('Neu 2');
    chat.selectRoom(roomId);
    await expect.poll(() => chat.value.room?.value.timeline.firstUnreadEventId).toBe(unread);
    await chat.close();
  });

  it('while locked withdraws typing, sends and reads nothing, and notifies about the open room; unlocked, it reads what came', async () => {
    const desktop = recordingDesktop(true);
    const chat = new WorkspaceViewModel(alice, content, memory(), desktop, await compose(alice.getSafeUserId()));
    await chat.createRoom({ name: 'Vorzimmer', topic: '', invite: [bob.getSafeUserId()] });
    await expect.poll(() => chat.value.room?.value.header.name).toBe('Vorzimmer');
    const roomId = chat.value.room!.roomId;
    await joinEncrypted(bob, roomId);
    const aliceTyping = () => bob.getRoom(roomId)?.getMember(alice.getSafeUserId())?.typing;
    await openRoom(chat).typing(true);
    await expect.poll(aliceTyping).toBe(true);

    chat.lock.lock('idle');
    expect(desktop.lockReports).toEqual([true]);
    // Withdrawn at once, not left to expire on the server.
    await expect.poll(() => aliceTypingSent.at(-1)).toBe(false);
    await openRoom(chat).send('Nicht abschicken');

    const { event_id: meanwhile } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Während der Sperre' });
    await expect.poll(() => desktop.alerts.map((alert) => alert.body)).toContain('Während der Sperre');
    expect(alice.getRoom(roomId)!.getLiveTimeline().getEvents().map((event) => event.getContent().body)).not.toContain('Nicht abschicken');
    const fullyRead = () => alice.getRoom(roomId)?.getAccountData(EventType.FullyRead)?.getContent().event_id;
    expect(fullyRead()).not.toBe(meanwhile);

    await chat.lock.unlock(alicePassword);
    expect(desktop.lockReports).toEqual([true, false]);
    await expect.poll(fullyRead).toBe(meanwhile);
    await chat.close();
  });

  it.each([
    { policy: 'on', privacy: { readReceipts: true, typingNotifications: true }, bobSees: { typing: true, receipts: [ReceiptType.Read] } },
    { policy: 'off', privacy: { readReceipts: false, typingNotifications: false }, bobSees: { typing: false, receipts: [] } },
  ])('with read receipts and typing notifications $policy by policy, Bob sees them accordingly, and Alice keeps her read position', async ({ privacy, bobSees }) => {
    const aliceId = alice.getSafeUserId();
    const chat = new WorkspaceViewModel(alice, content, memory(), recordingDesktop(true), await compose(aliceId), { privacy: PrivacyChoices.fixed(privacy) });
    await chat.createRoom({ name: 'Vertraulich', topic: '', invite: [bob.getSafeUserId()] });
    await expect.poll(() => chat.value.room?.value.header.name).toBe('Vertraulich');
    const roomId = chat.value.room!.roomId;
    await joinEncrypted(bob, roomId);
    const seen = whatBobSeesOf(bob, roomId, aliceId);

    const { event_id: question } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Haben Sie es gelesen?' });
    // Alice looks at the room: her own server has her read position either way (private when off).
    const ownReceipt = privacy.readReceipts ? ReceiptType.Read : ReceiptType.ReadPrivate;
    await expect.poll(() => alice.getRoom(roomId)?.getReadReceiptForUserId(aliceId, true, ownReceipt)?.eventId).toBe(question);
    await openRoom(chat).typing(true);

    // Bob's next message reaches him after anything Alice's client sent before it.
    const { event_id: later } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Ich warte.' });
    await expect.poll(() => bob.getRoom(roomId)?.findEventById(later)?.status).toBeNull();
    await expect.poll(() => ({ typing: seen.typing, receipts: [...new Set(seen.receipts)] })).toEqual(bobSees);
    seen.stop();
    await chat.close();
  });
});

/** Whether Bob's client was told that this user typed, and the receipt types it got from them. */
function whatBobSeesOf(client: MatrixClient, roomId: string, userId: string) {
  const seen = { typing: false, receipts: [] as string[], stop: () => {} };
  const onTyping = (_event: MatrixEvent, member: { roomId: string; userId: string; typing: boolean }) => {
    if (member.roomId === roomId && member.userId === userId && member.typing) seen.typing = true;
  };
  const onReceipt = (event: MatrixEvent, room: { roomId: string }) => {
    if (room.roomId !== roomId) return;
    for (const byType of Object.values(event.getContent<Record<string, Record<string, Record<string, unknown>>>>())) {
      for (const [type, users] of Object.entries(byType)) if (Object.hasOwn(users, userId)) seen.receipts.push(type);
    }
  };
  client.on(RoomMemberEvent.Typing, onTyping);
  client.on(RoomEvent.Receipt, onReceipt);
  seen.stop = () => {
    client.off(RoomMemberEvent.Typing, onTyping);
    client.off(RoomEvent.Receipt, onReceipt);
  };
  return seen;
}

/** Accepts an invitation to an encrypted room and waits until the client can write there. */
async function joinEncrypted(client: MatrixClient, roomId: string): Promise<void> {
  await expect.poll(() => client.getRoom(roomId)?.getMyMembership()).toBe('invite');
  await client.joinRoom(roomId);
  await expect.poll(() => client.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
}

/** The reaction keys Bob's client sees on an event. */
function bobsReactions(client: MatrixClient, roomId: string, eventId: string): string[] {
  const annotations = client.getRoom(roomId)?.relations.getChildEventsForEvent(eventId, RelationType.Annotation, EventType.Reaction);
  return (annotations?.getSortedAnnotationsByKey() ?? []).filter(([, events]) => [...events].some((event) => !event.isRedacted())).map(([key]) => key);
}
