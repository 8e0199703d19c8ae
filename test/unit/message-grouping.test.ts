import { describe, expect, it } from 'vitest';
import { foldEvents } from '../../src/renderer/lib/view-models/event-folding';
import { placeRows } from '../../src/renderer/lib/view-models/message-grouping';
import type { MessageItem, TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';

// Local time, as the separators are drawn: 2 March 2026.
const at = (hour: number, minute: number, day = 2) => new Date(2026, 2, day, hour, minute).getTime();
let ids = 0;

function message(senderId: string, timestamp: number, fields: Partial<MessageItem> = {}): MessageItem {
  const eventId = `$m${++ids}`;
  return {
    kind: 'message', key: eventId, eventId, senderId, senderName: senderId, timestamp, msgtype: 'text', attachment: null, body: 'Text', html: null,
    own: false, status: 'sent', edited: false, replyTo: null, reactions: [], canEdit: false, canRedact: false, mentionsMe: false, ...fields,
  };
}

function joined(senderId: string, timestamp: number): TimelineItem {
  const eventId = `$j${++ids}`;
  return { kind: 'membership', key: eventId, eventId, senderId, senderName: senderId, timestamp, change: 'joined', targetName: senderId };
}

/** Which rows go on under the name above (true), for items as they are folded. */
function continuing(items: readonly TimelineItem[], firstUnread: string | null = null): boolean[] {
  return placeRows(foldEvents(items), firstUnread).map((placement) => placement.continues);
}

describe('grouping messages under one name and avatar', () => {
  it('groups one sender’s messages a few minutes apart', () => {
    expect(continuing([message('@erika', at(9, 0)), message('@erika', at(9, 2)), message('@erika', at(9, 7))])).toEqual([false, true, true]);
  });

  it('starts a new group when the sender changes', () => {
    expect(continuing([message('@erika', at(9, 0)), message('@max', at(9, 1)), message('@erika', at(9, 2))])).toEqual([false, false, false]);
  });

  it('starts a new group after more than five minutes', () => {
    expect(continuing([message('@erika', at(9, 0)), message('@erika', at(9, 5)), message('@erika', at(9, 10, 2) + 1)])).toEqual([false, true, false]);
  });

  it('starts a new group on a new day, even a minute later, and marks the day', () => {
    const items = [message('@erika', at(23, 59, 2)), message('@erika', at(0, 0, 3))];
    expect(continuing(items)).toEqual([false, false]);
    expect(placeRows(items, null).map((placement) => placement.startsDay)).toEqual([true, true]);
  });

  it('starts a new group after anything that is not a message in between', () => {
    const deleted: TimelineItem = { ...message('@erika', at(9, 2)), kind: 'redacted', deletedBy: null };
    expect(continuing([message('@erika', at(9, 0)), joined('@max', at(9, 1)), message('@erika', at(9, 2))])).toEqual([false, false, false]);
    expect(continuing([message('@erika', at(9, 0)), deleted, message('@erika', at(9, 3))])).toEqual([false, false, false]);
  });

  it('starts a new group at the new-messages line', () => {
    const unread = message('@erika', at(9, 1));
    expect(continuing([message('@erika', at(9, 0)), unread], unread.eventId)).toEqual([false, false]);
  });

  it('groups an undecryptable message with the sender’s others: it still has a sender', () => {
    const secret: TimelineItem = { ...message('@erika', at(9, 1)), kind: 'undecryptable', reason: 'waiting-for-keys' };
    expect(continuing([message('@erika', at(9, 0)), secret, message('@erika', at(9, 2))])).toEqual([false, true, true]);
  });
});

describe('day separators', () => {
  it('marks the first row of each calendar day, a fold by its first and last lines', () => {
    const items = [joined('@erika', at(22, 0, 1)), joined('@max', at(8, 0, 2)), message('@max', at(8, 1, 2)), message('@max', at(9, 0, 4))];
    const folded = foldEvents(items);
    expect(folded.map((row) => row.kind)).toEqual(['fold', 'message', 'message']);
    // The fold began on the 1st and ended on the 2nd: the message after it on the 2nd needs no separator.
    expect(placeRows(folded, null).map((placement) => placement.startsDay)).toEqual([true, false, true]);
  });
});
