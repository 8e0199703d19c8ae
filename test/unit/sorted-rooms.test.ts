import { describe, expect, it } from 'vitest';
import { compareRooms, neighbourRoom, sectionOf, sections, SortedRooms, type RankedRoom, type RoomSection } from '../../src/renderer/lib/view-models/sorted-rooms';

const room = (roomId: string, lastActivity: number, name = roomId, section: RoomSection = 'rooms'): RankedRoom => ({ roomId, name, lastActivity, section });
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

  it('keeps the sections in their order, newest first within each', () => {
    const rooms = new SortedRooms();
    rooms.put(room('!low', 900, 'Kantine', 'lowPriority'));
    rooms.put(room('!old-room', 100, 'Bauamt', 'rooms'));
    rooms.put(room('!person', 500, 'Erika', 'people'));
    rooms.put(room('!invite', 50, 'Einladung', 'invites'));
    rooms.put(room('!new-room', 700, 'Poststelle', 'rooms'));
    rooms.put(room('!favourite', 10, 'Vorstand', 'favourites'));
    expect(ids(rooms)).toEqual(['!invite', '!favourite', '!person', '!new-room', '!old-room', '!low']);
  });

  it('moves a room between sections when it is tagged', () => {
    const rooms = new SortedRooms();
    rooms.put(room('!a', 300));
    rooms.put(room('!b', 200));
    rooms.put(room('!c', 100));
    rooms.put(room('!c', 100, '!c', 'favourites'));
    expect(ids(rooms)).toEqual(['!c', '!a', '!b']);
    rooms.put(room('!a', 300, '!a', 'lowPriority'));
    expect(ids(rooms)).toEqual(['!c', '!b', '!a']);
  });

  it('stays equal to a full sort through 5,000 random updates, renames, moves and removals', () => {
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
        const next = room(id, random(50) * 1000, `Room ${random(20)}`, sections[random(sections.length)]);
        rooms.put(next);
        truth.set(id, next);
      }
      if (step % 250 === 0) expect(rooms.items()).toEqual([...truth.values()].sort(compareRooms));
    }
    expect(rooms.items()).toEqual([...truth.values()].sort(compareRooms));
    expect(rooms.size).toBe(truth.size);
  });
});

describe('which section a room is in', () => {
  const facts = { invited: false, direct: false, favourite: false, lowPriority: false };

  it('puts invitations first whatever else is true of them', () => {
    expect(sectionOf({ invited: true, direct: true, favourite: true, lowPriority: true })).toBe('invites');
  });

  it('sorts joined rooms by their tags first, then direct chats apart from rooms', () => {
    expect(sectionOf(facts)).toBe('rooms');
    expect(sectionOf({ ...facts, direct: true })).toBe('people');
    expect(sectionOf({ ...facts, direct: true, favourite: true })).toBe('favourites');
    expect(sectionOf({ ...facts, direct: true, lowPriority: true })).toBe('lowPriority');
    expect(sectionOf({ ...facts, lowPriority: true })).toBe('lowPriority');
  });

  it('keeps a room tagged both favourite and low priority (by another client) among the favourites', () => {
    expect(sectionOf({ ...facts, favourite: true, lowPriority: true })).toBe('favourites');
  });
});

describe('the next and previous room for keyboard switching', () => {
  const order = [
    { roomId: '!fav', unread: 0 },
    { roomId: '!erika', unread: 3 },
    { roomId: '!bauamt', unread: 0 },
    { roomId: '!post', unread: 15 },
    { roomId: '!kantine', unread: 0 },
  ];
  const unread = (room: { unread: number }) => room.unread > 0;

  it('steps to the neighbour in list order, across sections, and wraps around at the ends', () => {
    expect(neighbourRoom(order, '!erika', 1)).toBe('!bauamt');
    expect(neighbourRoom(order, '!erika', -1)).toBe('!fav');
    expect(neighbourRoom(order, '!kantine', 1)).toBe('!fav');
    expect(neighbourRoom(order, '!fav', -1)).toBe('!kantine');
  });

  it('starts at the first or the last room when none is open, or the open one is filtered out', () => {
    expect(neighbourRoom(order, null, 1)).toBe('!fav');
    expect(neighbourRoom(order, null, -1)).toBe('!kantine');
    expect(neighbourRoom(order, '!hidden', 1)).toBe('!fav');
  });

  it('skips to the nearest room with unread messages, in either direction', () => {
    expect(neighbourRoom(order, '!fav', 1, unread)).toBe('!erika');
    expect(neighbourRoom(order, '!erika', 1, unread)).toBe('!post');
    expect(neighbourRoom(order, '!post', 1, unread)).toBe('!erika');
    expect(neighbourRoom(order, '!bauamt', -1, unread)).toBe('!erika');
    expect(neighbourRoom(order, null, -1, unread)).toBe('!post');
  });

  it('finds nothing when no other room qualifies', () => {
    expect(neighbourRoom([], null, 1)).toBeNull();
    expect(neighbourRoom([{ roomId: '!only' }], '!only', 1)).toBeNull();
    expect(neighbourRoom(order, '!post', 1, (room) => room.roomId === '!post')).toBeNull();
    expect(neighbourRoom(order.map((room) => ({ ...room, unread: 0 })), '!fav', 1, unread)).toBeNull();
  });
});
