import { describe, expect, it } from 'vitest';
import { foldEvents, type Fold } from '../../src/renderer/lib/view-models/event-folding';
import type { MembershipChange, TimelineItem } from '../../src/renderer/lib/view-models/timeline-items';

let ids = 0;
const base = (senderId: string) => {
  const eventId = `$e${++ids}`;
  return { key: eventId, eventId, senderId, senderName: senderId, timestamp: ids * 1000 };
};
const created = (by: string): TimelineItem => ({ ...base(by), kind: 'room-change', change: 'created', value: '' });
const named = (by: string): TimelineItem => ({ ...base(by), kind: 'room-change', change: 'name', value: 'Akte' });
const encrypted = (by: string): TimelineItem => ({ ...base(by), kind: 'room-change', change: 'encryption', value: '' });
const member = (by: string, change: MembershipChange, target = by): TimelineItem => ({ ...base(by), kind: 'membership', change, targetName: target });
const message = (by: string): TimelineItem => ({
  ...base(by), kind: 'message', msgtype: 'text', attachment: null, body: 'Hallo', html: null, own: false, status: 'sent', edited: false,
  replyTo: null, reactions: [], canEdit: false, canRedact: false, mentionsMe: false,
});

const shape = (rows: ReturnType<typeof foldEvents>) => rows.map((row) => (row.kind === 'fold' ? `${row.reason}:${row.items.length}` : row.kind));

describe('folding room set-up and membership changes', () => {
  it('folds the creator’s set-up after creating the room into one line, up to the first message', () => {
    const rows = foldEvents([created('@erika'), member('@erika', 'joined'), named('@erika'), encrypted('@erika'), member('@erika', 'invited', '@max'), message('@erika')]);
    expect(shape(rows)).toEqual(['setup:5', 'message']);
    expect((rows[0] as Fold).key).toBe(`fold:${(rows[0] as Fold).items[0]!.key}`);
  });

  it('ends the set-up where someone else acts; their membership changes fold apart', () => {
    const rows = foldEvents([created('@erika'), member('@erika', 'joined'), member('@max', 'joined'), member('@jan', 'joined'), named('@erika')]);
    expect(shape(rows)).toEqual(['setup:2', 'membership:2', 'room-change']);
  });

  it('folds a run of membership changes and counts the people per change', () => {
    const rows = foldEvents([
      message('@erika'),
      member('@max', 'joined'),
      member('@jan', 'joined'),
      member('@max', 'left'),
      member('@max', 'joined'),
      member('@erika', 'invited', '@lea'),
      message('@max'),
    ]);
    expect(shape(rows)).toEqual(['message', 'membership:5', 'message']);
    expect((rows[1] as Fold).changes).toEqual([['joined', 2], ['left', 1], ['invited', 1]]);
  });

  it('leaves a single change as its own line, and a creation without set-up too', () => {
    expect(shape(foldEvents([created('@erika'), message('@erika'), member('@max', 'joined'), message('@max')]))).toEqual(['room-change', 'message', 'membership', 'message']);
  });

  it('does not fold room changes made later, after the set-up', () => {
    expect(shape(foldEvents([message('@erika'), named('@erika'), encrypted('@erika')]))).toEqual(['message', 'room-change', 'room-change']);
  });
});
