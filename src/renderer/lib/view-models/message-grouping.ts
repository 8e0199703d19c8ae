/**
 * Where the timeline draws day separators, and which messages go on under the name and
 * avatar of the message above: the same sender, at most five minutes later, on the
 * same day, with nothing else in between (a membership change, a fold, a deleted
 * message, the new-messages line).
 */
import type { Folded } from './event-folding';
import type { TimelineItem } from './timeline-items';

export const groupWindowMs = 5 * 60 * 1000;

export interface Placement {
  /** The first row of a calendar day (local time): a day separator goes before it. */
  readonly startsDay: boolean;
  /** A message shown under the name and avatar of the one before it. */
  readonly continues: boolean;
}

export function placeRows(rows: readonly Folded[], firstUnreadEventId: string | null): Placement[] {
  let previous: Folded | undefined;
  return rows.map((row) => {
    const startsDay = previous === undefined || !sameDay(lastTimestamp(previous), firstTimestamp(row));
    const continues =
      !startsDay &&
      isMessage(row) &&
      isMessage(previous) &&
      row.senderId === previous.senderId &&
      row.timestamp - previous.timestamp <= groupWindowMs &&
      row.eventId !== firstUnreadEventId;
    previous = row;
    return { startsDay, continues };
  });
}

function isMessage(row: Folded | undefined): row is Extract<TimelineItem, { kind: 'message' | 'undecryptable' }> {
  return row?.kind === 'message' || row?.kind === 'undecryptable';
}

function firstTimestamp(row: Folded): number {
  return row.kind === 'fold' ? row.items[0]!.timestamp : row.timestamp;
}

function lastTimestamp(row: Folded): number {
  return row.kind === 'fold' ? row.items.at(-1)!.timestamp : row.timestamp;
}

function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}
