import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  ClientEvent,
  createClient,
  EventType,
  MatrixEventEvent,
  MsgType,
  Preset,
  ReceiptType,
  RelationType,
  RoomEvent,
  RoomStateEvent,
  SyncState,
  type ICreateRoomOpts,
  type MatrixClient,
  type MatrixEvent,
} from 'matrix-js-sdk';
import { neutraliseName } from '../../src/renderer/lib/content/display-text';
import { RoomListViewModel, type RoomListSnapshot, type RoomSummary } from '../../src/renderer/lib/view-models/room-list-view-model';
import { encryptedRoomBetween, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
const clients: MatrixClient[] = [];
const models: RoomListViewModel[] = [];

afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
  for (const client of clients.splice(0)) client.stopClient();
});

async function person(name: string): Promise<MatrixClient> {
  const client = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart(name)));
  clients.push(client);
  return client;
}

function roomList(client: MatrixClient, neutralise?: (name: string) => string, privacy?: { readReceipts: boolean }): RoomListViewModel {
  const model = new RoomListViewModel(client, neutralise, privacy);
  models.push(model);
  return model;
}

async function createRoom(client: MatrixClient, options: ICreateRoomOpts): Promise<string> {
  return (await client.createRoom({ preset: Preset.PrivateChat, ...options })).room_id;
}

/** The client events the model listens to: after dispose their listener counts are back where they were. */
const listenedTo = [
  ClientEvent.Room,
  ClientEvent.DeleteRoom,
  ClientEvent.AccountData,
  ClientEvent.Sync,
  RoomEvent.Timeline,
  RoomEvent.Name,
  RoomEvent.MyMembership,
  RoomEvent.Receipt,
  RoomEvent.Tags,
  RoomEvent.Redaction,
  RoomStateEvent.Events,
  MatrixEventEvent.Decrypted,
  MatrixEventEvent.Replaced,
] as const;
const names = (rooms: readonly RoomSummary[]) => rooms.map((room) => room.name);
const find = (snapshot: RoomListSnapshot, roomId: string) => [...snapshot.invites, ...snapshot.rooms].find((room) => room.roomId === roomId);
/** Each section with the names of its rooms, in list order. */
const sectionNames = (snapshot: RoomListSnapshot) => snapshot.sections.map(({ section, rooms }) => [section, names(rooms)]);

/** The subject's copy of an event someone else sent, once its sync delivered it. */
async function received(client: MatrixClient, roomId: string, eventId: string): Promise<MatrixEvent> {
  await expect.poll(() => client.getRoom(roomId)?.findEventById(eventId)).toBeDefined();
  return client.getRoom(roomId)!.findEventById(eventId)!;
}

