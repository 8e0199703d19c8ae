import { EventType, type Room } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/renderer/lib/matrix/attachment-content';
import { Outbox, type QueuedMessage } from '../../src/renderer/lib/view-models/outbox';
import { RoomViewModel, type DraftMemory, type PrivacySettings, type RoomHost, type RoomProblem } from '../../src/renderer/lib/view-models/room-view-model';
import type { MessageItem } from '../../src/renderer/lib/view-models/timeline-items';
import { WorkspaceViewModel } from '../../src/renderer/lib/view-models/workspace-view-model';
import { FakeMatrixClient } from '../support/fake-matrix-client';
import { noRecords, quietDesktop } from '../support/quiet-desktop';

const content = {
  sanitize: (html: string) => html,
  linkify: () => null,
  neutraliseName: (name: string) => name,
  renderMarkdown: (text: string) => ({ body: text, formattedBody: null }),
};

function drafts(): DraftMemory & { readonly kept: Map<string, string> } {
  const kept = new Map<string, string>();
  return { kept, load: (roomId) => kept.get(roomId) ?? '', save: (roomId, text) => void kept.set(roomId, text) };
}

function outboxMemory() {
  let saved: readonly QueuedMessage[] = [];
  return { load: () => [...saved], save: (messages: readonly QueuedMessage[]) => void (saved = messages) };
}

interface TestHost extends RoomHost {
  readonly problems: RoomProblem[];
  locked(): boolean;
  lock(locked: boolean): void;
  /** Moves the clock the typing notices are spaced by. */
  advance(ms: number): void;
}

function host(client: FakeMatrixClient, privacy: PrivacySettings = { readReceipts: true, typingNotifications: true }, attentive = true): TestHost {
  const problems: RoomProblem[] = [];
  let locked = false;
  let now = 1_000_000;
  return {
    content,
    outbox: new Outbox(client.asClient, outboxMemory()),
    attachments: { send: async (roomId: string, files: readonly File[]) => void client.sent.push({ roomId, type: 'files', content: { count: files.length } }), save: async (_attachment: Attachment) => {} },
    drafts: drafts(),
    privacy,
    records: { ...noRecords, attachment: async () => null },
    isDirect: () => false,
    problems,
    locked: () => locked,
    lock: (next) => void (locked = next),
    attentive: () => attentive && !locked,
    report: (problem) => void problems.push(problem),
    showRoom: () => undefined,
    now: () => now,
    advance: (ms) => void (now += ms),
  };
}

/** A room with Bob in it and a message from each. */
function roomWithMessages(client: FakeMatrixClient): { room: Room; question: string; answer: string } {
  const room = client.addRoom('!akte:example.org', { name: 'Akte', members: ['@bob:example.org'] });
  const question = client.receive(room.roomId, 'Wann  ist\ndie Besprechung?', '@bob:example.org').getId()!;
  const answer = client.receive(room.roomId, 'Morgen um 9').getId()!;
  return { room, question, answer };
}

function message(room: RoomViewModel, eventId: string): MessageItem | undefined {
  const item = room.value.timeline.items.find((candidate) => candidate.eventId === eventId);
  return item?.kind === 'message' ? item : undefined;
}

