/**
 * Rooms kept in list order (latest activity first) under updates: each change
 * finds its old and new place by binary search, so an event never re-sorts the list.
 */

export interface RankedRoom {
  readonly roomId: string;
  readonly name: string;
  readonly lastActivity: number;
}

const names = new Intl.Collator(undefined, { numeric: true });

/** Newest first; equal times by name, then by room id, so the order is total and stable. */
export function compareRooms(a: RankedRoom, b: RankedRoom): number {
  if (a.lastActivity !== b.lastActivity) return b.lastActivity - a.lastActivity;
  return names.compare(a.name, b.name) || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0);
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
