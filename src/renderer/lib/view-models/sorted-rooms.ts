/**
 * The room list's order: sections (invitations, favourites, people, rooms, low
 * priority), latest activity first within each. Rooms are kept in that order under
 * updates: each change finds its old and new place by binary search, so an event
 * never re-sorts the list. Also which room comes next for keyboard switching.
 */

/** The sections of the list, in the order they are shown. */
export const sections = ['invites', 'favourites', 'people', 'rooms', 'lowPriority'] as const;
export type RoomSection = (typeof sections)[number];

const sectionRank: Record<RoomSection, number> = Object.fromEntries(sections.map((section, rank) => [section, rank])) as Record<RoomSection, number>;

export interface RankedRoom {
  readonly roomId: string;
  readonly name: string;
  readonly lastActivity: number;
  readonly section: RoomSection;
}

/** What decides a room's section: membership, `m.direct` and the `m.favourite` / `m.lowpriority` tags. */
export interface SectionFacts {
  readonly invited: boolean;
  readonly direct: boolean;
  readonly favourite: boolean;
  readonly lowPriority: boolean;
}

/** A favourite stays a favourite even if also tagged low priority; tags come before "direct". */
export function sectionOf({ invited, direct, favourite, lowPriority }: SectionFacts): RoomSection {
  if (invited) return 'invites';
  if (favourite) return 'favourites';
  if (lowPriority) return 'lowPriority';
  return direct ? 'people' : 'rooms';
}

const names = new Intl.Collator(undefined, { numeric: true });

/** By section, then newest first; equal times by name, then by room id, so the order is total and stable. */
export function compareRooms(a: RankedRoom, b: RankedRoom): number {
  if (a.section !== b.section) return sectionRank[a.section] - sectionRank[b.section];
  if (a.lastActivity !== b.lastActivity) return b.lastActivity - a.lastActivity;
  return names.compare(a.name, b.name) || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0);
}

/**
 * The room `step` places after (1) or before (-1) the current one in list order, wrapping
 * around, skipping rooms `accepts` refuses; with no current room (or one not in the list), the
 * first or the last accepted room. Null when no other room qualifies.
 */
export function neighbourRoom<T extends { readonly roomId: string }>(
  order: readonly T[],
  currentRoomId: string | null,
  step: 1 | -1,
  accepts: (room: T) => boolean = () => true,
): string | null {
  const count = order.length;
  const current = order.findIndex((room) => room.roomId === currentRoomId);
  const start = current >= 0 ? current : step === 1 ? -1 : count;
  for (let offset = 1; offset <= count; offset++) {
    const candidate = order[(((start + step * offset) % count) + count) % count]!;
    if (candidate.roomId !== currentRoomId && accepts(candidate)) return candidate.roomId;
  }
  return null;
}

export class SortedRooms<T extends RankedRoom> {
  private readonly byId = new Map<string, T>();
  private readonly order: T[] = [];

  get size(): number {
    return this.order.length;
  }

  get(roomId: string): T | undefined {
    return this.byId.get(roomId);
  }

  /** The rooms in list order. The array is live: copy it before handing it out. */
  items(): readonly T[] {
    return this.order;
  }

  /** Adds a room, or replaces it and moves it to where its new values belong. */
  put(room: T): void {
    const previous = this.byId.get(room.roomId);
    this.byId.set(room.roomId, room);
    if (previous) {
      const at = this.indexOf(previous);
      if (this.fitsAt(at, room)) {
        this.order[at] = room;
        return;
      }
      this.order.splice(at, 1);
    }
    this.order.splice(this.insertionPoint(room), 0, room);
  }

  remove(roomId: string): boolean {
    const previous = this.byId.get(roomId);
    if (!previous) return false;
    this.byId.delete(roomId);
    this.order.splice(this.indexOf(previous), 1);
    return true;
  }

  /** The first index whose room sorts after `room`. */
  private insertionPoint(room: RankedRoom): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareRooms(this.order[middle]!, room) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Where a stored room sits; exact because the order is total. */
  private indexOf(stored: T): number {
    return this.insertionPoint(stored) - 1;
  }

  /** Whether `room` may replace the entry at `at` without breaking the order. */
  private fitsAt(at: number, room: RankedRoom): boolean {
    const before = this.order[at - 1];
    const after = this.order[at + 1];
    return (!before || compareRooms(before, room) < 0) && (!after || compareRooms(room, after) < 0);
  }
}