describe('RoomViewModel', () => {
  it('shows the room header and its messages as it opens', () => {
    const client = new FakeMatrixClient();
    const { room, question } = roomWithMessages(client);
    const model = new RoomViewModel(client.asClient, room, host(client));
    expect(model.value.header).toMatchObject({ roomId: room.roomId, name: 'Akte', memberCount: 2, encrypted: false, typing: [] });
    expect(message(model, question)).toMatchObject({ body: 'Wann  ist\ndie Besprechung?', senderId: '@bob:example.org' });
    expect(model.value.composer).toEqual({ kind: 'new' });
    model.dispose();
  });

  it('replies to a message, and the reply names it', async () => {
    const client = new FakeMatrixClient();
    const { room, question } = roomWithMessages(client);
    const model = new RoomViewModel(client.asClient, room, host(client));

    model.replyTo(question);
    expect(model.value.composer).toEqual({ kind: 'reply', eventId: question, senderId: '@bob:example.org', senderName: 'bob', text: 'Wann ist die Besprechung?' });
    await model.send('Um 10');
    expect(model.value.composer).toEqual({ kind: 'new' });
    await expect.poll(() => client.sent.at(-1)?.content).toMatchObject({ body: 'Um 10', 'm.relates_to': { 'm.in_reply_to': { event_id: question } } });
    model.dispose();
  });

  it("edits the person's last message in place, and cancelling goes back to a new message", async () => {
    const client = new FakeMatrixClient();
    const { room, question, answer } = roomWithMessages(client);
    const model = new RoomViewModel(client.asClient, room, host(client));

    // Only one's own message can be edited.
    model.edit(question);
    expect(model.value.composer).toEqual({ kind: 'new' });
    expect(model.editLast()).toBe(true);
    expect(model.value.composer).toEqual({ kind: 'edit', eventId: answer, body: 'Morgen um 9' });
    model.cancelComposerMode();
    expect(model.value.composer).toEqual({ kind: 'new' });

    model.edit(answer);
    await model.send('Morgen um 10');
    expect(client.sent.at(-1)).toMatchObject({
      type: EventType.RoomMessage,
      content: { 'm.new_content': { body: 'Morgen um 10' }, 'm.relates_to': { rel_type: 'm.replace', event_id: answer } },
    });
    expect(model.value.composer).toEqual({ kind: 'new' });
    model.dispose();
  });

  it('gives a failed edit back to the composer with the new text, and says so', async () => {
    const client = new FakeMatrixClient();
    const { room, answer } = roomWithMessages(client);
    const roomHost = host(client);
    const model = new RoomViewModel(client.asClient, room, roomHost);
    client.sendMessage = async () => Promise.reject(new Error('offline'));

    model.edit(answer);
    await model.send('Morgen um 10');
    expect(model.value.composer).toEqual({ kind: 'edit', eventId: answer, body: 'Morgen um 10' });
    expect(roomHost.problems).toEqual(['edit-failed']);
    model.dispose();
  });

  it('keeps the draft per room and clears it once sent', async () => {
    const client = new FakeMatrixClient();
    const { room } = roomWithMessages(client);
    const roomHost = host(client);
    const model = new RoomViewModel(client.asClient, room, roomHost);
    model.keepDraft('Halb geschrieben');
    expect(model.draft()).toBe('Halb geschrieben');
    await model.send('Fertig');
    expect(model.draft()).toBe('');
    model.dispose();
  });

  it('sends nothing while locked', async () => {
    const client = new FakeMatrixClient();
    const { room } = roomWithMessages(client);
    const roomHost = host(client);
    const model = new RoomViewModel(client.asClient, room, roomHost);
    roomHost.lock(true);
    await model.send('Nicht abschicken');
    await model.typing(true);
    await model.sendFiles([new File(['Bescheid'], 'bescheid.pdf')]);
    expect(roomHost.outbox.value).toEqual([]);
    expect(client.sent).toEqual([]);
    expect(client.typingSent).toEqual([]);
    model.dispose();
  });

  it('says "typing" at most every few seconds, and withdraws it once', async () => {
    const client = new FakeMatrixClient();
    const { room } = roomWithMessages(client);
    const roomHost = host(client);
    const model = new RoomViewModel(client.asClient, room, roomHost);

    await model.typing(true);
    roomHost.advance(3_999);
    await model.typing(true);
    roomHost.advance(1);
    await model.typing(true);
    await model.typing(false);
    await model.typing(false);
    expect(client.typingSent.map(({ typing }) => typing)).toEqual([true, true, false]);
    model.dispose();
  });

  it('never tells others about typing when policy turns it off', async () => {
    const client = new FakeMatrixClient();
    const { room } = roomWithMessages(client);
    const model = new RoomViewModel(client.asClient, room, host(client, { readReceipts: true, typingNotifications: false }));
    await model.typing(true);
    await model.typing(false);
    expect(client.typingSent).toEqual([]);
    model.dispose();
  });

  it('marks what the person sees as read with a public receipt, once per event', async () => {
    const client = new FakeMatrixClient();
    const { room, answer } = roomWithMessages(client);
    const model = new RoomViewModel(client.asClient, room, host(client));
    await expect.poll(() => client.readMarkers).toEqual([{ roomId: room.roomId, fullyRead: answer, receipt: answer, privateReceipt: undefined }]);
    await model.markRead();
    expect(client.readMarkers).toHaveLength(1);

    const later = client.receive(room.roomId, 'Noch etwas', '@bob:example.org').getId()!;
    await expect.poll(() => client.readMarkers.at(-1)).toEqual({ roomId: room.roomId, fullyRead: later, receipt: later, privateReceipt: undefined });
    model.dispose();
  });

  it('sends a private receipt instead when policy keeps read receipts from others', async () => {
    const client = new FakeMatrixClient();
    const { room, answer } = roomWithMessages(client);
    const model = new RoomViewModel(client.asClient, room, host(client, { readReceipts: false, typingNotifications: true }, false));
    // Not looked at: nothing is read by itself.
    await model.paginateBack();
    expect(client.readMarkers).toEqual([]);
    await model.markRead();
    expect(client.readMarkers).toEqual([{ roomId: room.roomId, fullyRead: answer, receipt: undefined, privateReceipt: answer }]);
    model.dispose();
  });

  it('reacts, takes the reaction back, and deletes a message', async () => {
    const client = new FakeMatrixClient();
    const { room, question, answer } = roomWithMessages(client);
    const model = new RoomViewModel(client.asClient, room, host(client));
    await model.toggleReaction(question, '👍');
    expect(client.sent.at(-1)).toMatchObject({ type: EventType.Reaction, content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: question, key: '👍' } } });

    model.edit(answer);
    await model.redact(answer);
    expect(client.redactions).toEqual([{ roomId: room.roomId, eventId: answer }]);
    // Editing a message that is being deleted makes no sense any more.
    expect(model.value.composer).toEqual({ kind: 'new' });
    model.dispose();
  });

  it('removes every listener it added when disposed', () => {
    const client = new FakeMatrixClient();
    const { room } = roomWithMessages(client);
    const roomHost = host(client);
    const clientBefore = client.listenerTotal();
    const roomBefore = totalListeners(room);

    const model = new RoomViewModel(client.asClient, room, roomHost);
    model.memberList();
    expect(client.listenerTotal()).toBeGreaterThan(clientBefore);
    expect(totalListeners(room)).toBeGreaterThan(roomBefore);

    model.dispose();
    expect(client.listenerTotal()).toBe(clientBefore);
    expect(totalListeners(room)).toBe(roomBefore);
  });

  it('keeps one settings view model as its child, and ends it with itself', () => {
    const client = new FakeMatrixClient();
    const { room } = roomWithMessages(client);
    const roomHost = host(client);
    const clientBefore = client.listenerTotal();
    const roomBefore = totalListeners(room);
    const model = new RoomViewModel(client.asClient, room, roomHost);
    const settings = model.settings();
    expect(model.settings()).toBe(settings);
    expect(settings.value).toMatchObject({ server: 'example.org', encrypted: false, status: null });
    expect(settings.value.people.map((person) => person.userId)).toEqual(expect.arrayContaining(['@alice:example.org', '@bob:example.org']));

    model.dispose();
    expect(client.listenerTotal()).toBe(clientBefore);
    expect(totalListeners(room)).toBe(roomBefore);
  });
});