describe('RoomListViewModel against Synapse', () => {
  it('lists joined rooms newest activity first and moves a room up when a message arrives in it', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice);
    const zeta = await createRoom(alice, { name: 'Zeta', invite: [bob.getSafeUserId()] });
    await bob.joinRoom(zeta);
    const mu = await createRoom(alice, { name: 'Mu' });
    await createRoom(alice, { name: 'Alpha' });
    await expect.poll(() => names(model.value.rooms)).toEqual(['Alpha', 'Mu', 'Zeta']);

    await bob.sendTextMessage(zeta, 'Neues aus dem Bauamt');
    await expect.poll(() => names(model.value.rooms)).toEqual(['Zeta', 'Alpha', 'Mu']);
    await alice.sendTextMessage(mu, 'Eigene Nachricht');
    await expect.poll(() => names(model.value.rooms)).toEqual(['Mu', 'Zeta', 'Alpha']);
    expect(model.value).toMatchObject({ invites: [], total: 3, filter: '', selectedRoomId: null });
    expect(model.value.rooms.every((room) => room.kind === 'room' && room.lastActivity > 0)).toBe(true);
  });

  it('shows new invites newest first with their inviter and moves one to the rooms once accepted', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice);
    const first = await createRoom(bob, { name: 'Bauausschuss', invite: [alice.getSafeUserId()] });
    await expect.poll(() => model.value.invites).toMatchObject([
      { roomId: first, name: 'Bauausschuss', kind: 'invite', section: 'invites', inviter: bob.getSafeUserId(), unread: 0, lastMessage: null },
    ]);
    expect(model.value).toMatchObject({ rooms: [], total: 1 });
    expect(model.value.invites[0]!.lastActivity).toBeGreaterThan(0);
    const second = await createRoom(bob, { name: 'Arbeitskreis', invite: [alice.getSafeUserId()] });
    await expect.poll(() => model.value.invites.map((room) => room.roomId)).toEqual([second, first]);

    await alice.joinRoom(first);
    await expect.poll(() => model.value.rooms).toMatchObject([{ roomId: first, name: 'Bauausschuss', kind: 'room', section: 'rooms', inviter: null, inviterName: null }]);
    expect(model.value).toMatchObject({ invites: [{ roomId: second }], total: 2 });
  });

  it('counts unread messages and mentions from others and clears them with a read receipt', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice);
    const roomId = await createRoom(alice, { name: 'Poststelle', invite: [bob.getSafeUserId()] });
    await bob.joinRoom(roomId);
    await expect.poll(() => find(model.value, roomId)).toMatchObject({ unread: 0, highlights: 0 });

    await bob.sendTextMessage(roomId, 'Die Post ist da.');
    await expect.poll(() => find(model.value, roomId)).toMatchObject({ unread: 1, highlights: 0 });

    const mention = await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: 'Alice, bitte den Bescheid unterschreiben.',
      'm.mentions': { user_ids: [alice.getSafeUserId()] },
    });
    await expect.poll(() => find(model.value, roomId)).toMatchObject({ unread: 2, highlights: 1 });

    await alice.sendReadReceipt(await received(alice, roomId, mention.event_id));
    await expect.poll(() => find(model.value, roomId)).toMatchObject({ unread: 0, highlights: 0 });
  });

  it('marks a chat listed in the m.direct account data as direct', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice);
    const roomId = await createRoom(bob, { is_direct: true, preset: Preset.TrustedPrivateChat, invite: [alice.getSafeUserId()] });
    await alice.joinRoom(roomId);
    await expect.poll(() => find(model.value, roomId)?.kind).toBe('room');

    await alice.setAccountData(EventType.Direct, { [bob.getSafeUserId()]: [roomId] });
    await expect.poll(() => find(model.value, roomId)?.kind).toBe('direct');
    expect(model.value.rooms).toHaveLength(1);
    expect(sectionNames(model.value)).toEqual([['people', [find(model.value, roomId)!.name]]]);
  });

  it('names the inviter by their display name from the invitation, neutralised, and keeps their user id', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice, neutraliseName);
    await bob.setDisplayName('Bob\u202E Baumann\u200B');
    const roomId = await createRoom(bob, { name: 'Bauausschuss', invite: [alice.getSafeUserId()] });
    await expect.poll(() => find(model.value, roomId)).toMatchObject({ inviter: bob.getSafeUserId(), inviterName: 'Bob Baumann' });
  });

  it('puts favourites first and low priority last, from the room tags, set here or by another client', async () => {
    const alice = await person('alice');
    const model = roomList(alice);
    const kantine = await createRoom(alice, { name: 'Kantine' });
    const vorstand = await createRoom(alice, { name: 'Vorstand' });
    await createRoom(alice, { name: 'Poststelle' });
    await expect.poll(() => sectionNames(model.value)).toEqual([['rooms', ['Poststelle', 'Vorstand', 'Kantine']]]);

    await model.setTag(vorstand, 'favourite', true);
    await model.setTag(kantine, 'lowPriority', true);
    await expect.poll(() => sectionNames(model.value)).toEqual([
      ['favourites', ['Vorstand']],
      ['rooms', ['Poststelle']],
      ['lowPriority', ['Kantine']],
    ]);
    expect(names(model.value.rooms)).toEqual(['Vorstand', 'Poststelle', 'Kantine']);
    expect(find(model.value, vorstand)).toMatchObject({ favourite: true, lowPriority: false });
    expect(alice.getRoom(vorstand)?.tags).toHaveProperty(['m.favourite']);

    // A favourite moved to low priority is no favourite any more (one tag at a time).
    await model.setTag(vorstand, 'lowPriority', true);
    await expect.poll(() => sectionNames(model.value)).toEqual([['rooms', ['Poststelle']], ['lowPriority', ['Vorstand', 'Kantine']]]);
    expect(find(model.value, vorstand)).toMatchObject({ favourite: false, lowPriority: true });

    // Another client's tag arrives with the sync.
    await alice.setRoomTag(kantine, 'm.favourite', { order: 0.5 });
    await alice.deleteRoomTag(kantine, 'm.lowpriority');
    await model.setTag(vorstand, 'lowPriority', false);
    await expect.poll(() => sectionNames(model.value)).toEqual([['favourites', ['Kantine']], ['rooms', ['Poststelle', 'Vorstand']]]);
  });

  it('previews the last message decrypted, with its sender, and follows edits and deletions', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice, neutraliseName);
    await bob.setDisplayName('Bob Baumann');
    const roomId = await encryptedRoomBetween(alice, bob);
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    const { event_id: eventId } = await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: 'Der **Bescheid** liegt vor.',
      format: 'org.matrix.custom.html',
      formatted_body: 'Der <b>Bescheid</b> liegt vor.',
    });
    await expect.poll(() => find(model.value, roomId)?.lastMessage).toMatchObject({
      eventId,
      own: false,
      senderName: 'Bob Baumann',
      kind: 'text',
      text: 'Der **Bescheid** liegt vor.',
    });
    expect((await received(alice, roomId, eventId)).isEncrypted()).toBe(true);
    expect(find(model.value, roomId)!.lastMessage!.timestamp).toBe(alice.getRoom(roomId)!.findEventById(eventId)!.getTs());

    await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: '* Der Bescheid liegt morgen vor.',
      'm.new_content': { msgtype: MsgType.Text, body: 'Der Bescheid liegt morgen vor.' },
      'm.relates_to': { rel_type: RelationType.Replace, event_id: eventId },
    });
    await expect.poll(() => find(model.value, roomId)?.lastMessage).toMatchObject({ eventId, text: 'Der Bescheid liegt morgen vor.' });

    await bob.redactEvent(roomId, eventId);
    await expect.poll(() => find(model.value, roomId)?.lastMessage).toMatchObject({ eventId, kind: 'deleted', text: '' });

    const { event_id: own } = await alice.sendTextMessage(roomId, 'Danke');
    await expect.poll(() => find(model.value, roomId)?.lastMessage).toMatchObject({ eventId: own, own: true, senderName: null, text: 'Danke' });
  });

  it('leaves the other person unnamed in a direct chat and shows their avatar for it', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice);
    const { content_uri: avatar } = await bob.uploadContent(new Blob(['avatar'], { type: 'image/png' }), { name: 'bob.png' });
    await bob.setAvatarUrl(avatar);
    const roomId = await createRoom(bob, { is_direct: true, preset: Preset.TrustedPrivateChat, invite: [alice.getSafeUserId()] });
    await alice.joinRoom(roomId);
    await alice.setAccountData(EventType.Direct, { [bob.getSafeUserId()]: [roomId] });
    await bob.sendTextMessage(roomId, 'Hast du kurz Zeit?');
    await expect.poll(() => find(model.value, roomId)).toMatchObject({
      kind: 'direct',
      avatar,
      lastMessage: { own: false, senderName: null, text: 'Hast du kurz Zeit?' },
    });
  });

  it.each([
    { receipts: 'public', readReceipts: true, own: ReceiptType.Read },
    { receipts: 'private', readReceipts: false, own: ReceiptType.ReadPrivate },
  ])('marks a room read from the list with a $receipts receipt, as policy says, and its count clears', async ({ readReceipts, own }) => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice, undefined, { readReceipts });
    const roomId = await createRoom(alice, { name: 'Poststelle', invite: [bob.getSafeUserId()] });
    await bob.joinRoom(roomId);
    await bob.sendTextMessage(roomId, 'Die Post ist da.');
    const { event_id: latest } = await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: 'Alice, bitte abholen.',
      'm.mentions': { user_ids: [alice.getSafeUserId()] },
    });
    await expect.poll(() => find(model.value, roomId)).toMatchObject({ unread: 2, highlights: 1 });

    await model.markRead(roomId);
    await expect.poll(() => find(model.value, roomId)).toMatchObject({ unread: 0, highlights: 0 });
    const aliceId = alice.getSafeUserId();
    expect(alice.getRoom(roomId)?.getReadReceiptForUserId(aliceId, true, own)?.eventId).toBe(latest);
    await expect.poll(() => alice.getRoom(roomId)?.getAccountData(EventType.FullyRead)?.getContent().event_id).toBe(latest);
    expect(model.value.problem).toBeNull();
  });

  it('keeps every other room’s summary object when a message arrives in one room', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice);
    const busy = await createRoom(alice, { name: 'Poststelle', invite: [bob.getSafeUserId()] });
    await bob.joinRoom(busy);
    const kantine = await createRoom(alice, { name: 'Kantine' });
    const { event_id: menu } = await alice.sendTextMessage(kantine, 'Heute Eintopf');
    const vorstand = await createRoom(alice, { name: 'Vorstand' });
    await alice.sendTextMessage(vorstand, 'Sitzung um zehn');
    await expect.poll(() => names(model.value.rooms)).toEqual(['Vorstand', 'Kantine', 'Poststelle']);
    await expect.poll(() => model.value.rooms.map((room) => room.lastMessage?.text ?? null)).toEqual(['Sitzung um zehn', 'Heute Eintopf', null]);
    const before = model.value;

    // Kantine is looked at again (a receipt) but does not change; Poststelle gets a message.
    await alice.sendReadReceipt(await received(alice, kantine, menu));
    await bob.sendTextMessage(busy, 'Die Post ist da.');
    await expect.poll(() => names(model.value.rooms)).toEqual(['Poststelle', 'Vorstand', 'Kantine']);
    const after = model.value;
    expect(after.rooms[0]).not.toBe(find(before, busy));
    expect(after.rooms[1]).toBe(before.rooms[0]);
    expect(after.rooms[2]).toBe(before.rooms[1]);
  });

  it('tells encrypted rooms from unencrypted ones, including encryption switched on later', async () => {
    const alice = await person('alice');
    const model = roomList(alice);
    const encryption = { algorithm: 'm.megolm.v1.aes-sha2' } as const;
    await createRoom(alice, { name: 'Personalrat', initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: encryption }] });
    const canteen = await createRoom(alice, { name: 'Kantine' });
    const encrypted = () => model.value.rooms.map((room) => [room.name, room.encrypted]);
    await expect.poll(encrypted).toEqual([['Kantine', false], ['Personalrat', true]]);

    await alice.sendStateEvent(canteen, EventType.RoomEncryption, encryption, '');
    await expect.poll(encrypted).toEqual([['Kantine', true], ['Personalrat', true]]);
  });

  it('filters rooms and invites by name, alias or room id without re-deriving them', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const model = roomList(alice);
    const alias = uniqueLocalpart('kita');
    const kita = await createRoom(alice, { name: 'Kita Sonnenschein', room_alias_name: alias });
    await createRoom(alice, { name: 'Bauamt Nord' });
    await createRoom(alice, { name: 'Bauamt Süd' });
    await createRoom(bob, { name: 'Bauamt Ost', invite: [alice.getSafeUserId()] });
    await expect.poll(() => model.value.total).toBe(4);
    const unfiltered = model.value;

    model.setFilter('  BAUAMT ');
    expect(model.value).toMatchObject({ filter: '  BAUAMT ', total: 4 });
    expect(names(model.value.rooms)).toEqual(['Bauamt Süd', 'Bauamt Nord']);
    expect(names(model.value.invites)).toEqual(['Bauamt Ost']);
    expect(model.value.rooms[0]).toBe(unfiltered.rooms[0]);

    model.setFilter(`#${alias.toUpperCase()}`);
    expect(names(model.value.rooms)).toEqual(['Kita Sonnenschein']);
    model.setFilter(kita.slice(0, 6));
    expect(names(model.value.rooms)).toEqual(['Kita Sonnenschein']);
    model.setFilter('Rathaus');
    expect(model.value).toMatchObject({ rooms: [], invites: [], total: 4 });

    model.setFilter('');
    expect(model.value.rooms).toEqual(unfiltered.rooms);
    expect(model.value.invites).toEqual(unfiltered.invites);
  });

  it('passes every room name through the neutraliser it was given', async () => {
    const alice = await person('alice');
    const model = roomList(alice, (name) => `«${name}»`);
    await createRoom(alice, { name: 'Ordnungsamt' });
    await expect.poll(() => names(model.value.rooms)).toEqual(['«Ordnungsamt»']);
  });

  it('removes a room the user leaves and forgets it was selected', async () => {
    const alice = await person('alice');
    const model = roomList(alice);
    await createRoom(alice, { name: 'Bleibt' });
    const leaving = await createRoom(alice, { name: 'Geht' });
    await expect.poll(() => names(model.value.rooms)).toEqual(['Geht', 'Bleibt']);
    model.select(leaving);
    expect(model.value.selectedRoomId).toBe(leaving);

    await alice.leave(leaving);
    await expect.poll(() => names(model.value.rooms)).toEqual(['Bleibt']);
    expect(model.value).toMatchObject({ total: 1, selectedRoomId: null });
  });

  it('publishes everything one sync response changed as a single snapshot', async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const [alice, bob] = await Promise.all([startSyncHoldingClient(aliceUser), person('bob')]);
    const model = roomList(alice.client);
    const roomIds = new Map<string, string>();
    for (const name of ['Eins', 'Zwei', 'Drei', 'Vier', 'Fünf', 'Sechs']) {
      roomIds.set(name, await createRoom(bob, { name, invite: [aliceUser.userId] }));
    }
    for (const roomId of roomIds.values()) await alice.client.joinRoom(roomId);
    await expect.poll(() => names(model.value.rooms)).toEqual(['Sechs', 'Fünf', 'Vier', 'Drei', 'Zwei', 'Eins']);

    // Typing ends the pending sync; the request after it waits while bob writes everywhere.
    const release = await alice.holdNextSync(() => bob.sendTyping(roomIds.get('Eins')!, true, 5_000));
    const published: RoomListSnapshot[] = [];
    model.subscribe((snapshot) => published.push(snapshot));
    published.length = 0;
    for (const name of ['Drei', 'Eins', 'Sechs', 'Zwei', 'Fünf', 'Vier']) await bob.sendTextMessage(roomIds.get(name)!, 'Sitzung verschoben');
    release();

    const expected = ['Vier', 'Fünf', 'Zwei', 'Sechs', 'Eins', 'Drei'];
    await expect.poll(() => names(model.value.rooms)).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published).toHaveLength(1);
    expect(names(published[0]!.rooms)).toEqual(expected);
    expect(published[0]!.rooms.map((room) => room.unread)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('stops updating after dispose and leaves no listener behind', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    const older = await createRoom(alice, { name: 'Älter', invite: [bob.getSafeUserId()] });
    await bob.joinRoom(older);
    const newer = await createRoom(alice, { name: 'Neuer' });
    await expect.poll(() => [older, newer].map((roomId) => alice.getRoom(roomId)?.getMyMembership())).toEqual(['join', 'join']);
    const listeners = () => [
      ...listenedTo.map((event) => alice.listenerCount(event)),
      ...[older, newer].map((roomId) => alice.getRoom(roomId)!.listenerCount(RoomEvent.UnreadNotifications)),
    ];
    const withoutModel = listeners();

    const model = roomList(alice);
    await expect.poll(() => names(model.value.rooms)).toEqual(['Neuer', 'Älter']);
    expect(listeners()).not.toEqual(withoutModel);
    const published: RoomListSnapshot[] = [];
    model.subscribe((snapshot) => published.push(snapshot));

    model.dispose();
    expect(listeners()).toEqual(withoutModel);
    const late = await bob.sendTextMessage(older, 'Nach dem Schließen');
    await received(alice, older, late.event_id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published).toHaveLength(1);
    expect(names(model.value.rooms)).toEqual(['Neuer', 'Älter']);
  });
});

