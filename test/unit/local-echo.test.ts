import { afterEach, describe, expect, it } from 'vitest';
import { messageContent } from '../../src/renderer/lib/matrix/message-content';
import { Outbox, type OutboxMemory, type QueuedMessage } from '../../src/renderer/lib/view-models/outbox';
import type { MessageItem, TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';
import { TimelineViewModel } from '../../src/renderer/lib/view-models/timeline-view-model';
import { FakeTimelineClient } from '../support/fake-timeline-client';

/** Lets the outbox's sends and the timeline's coalesced update run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function memory(initial: QueuedMessage[] = []): OutboxMemory & { saved: readonly QueuedMessage[] } {
  const kept = { saved: initial as readonly QueuedMessage[], load: () => [...kept.saved], save: (messages: readonly QueuedMessage[]) => (kept.saved = messages) };
  return kept;
}

const text = (body: string) => messageContent({ body, formattedBody: null });

/** The person's open room: the fake client's room, with an outbox and a timeline over it, and every snapshot kept. */
function openRoom(fake = new FakeTimelineClient(), kept = memory()) {
  const refused: string[] = [];
  const outbox = new Outbox(fake.asClient, kept, () => refused.push('refused'));
  const timeline = new TimelineViewModel(fake.asClient, fake.room, { ownUserId: fake.userId, memberNames: () => (userId) => userId, sanitize: (html) => html, linkify: () => null, outbox });
  const snapshots: (readonly TimelineItem[])[] = [];
  timeline.subscribe(({ items }) => snapshots.push(items));
  disposals.push(() => {
    timeline.dispose();
    outbox.dispose();
  });
  return { fake, outbox, timeline, snapshots, refused, kept };
}

const disposals: (() => void)[] = [];
afterEach(() => disposals.splice(0).forEach((dispose) => dispose()));

/** How the message with this body looked in each snapshot: its states, in order, without repeats. */
function journey(snapshots: readonly (readonly TimelineItem[])[], body: string): string[] {
  const states: string[] = [];
  for (const items of snapshots) {
    const shown = items.filter((item): item is MessageItem => item.kind === 'message' && item.body === body);
    // Never twice in one snapshot.
    expect(shown.length).toBeLessThanOrEqual(1);
    const state = shown[0]?.status ?? 'absent';
    if (states.at(-1) !== state) states.push(state);
  }
  return states;
}

function keysOf(snapshots: readonly (readonly TimelineItem[])[], body: string): Set<string> {
  return new Set(snapshots.flatMap((items) => items.filter((item) => item.kind === 'message' && item.body === body).map((item) => item.key)));
}

describe('local echo: a message on its way is one item', () => {
  it('goes from queued to sending to sent under one key when the server answers before its copy arrives', async () => {
    const { fake, outbox, snapshots } = openRoom();
    fake.setOnline(false);
    outbox.add(fake.room.roomId, text('Akte liegt bei'));
    await settle();
    fake.setOnline(true);
    await settle();
    const [send] = fake.sends;
    send!.accept();
    await settle();
    await fake.echo(send!);
    await settle();

    expect(journey(snapshots, 'Akte liegt bei')).toEqual(['absent', 'queued', 'sending', 'sent']);
    expect(keysOf(snapshots, 'Akte liegt bei').size).toBe(1);
    expect(snapshots.at(-1)!.find((item) => item.kind === 'message')?.eventId).toBe(send!.eventId);
  });

  it('shows the server copy once when it arrives while the send still waits for its answer', async () => {
    const { fake, outbox, snapshots } = openRoom();
    outbox.add(fake.room.roomId, text('Schneller als die Antwort'));
    await settle();
    const [send] = fake.sends;
    // The sync brings the message back before the send request returns.
    await fake.echo(send!);
    await settle();
    expect(outbox.value.map((entry) => entry.state)).toEqual(['sending']);
    send!.accept();
    await settle();

    // Online, a message goes on the wire at once: the snapshots never see it queued.
    expect(journey(snapshots, 'Schneller als die Antwort')).toEqual(['absent', 'sending', 'sent']);
    expect(keysOf(snapshots, 'Schneller als die Antwort').size).toBe(1);
    expect(outbox.value).toEqual([]);
  });

  it('marks a refused message failed in its place, holds back the next, and sends both on retry', async () => {
    const { fake, outbox, snapshots, refused } = openRoom();
    outbox.add(fake.room.roomId, text('Erste'));
    outbox.add(fake.room.roomId, text('Zweite'));
    await settle();
    fake.sends[0]!.refuse(413);
    await settle();
    expect(refused).toEqual(['refused']);
    expect(fake.sends).toEqual([]);
    expect(journey(snapshots, 'Zweite')).toEqual(['absent', 'queued']);

    outbox.retry(outbox.value[0]!.txnId);
    await settle();
    fake.sends[0]!.accept();
    await settle();
    fake.sends[0]!.accept();
    await settle();

    expect(journey(snapshots, 'Erste')).toEqual(['absent', 'sending', 'failed', 'sending', 'sent']);
    expect(journey(snapshots, 'Zweite')).toEqual(['absent', 'queued', 'sending', 'sent']);
    const last = snapshots.at(-1)!.filter((item): item is MessageItem => item.kind === 'message');
    expect(last.map((item) => item.body)).toEqual(['Erste', 'Zweite']);
  });

  it('waits queued when the connection breaks mid-send, and sends the same transaction again once it is back', async () => {
    const { fake, outbox, snapshots } = openRoom();
    outbox.add(fake.room.roomId, text('Unterwegs'));
    await settle();
    const first = fake.sends[0]!;
    first.drop();
    await settle();
    expect(outbox.value.map((entry) => entry.state)).toEqual(['queued']);
    expect(fake.sends).toEqual([]);

    fake.setOnline(true);
    await settle();
    const again = fake.sends[0]!;
    expect(again.txnId).toBe(first.txnId);
    again.accept();
    await settle();
    await fake.echo(again);
    await settle();

    expect(journey(snapshots, 'Unterwegs')).toEqual(['absent', 'sending', 'queued', 'sending', 'sent']);
    expect(keysOf(snapshots, 'Unterwegs').size).toBe(1);
  });

  it('keeps queued messages across a reload, and does not send again what the server already has', async () => {
    const kept = memory();
    const before = openRoom(new FakeTimelineClient(), kept);
    before.fake.setOnline(false);
    before.outbox.add(before.fake.room.roomId, text('Vor dem Neustart 1'));
    before.outbox.add(before.fake.room.roomId, text('Vor dem Neustart 2'));
    await settle();
    const keysBefore = before.timeline.value.items.map((item) => item.key);
    disposals.splice(0).forEach((dispose) => dispose());

    // A new client and view models on the same memory; the first message had reached the server before the reload.
    const fake = new FakeTimelineClient();
    const [first, second] = kept.saved;
    await fake.echo({ event: fake.message(fake.userId, 'Vor dem Neustart 1'), txnId: first!.txnId, eventId: '$angekommen' });
    fake.setOnline(false);
    const after = openRoom(fake, kept);
    await settle();
    const shown = () => after.timeline.value.items.filter((item): item is MessageItem => item.kind === 'message');
    expect(shown().map((item) => [item.body, item.status])).toEqual([['Vor dem Neustart 1', 'sent'], ['Vor dem Neustart 2', 'queued']]);
    expect(shown().map((item) => item.key)).toEqual(keysBefore);

    fake.setOnline(true);
    await settle();
    expect(fake.sends.map((send) => send.txnId)).toEqual([second!.txnId]);
    fake.sends[0]!.accept();
    await settle();
    expect(kept.saved).toEqual([]);
    expect(shown().map((item) => [item.body, item.status])).toEqual([['Vor dem Neustart 1', 'sent'], ['Vor dem Neustart 2', 'sent']]);
  });
});

describe('incremental timeline updates: only the items concerned are built again', () => {
  const bob = '@bob:bund.de';

  async function roomWithHistory() {
    const room = openRoom();
    const { fake } = room;
    const question = fake.message(bob, 'Frage');
    const answer = fake.message(fake.userId, 'Antwort');
    const reply = fake.message(bob, 'Danke', { 'm.relates_to': { 'm.in_reply_to': { event_id: question.getId() } } });
    const secret = await fake.undecryptable(bob);
    const other = fake.message(bob, 'Nebenbei');
    await fake.receive(question, answer, reply, secret, other);
    await settle();
    return { ...room, question, answer, reply, secret, other };
  }

  /** Which items are new objects in the latest snapshot, by event id. */
  function rebuiltSince(before: readonly TimelineItem[], after: readonly TimelineItem[]): string[] {
    return after.filter((item) => !before.includes(item)).map((item) => item.eventId);
  }

  it('adds a new message without touching the others', async () => {
    const { fake, timeline } = await roomWithHistory();
    const before = timeline.value.items;
    await fake.receive(fake.message(bob, 'Neu'));
    await settle();
    expect(rebuiltSince(before, timeline.value.items)).toEqual([timeline.value.items.at(-1)!.eventId]);
    expect(timeline.value.items.slice(0, -1)).toEqual(before);
  });

  it('builds only the reacted-to message again, and again when the reaction is taken back', async () => {
    const { fake, timeline, answer } = await roomWithHistory();
    const before = timeline.value.items;
    const reaction = fake.reaction(bob, answer, '👍');
    await fake.receive(reaction);
    await settle();
    const reacted = timeline.value.items;
    expect(rebuiltSince(before, reacted)).toEqual([answer.getId()]);
    expect(reacted.find((item) => item.eventId === answer.getId())).toMatchObject({ reactions: [{ key: '👍', senders: [bob] }] });

    await fake.receive(fake.redaction(bob, reaction));
    await settle();
    expect(rebuiltSince(reacted, timeline.value.items)).toEqual([answer.getId()]);
    expect(timeline.value.items.find((item) => item.eventId === answer.getId())).toMatchObject({ reactions: [] });
  });

  it('builds an edited message again, and the reply that quotes it, nothing else', async () => {
    const { fake, timeline, question, reply } = await roomWithHistory();
    const before = timeline.value.items;
    await fake.receive(fake.edit(bob, question, 'Frage, genauer'));
    await settle();
    expect(rebuiltSince(before, timeline.value.items).sort()).toEqual([question.getId(), reply.getId()].sort());
    expect(timeline.value.items.find((item) => item.eventId === reply.getId())).toMatchObject({ replyTo: { text: 'Frage, genauer' } });
  });

  it('replaces an undecryptable message in place once it decrypts, nothing else', async () => {
    const { fake, timeline, secret } = await roomWithHistory();
    const before = timeline.value.items;
    expect(before.find((item) => item.eventId === secret.getId())?.kind).toBe('undecryptable');
    await fake.decrypt(secret, text('Vertraulich'));
    await settle();
    expect(rebuiltSince(before, timeline.value.items)).toEqual([secret.getId()]);
    expect(timeline.value.items.map((item) => item.eventId)).toEqual(before.map((item) => item.eventId));
    expect(timeline.value.items.find((item) => item.eventId === secret.getId())).toMatchObject({ kind: 'message', body: 'Vertraulich' });
  });

  it('builds only a deleted message again', async () => {
    const { fake, timeline, other } = await roomWithHistory();
    const before = timeline.value.items;
    await fake.receive(fake.redaction(bob, other));
    await settle();
    expect(rebuiltSince(before, timeline.value.items)).toEqual([other.getId()]);
    expect(timeline.value.items.at(-1)?.kind).toBe('redacted');
  });
});
