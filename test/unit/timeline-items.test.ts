import { EventType, MatrixEvent } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { eventItem, type ItemContext, type TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';

const context: ItemContext = {
  ownUserId: '@alice:bund.de',
  nameOf: (userId) => userId,
  sanitize: (html) => html,
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
