import { describe, expect, it } from 'vitest';
import type { Reader } from '../../src/renderer/lib/view-models/read-receipts';
import type { TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';
import { timelineRows, type RowFacts } from '../../src/renderer/lib/view-models/timeline-rows';

let ids = 0;
function message(senderId: string, minute: number): TimelineItem {
  const eventId = `$m${++ids}`;
  return {
    kind: 'message', key: eventId, eventId, senderId, senderName: senderId, timestamp: new Date(2026, 2, 2, 9, minute).getTime(), msgtype: 'text',
    attachment: null, body: 'Text', html: null, own: false, status: 'sent', edited: false, replyTo: null, reactions: [], canEdit: false, canRedact: false, mentionsMe: false,
  };
}
const facts = (fields: Partial<RowFacts> = {}): RowFacts => ({ atStart: false, firstUnreadEventId: null, readers: new Map(), ...fields });
const max: Reader = { userId: '@max:bund.de', name: 'Max' };

describe('timeline rows', () => {
  it('begins with the start of the conversation only once history has reached it', () => {
    const items = [message('@erika', 0)];
    expect(timelineRows(items, facts(), []).map((row) => row.kind)).toEqual(['item']);
    expect(timelineRows(items, facts({ atStart: true }), []).map((row) => row.kind)).toEqual(['start', 'item']);
  });

  it('keeps each unchanged row the same object, and makes new ones only where something changed', () => {
    const [first, second, third] = [message('@erika', 0), message('@erika', 1), message('@max', 2)];
    const before = timelineRows([first!, second!, third!], facts(), []);
    const after = timelineRows([first!, second!, third!], facts({ readers: new Map([[second!.key, [max]]]) }), before);
    expect(after.map((row, index) => row === before[index])).toEqual([true, false, true]);
    expect(after[1]).toMatchObject({ kind: 'item', continues: true, readers: [max] });
    // A new message after the last one changes no row before it.
    const grown = timelineRows([first!, second!, third!, message('@max', 3)], facts({ readers: new Map([[second!.key, [max]]]) }), after);
    expect(grown.slice(0, 3).every((row, index) => row === after[index])).toBe(true);
  });

  it('marks the new-messages line on its row', () => {
    const [first, second] = [message('@erika', 0), message('@erika', 1)];
    const rows = timelineRows([first!, second!], facts({ firstUnreadEventId: second!.eventId }), []);
    expect(rows.map((row) => row.kind === 'item' && row.firstUnread)).toEqual([false, true]);
  });
});