describe('WorkspaceViewModel with a room open', () => {
  function workspace(client: FakeMatrixClient) {
    const compose = { drafts: drafts(), outbox: outboxMemory(), close: async () => {} };
    return new WorkspaceViewModel(client.asClient, { ...content, readImage: async () => null }, { load: () => null, save: () => {} }, quietDesktop(), compose);
  }

  it('disposes the open room as one unit when another opens, and everything with itself', async () => {
    const client = new FakeMatrixClient();
    const first = client.addRoom('!eins:example.org', { name: 'Eins' });
    const second = client.addRoom('!zwei:example.org', { name: 'Zwei' });
    const chat = workspace(client);
    const withoutRoom = client.listenerTotal();
    const firstBefore = totalListeners(first);

    chat.selectRoom(first.roomId);
    const opened = chat.value.room!;
    expect(opened.value.header.name).toBe('Eins');
    opened.memberList();
    const withRoom = client.listenerTotal();
    expect(withRoom).toBeGreaterThan(withoutRoom);

    chat.selectRoom(second.roomId);
    expect(chat.value.room?.value.header.name).toBe('Zwei');
    expect(totalListeners(first)).toBe(firstBefore);
    // Member lists listen to their room only: the second room adds what the first took away.
    expect(client.listenerTotal()).toBe(withRoom);
    // The previous room's model is done: it publishes nothing more.
    const heard: unknown[] = [];
    opened.subscribe((snapshot) => heard.push(snapshot));
    client.receive(first.roomId, 'Nach dem Wechsel', '@bob:example.org');
    await Promise.resolve();
    expect(heard).toHaveLength(1);

    chat.selectRoom(null);
    expect(client.listenerTotal()).toBe(withoutRoom);
    await chat.close();
    expect(client.listenerTotal()).toBe(0);
  });
});

function totalListeners(room: Room): number {
  return room.eventNames().reduce((sum, name) => sum + room.listenerCount(name as Parameters<Room['listenerCount']>[0]), 0);
}

