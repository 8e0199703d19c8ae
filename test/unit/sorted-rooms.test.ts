import { describe, expect, it } from 'vitest';
import { compareRooms, SortedRooms, type RankedRoom } from '../../src/renderer/lib/view-models/sorted-rooms';

const room = (roomId: string, lastActivity: number, name = roomId): RankedRoom => ({ roomId, name, lastActivity });
const ids = (rooms: SortedRooms<RankedRoom>) => rooms.items().map((r) => r.roomId);

describe('SortedRooms', () => {
  it('keeps rooms newest activity first, whatever the insertion order', () => {
    const rooms = new SortedRooms();
    rooms.put(room('!b', 200));
    rooms.put(room('!a', 100));
    rooms.put(room('!c', 300));
    rooms.put(room('!d', 0));
    expect(ids(rooms)).toEqual(['!c', '!b', '!a', '!d']);
    expect(rooms.size).toBe(4);
  });

  it('moves a room to the top when it gets newer activity', () => {
    const rooms = new SortedRooms();
    for (const [id, ts] of [['!a', 300], ['!b', 200], ['!c', 100]] as const) rooms.put(room(id, ts));
    rooms.put(room('!c', 400));
    expect(ids(rooms)).toEqual(['!c', '!a', '!b']);
    expect(rooms.size).toBe(3);
  });

  it('replaces a room in place when its position does not change', () => {
    const rooms = new SortedRooms();
    rooms.put(room('!a', 300));
    rooms.put(room('!b', 200));
    const renamed = { ...room('!b', 200), name: '!b', unread: 3 };
    rooms.put(renamed);
    expect(ids(rooms)).toEqual(['!a', '!b']);
    expect(rooms.items()[1]).toBe(renamed);
    expect(rooms.get('!b')).toBe(renamed);
  });

  it('removes rooms and reports whether there was one', () => {
    const rooms = new SortedRooms();
    rooms.put(room('!a', 300));
    rooms.put(room('!b', 200));
    expect(rooms.remove('!a')).toBe(true);
    expect(rooms.remove('!a')).toBe(false);
    expect(ids(rooms)).toEqual(['!b']);
    expect(rooms.get('!a')).toBeUndefined();
  });

  it('orders rooms with the same activity by name, then by room id', () => {
    const rooms = new SortedRooms();
    rooms.put(room('!3', 100, 'Beta'));
    rooms.put(room('!2', 100, 'alpha'));
    rooms.put(room('!1', 100, 'Beta'));
    rooms.put(room('!4', 100, 'Room 10'));
    rooms.put(room('!5', 100, 'Room 9'));
    expect(ids(rooms)).toEqual(['!2', '!1', '!3', '!5', '!4']);
  });

  it('renaming a room among equally recent rooms moves it by name', () => {
    const rooms = new SortedRooms();
    rooms.put(room('!1', 0, 'Anna'));
    rooms.put(room('!2', 0, 'Berta'));
    rooms.put(room('!3', 0, 'Carla'));
    rooms.put(room('!1', 0, 'Dora'));
    expect(ids(rooms)).toEqual(['!2', '!3', '!1']);
  });

  it('stays equal to a full sort through 5,000 random updates, renames and removals', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const rooms = new SortedRooms();
    const truth = new Map<string, RankedRoom>();
    for (let step = 0; step < 5_000; step++) {
      const id = `!room${random(300)}`;
      if (random(10) === 0) {
        expect(rooms.remove(id)).toBe(truth.delete(id));
      } else {
        // Few distinct times and names, so ties are common.
        const next = room(id, random(50) * 1000, `Room ${random(20)}`);
        rooms.put(next);
        truth.set(id, next);
      }
      if (step % 250 === 0) expect(rooms.items()).toEqual([...truth.values()].sort(compareRooms));
    }
    expect(rooms.items()).toEqual([...truth.values()].sort(compareRooms));
    expect(rooms.size).toBe(truth.size);
  });
});