/**
 * A client like startPeer's whose /sync requests can be held back, so that changes
 * made meanwhile arrive together in one sync response.
 */
async function startSyncHoldingClient(user: RegisteredUser) {
  let gate: { open: Promise<void>; parked: () => void } | null = null;
  const fetchFn: typeof fetch = async (input, init) => {
    const held = gate;
    if (held && new URL(String(input)).pathname.endsWith('/sync')) {
      held.parked();
      await held.open;
    }
    return fetch(input, init);
  };
  const client = createClient({ baseUrl: synapse.baseUrl, userId: user.userId, deviceId: user.deviceId, accessToken: user.accessToken, fetchFn });
  clients.push(client);
  await client.initRustCrypto({ storageKey: randomBytes(32), cryptoDatabasePrefix: `held:${user.userId}:${user.deviceId}` });
  const prepared = new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => state === SyncState.Prepared && resolve());
  });
  await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true });
  await prepared;
  return {
    client,
    /** Lets `wake` end the pending sync, then holds the next one; returns what lets it go. */
    async holdNextSync(wake: () => Promise<unknown>): Promise<() => void> {
      let open!: () => void;
      let parked!: () => void;
      const isParked = new Promise<void>((resolve) => (parked = resolve));
      gate = { open: new Promise<void>((resolve) => (open = resolve)), parked };
      await wake();
      await isParked;
      return () => {
        gate = null;
        open();
      };
    },
  };
}
