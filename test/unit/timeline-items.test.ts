import { EventType, MatrixEvent } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { toTimelineItems, type ItemContext, type TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';

const context: ItemContext = {
  ownUserId: '@alice:bund.de',
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

function change(item: TimelineItem | undefined): { change: string; value: string } | null {
  return item?.kind === 'room-change' ? { change: item.change, value: item.value } : null;
}

describe('room changes in the timeline', () => {
  it('shows a new room name without the override that would make it read as another file type', () => {
    const [item] = toTimelineItems([stateEvent(EventType.RoomName, { name: 'Bescheid\u202Efdp.exe' })], context);
    expect(change(item)).toEqual({ change: 'name', value: 'Bescheidfdp.exe' });
  });

  it('shows a new topic as one line, without zero-width or direction-changing characters', () => {
    const [item] = toTimelineItems([stateEvent(EventType.RoomTopic, { topic: 'Zu\u200Bständig:\n\u2067Referat\u2069 Z\uFEFF21' })], context);
    expect(change(item)).toEqual({ change: 'topic', value: 'Zuständig: Referat Z21' });
  });
});

describe('message text in the timeline', () => {
  const shown = { ...context, sanitize: (html: string) => `sanitised:${html}`, linkify: (text: string) => `linked:${text}` };
  const message = (content: Record<string, unknown>) =>
    new MatrixEvent({ type: EventType.RoomMessage, content, sender: '@bob:bund.de', event_id: '$m', room_id: '!akte:bund.de', origin_server_ts: 1 });
  const html = (item: TimelineItem | undefined) => (item?.kind === 'message' ? item.html : undefined);

  it('shows a plain body with its addresses linked, HTML sanitised, and an attachment without either', () => {
    expect(html(toTimelineItems([message({ msgtype: 'm.text', body: 'https://bund.example' })], shown)[0])).toBe('linked:https://bund.example');
    expect(html(toTimelineItems([message({ msgtype: 'm.text', body: 'x', format: 'org.matrix.custom.html', formatted_body: '<b>x</b>' })], shown)[0])).toBe(
      'sanitised:<b>x</b>',
    );
    expect(html(toTimelineItems([message({ msgtype: 'm.file', body: 'www.bund.de.pdf', url: 'mxc://bund.de/abc' })], shown)[0])).toBeNull();
  });

  it('links the reply itself, not the quoted fallback', () => {
    const reply = message({ msgtype: 'm.text', body: '> <@erika:bund.de> https://alt.example\n\nNeu: https://neu.example', 'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } } });
    expect(html(toTimelineItems([reply], shown)[0])).toBe('linked:Neu: https://neu.example');
  });
});
