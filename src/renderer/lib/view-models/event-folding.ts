/**
 * Folds what would fill the screen with lines nobody reads one by one: the room's
 * creation and set-up (the creator's own changes right after creating it) into one
 * line, and each run of membership changes into another. The view opens a fold with a
 * button to show its lines.
 */
import type { MembershipChange, TimelineItem } from './timeline-items';

export interface Fold {
  readonly kind: 'fold';
  /** From the first folded item's key: it stays while later changes join the run. */
  readonly key: string;
  readonly reason: 'setup' | 'membership';
  readonly items: readonly TimelineItem[];
  /** For a run of membership changes: how many people each change concerns, in the order the changes first appear. */
  readonly changes: readonly (readonly [MembershipChange, number])[];
}

export type Folded = TimelineItem | Fold;

/** A single change stays a line of its own. */
const shortestFold = 2;

export function foldEvents(items: readonly TimelineItem[]): Folded[] {
  const folded: Folded[] = [];
  for (let index = 0; index < items.length; ) {
    const item = items[index]!;
    const setup = isCreation(item) ? runLength(items, index, (next) => isSetUpBy(next, item.senderId)) : 0;
    const reason = setup >= shortestFold ? 'setup' : 'membership';
    const length = reason === 'setup' ? setup : runLength(items, index, (next) => next.kind === 'membership');
    if (length < shortestFold) {
      folded.push(item);
      index += 1;
      continue;
    }
    const run = items.slice(index, index + length);
    folded.push({ kind: 'fold', key: `fold:${item.key}`, reason, items: run, changes: reason === 'membership' ? tally(run) : [] });
    index += length;
  }
  return folded;
}

function isCreation(item: TimelineItem): boolean {
  return item.kind === 'room-change' && item.change === 'created';
}

/** What a creator does to set a room up: name, topic, encryption, joining and inviting; not yet a message. */
function isSetUpBy(item: TimelineItem, creatorId: string): boolean {
  const setting = item.kind === 'membership' || (item.kind === 'room-change' && item.change !== 'verification');
  return setting && item.senderId === creatorId;
}

function runLength(items: readonly TimelineItem[], start: number, belongs: (item: TimelineItem) => boolean): number {
  let end = start;
  while (end < items.length && belongs(items[end]!)) end += 1;
  return end - start;
}

/** Different people per change: someone who joined, left and joined again counts once as joined. */
function tally(run: readonly TimelineItem[]): [MembershipChange, number][] {
  const people = new Map<MembershipChange, Set<string>>();
  for (const item of run) {
    if (item.kind !== 'membership') continue;
    const names = people.get(item.change) ?? new Set<string>();
    names.add(item.targetName);
    people.set(item.change, names);
  }
  return [...people].map(([change, names]) => [change, names.size]);
}
