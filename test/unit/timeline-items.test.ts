import { EventType, MatrixEvent } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { mentionsMe } from '../../src/renderer/lib/view-models/mentions';
import { eventItem, type ItemContext, type TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';

const context: ItemContext = {
  ownUserId: '@alice:bund.de',
  ownDisplayName: 'Alice',
  nameOf: (userId) => userId,
  sanitize: (html) => html,
  linkify: () => null,
  find: () => undefined,
  reactionsTo: () => [],
  mayRedact: () => false,
};

function stateEvent(type: EventType, content: Record<string, unknown>): MatrixEvent {
  return new MatrixEvent({ type, state_key: '', content, sender: '@mallory:evil.example', event_id: `$${type}`, room_id: '!akte:bund.de', origin_server_ts: 1 });
}

function change(item: TimelineItem | null): { change: string; value: string } | null {
  return item?.kind === 'room-change' ? { change: item.change, value: item.value } : null;
}

describe('room changes in the timeline', () => {
  it('shows a new room name without the override that would make it read as another file type', () => {
    const item = eventItem(stateEvent(EventType.RoomName, { name: 'Bescheid\u202Efdp.exe' }), '$name', context);
    expect(change(item)).toEqual({ change: 'name', value: 'Bescheidfdp.exe' });
  });

  it('shows a new topic as one line, without zero-width or direction-changing characters', () => {
    const item = eventItem(stateEvent(EventType.RoomTopic, { topic: 'Zu\u200Bständig:\n\u2067Referat\u2069 Z\uFEFF21' }), '$topic', context);
    expect(change(item)).toEqual({ change: 'topic', value: 'Zuständig: Referat Z21' });
  });
});

function message(content: Record<string, unknown>, fields: Record<string, unknown> = {}): MatrixEvent {
  return new MatrixEvent({ type: EventType.RoomMessage, content: { msgtype: 'm.text', ...content }, sender: '@bob:bund.de', event_id: '$m', room_id: '!akte:bund.de', origin_server_ts: 1, ...fields });
}

function mentions(content: Record<string, unknown>, sender = '@bob:bund.de'): boolean | undefined {
  const item = eventItem(message(content, { sender }), '$m', context);
  return item?.kind === 'message' ? item.mentionsMe : undefined;
}

describe('messages that mention the person', () => {
  it('counts only m.mentions where the sender set it', () => {
    expect(mentions({ body: 'Bitte prüfen', 'm.mentions': { user_ids: ['@alice:bund.de'] } })).toBe(true);
    // Named in the text, but the sender's client said whom it meant: not her.
    expect(mentions({ body: 'Alice hatte recht', 'm.mentions': { user_ids: ['@carol:bund.de'] } })).toBe(false);
    expect(mentions({ body: 'Alice hatte recht', 'm.mentions': {} })).toBe(false);
    expect(mentions({ body: 'Alice?', 'm.mentions': 'kaputt' })).toBe(false);
  });

  it('without m.mentions, finds the display name or user id as a word, in any case', () => {
    expect(mentions({ body: 'Frage an alice: wann?' })).toBe(true);
    expect(mentions({ body: 'Bitte an @alice:bund.de weiterleiten.' })).toBe(true);
    expect(mentions({ body: 'Das ist Alices Akte' })).toBe(false);
    expect(mentions({ body: 'Malice und Alicetown' })).toBe(false);
    const noName = { userId: '@alice:bund.de', displayName: '' };
    expect(mentionsMe({}, 'an @alice:bund.dev', noName)).toBe(false);
    expect(mentionsMe({}, '(@ALICE:bund.de)', noName)).toBe(true);
  });

  it('never marks the person’s own message, nor a quoted original in the reply fallback', () => {
    expect(mentions({ body: 'Alice hier' }, '@alice:bund.de')).toBe(false);
    const reply = message(
      { body: '> <@alice:bund.de> Alice fragt\n\nErledigt', 'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } } },
      { sender: '@bob:bund.de' },
    );
    const item = eventItem(reply, '$m', context);
    expect(item?.kind === 'message' && item.mentionsMe).toBe(false);
  });
});

describe('deleted messages', () => {
  const redacted = (by: string) =>
    eventItem(message({}, { unsigned: { redacted_because: { type: EventType.RoomRedaction, sender: by, content: {}, event_id: '$r', origin_server_ts: 2 } } }), '$m', context);

  it('names who deleted it when that was not the sender', () => {
    expect(redacted('@erika:bund.de')).toMatchObject({ kind: 'redacted', deletedBy: '@erika:bund.de' });
  });

  it('names nobody when the sender deleted it', () => {
    expect(redacted('@bob:bund.de')).toMatchObject({ kind: 'redacted', deletedBy: null });
  });
});

describe('message text in the timeline', () => {
  const shown = { ...context, sanitize: (html: string) => `sanitised:${html}`, linkify: (text: string) => `linked:${text}` };
  const message = (content: Record<string, unknown>) =>
    new MatrixEvent({ type: EventType.RoomMessage, content, sender: '@bob:bund.de', event_id: '$m', room_id: '!akte:bund.de', origin_server_ts: 1 });
  const html = (item: TimelineItem | null) => (item?.kind === 'message' ? item.html : undefined);

  it('shows a plain body with its addresses linked, HTML sanitised, and an attachment without either', () => {
    expect(html(eventItem(message({ msgtype: 'm.text', body: 'https://bund.example' }), '$m', shown))).toBe('linked:https://bund.example');
    expect(html(eventItem(message({ msgtype: 'm.text', body: 'x', format: 'org.matrix.custom.html', formatted_body: '<b>x</b>' }), '$m', shown))).toBe(
      'sanitised:<b>x</b>',
    );
    expect(html(eventItem(message({ msgtype: 'm.file', body: 'www.bund.de.pdf', url: 'mxc://bund.de/abc' }), '$m', shown))).toBeNull();
  });

  it('links the reply itself, not the quoted fallback', () => {
    const reply = message({ msgtype: 'm.text', body: '> <@erika:bund.de> https://alt.example\n\nNeu: https://neu.example', 'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } } });
    expect(html(eventItem(reply, '$m', shown))).toBe('linked:Neu: https://neu.example');
  });
});
