/**
 * The rows the timeline view draws, made from its items: folds, day separators, groups
 * of messages, the new-messages line, read receipts, and the start of the conversation
 * once history reaches it. A row that comes out as before is the same object as before,
 * so the view leaves it alone.
 */
import { foldEvents, type Fold } from './event-folding';
import { placeRows, type Placement } from './message-grouping';
import type { Reader } from './read-receipts';
import type { TimelineItem } from './timeline-items';

export type TimelineRow =
  /** The very beginning of the room: shown only once history has been loaded back to it. */
  | { readonly kind: 'start'; readonly key: string }
  | (Placement & {
      readonly kind: 'item';
      readonly key: string;
      readonly item: TimelineItem;
      /** The "new messages" line goes before it. */
      readonly firstUnread: boolean;
      readonly readers: readonly Reader[];
    })
  | (Placement & { readonly kind: 'fold'; readonly key: string; readonly fold: Fold; readonly readers: readonly Reader[] });

export interface RowFacts {
  readonly atStart: boolean;
  readonly firstUnreadEventId: string | null;
  /** Others' read receipts by item key. */
  readonly readers: ReadonlyMap<string, readonly Reader[]>;
}

const startRow: TimelineRow = { kind: 'start', key: 'start' };
const nobody: readonly Reader[] = [];

export function timelineRows(items: readonly TimelineItem[], facts: RowFacts, previous: readonly TimelineRow[]): TimelineRow[] {
  const folded = foldEvents(items);
  const placements = placeRows(folded, facts.firstUnreadEventId);
  const before = new Map(previous.map((row) => [row.key, row]));
  const rows: TimelineRow[] = facts.atStart ? [startRow] : [];
  folded.forEach((entry, index) => {
    const placement = placements[index]!;
    const row: TimelineRow =
      entry.kind === 'fold'
        ? { kind: 'fold', key: entry.key, fold: entry, readers: entry.items.flatMap((item) => facts.readers.get(item.key) ?? []), ...placement }
        : { kind: 'item', key: entry.key, item: entry, firstUnread: entry.eventId === facts.firstUnreadEventId, readers: facts.readers.get(entry.key) ?? nobody, ...placement };
    const old = before.get(row.key);
    rows.push(old && sameRow(old, row) ? old : row);
  });
  return rows;
}

function sameRow(a: TimelineRow, b: TimelineRow): boolean {
  if (a.kind === 'start' || b.kind === 'start') return a.kind === b.kind;
  if (a.startsDay !== b.startsDay || a.continues !== b.continues || !sameReaders(a.readers, b.readers)) return false;
  if (a.kind === 'item' && b.kind === 'item') return a.item === b.item && a.firstUnread === b.firstUnread;
  if (a.kind === 'fold' && b.kind === 'fold') return a.fold.items.length === b.fold.items.length && a.fold.items.every((item, index) => item === b.fold.items[index]);
  return false;
}

function sameReaders(a: readonly Reader[], b: readonly Reader[]): boolean {
  return a.length === b.length && a.every((reader, index) => reader.userId === b[index]!.userId && reader.name === b[index]!.name);
}
