import { Preset, RoomStateEvent, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemberListViewModel, type MemberListSnapshot, type MemberSummary } from '../../src/renderer/lib/view-models/member-list-view-model';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

/** A plain client-server call as someone who needs no syncing client of their own. */
async function act(user: RegisteredUser, method: 'POST' | 'PUT', path: string, body: object = {}): Promise<void> {
  const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3${path}`, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

const setName = (user: RegisteredUser, name: string) => act(user, 'PUT', `/profile/${encodeURIComponent(user.userId)}/displayname`, { displayname: name });
const join = (user: RegisteredUser, roomId: string) => act(user, 'POST', `/join/${encodeURIComponent(roomId)}`);
const leave = (user: RegisteredUser, roomId: string) => act(user, 'POST', `/rooms/${encodeURIComponent(roomId)}/leave`);

const collator = new Intl.Collator(undefined, { numeric: true });
const names = (members: readonly MemberSummary[]) => members.map((member) => member.name);

async function person(name: string): Promise<RegisteredUser> {
  const user = await registerUser(synapse, uniqueLocalpart(name.split(' ')[0]!.toLowerCase()));
  await setName(user, name);
  return user;
}

// Twenty people join (one of them is the observer whose client runs the model), four stay invited.
const joinerNames = [
  'Anna Schmidt', 'Anna Schmidt', 'Bernd Beobachter', 'Carla Dietz', 'Dieter Ernst', 'Emil Fuchs', 'Frieda Graf',
  'Gustav Hahn', 'Hanna Iske', 'Ida Jung', 'Jonas Kern', 'Karla Lenz', 'Lars Mohr', 'Mia Nagel', 'Nils Ott',
  'Olga Pohl', 'Paul Quast', 'Rita Seidel', 'Sven Thiel', 'Uwe Vogt',
];
const inviteeNames = ['Walter Wolf', 'Xenia Yilmaz', 'Yvonne Zahn', 'Zora Abel'];

describe('MemberListViewModel against Synapse', () => {
  let alice: MatrixClient;
  let observer: MatrixClient;
  let joiners: RegisteredUser[];
  let invitees: RegisteredUser[];
  let roomId: string;

  beforeAll(async () => {
    const aliceUser = await person('Alice Amtsleitung');
    joiners = [];
    for (const name of joinerNames) joiners.push(await person(name));
    invitees = [];
    for (const name of inviteeNames) invitees.push(await person(name));
    alice = await startPeer(synapse.baseUrl, aliceUser);
    const moderator = joiners[13]!; // Mia Nagel
    ({ room_id: roomId } = await alice.createRoom({
      preset: Preset.PrivateChat,
      name: 'Ordnungsamt',
      invite: [...joiners, ...invitees].map((user) => user.userId),
      power_level_content_override: { users: { [moderator.userId]: 50 } },
    }));
    for (const user of joiners) await join(user, roomId);
    // Recent history holds only Alice's messages, so a lazy-loading client learns the others from the member list alone.
    for (let i = 1; i <= 25; i += 1) await alice.sendTextMessage(roomId, `Aushang ${i}`);
    observer = await startPeer(synapse.baseUrl, joiners[2]!); // Bernd Beobachter
  });
  afterAll(() => {
    alice?.stopClient();
    observer?.stopClient();
  });

  it('loads the members lazily and lists joined and invited people apart, most powerful first, told apart by user id', async () => {
    await expect.poll(() => observer.getRoom(roomId)?.getMyMembership()).toBe('join');
    const room = observer.getRoom(roomId)!;
    expect(room.getJoinedMembers().length).toBeLessThan(21);

    const model = new MemberListViewModel(room);
    const snapshots: MemberListSnapshot[] = [];
    model.subscribe((snapshot) => snapshots.push(snapshot));
    expect(snapshots[0]!.status).toBe('loading');
    await expect.poll(() => model.value.status).toBe('ready');
    // Every member arrived as an event of its own, yet the list was rebuilt once for all of them.
    expect(snapshots.length).toBeLessThanOrEqual(3);

    const [anna1, anna2] = joiners;
    const annas = [`Anna Schmidt (${anna1!.userId})`, `Anna Schmidt (${anna2!.userId})`].sort(collator.compare);
    const { joined, invited, total } = model.value;
    expect(total).toBe(25);
    expect(joined).toHaveLength(21);
    expect(joined.slice(0, 2)).toMatchObject([
      { name: 'Alice Amtsleitung', userId: alice.getSafeUserId(), role: 'admin', avatar: null },
      { name: 'Mia Nagel', role: 'moderator', powerLevel: 50 },
    ]);
    expect(names(joined.slice(2))).toEqual([...annas, ...joinerNames.slice(2).filter((name) => name !== 'Mia Nagel')]);
    expect(joined.slice(2).every((member) => member.role === null && member.powerLevel === 0)).toBe(true);
    expect(names(invited)).toEqual(['Walter Wolf', 'Xenia Yilmaz', 'Yvonne Zahn', 'Zora Abel']);

    model.setFilter('schmidt');
    expect(names(model.value.joined)).toEqual(annas);
    expect(model.value).toMatchObject({ invited: [], filter: 'schmidt', total: 25 });
    model.setFilter(invitees[0]!.userId.slice(1, 8).toUpperCase());
    expect(names(model.value.invited)).toEqual(['Walter Wolf']);
    model.setFilter('');
    expect(model.value.joined).toHaveLength(21);
    model.dispose();
  });

  it('follows renames, leaves, joins and power levels as they happen', async () => {
    const room = observer.getRoom(roomId)!;
    const listeners = room.listenerCount(RoomStateEvent.Members);
    const model = new MemberListViewModel(room);
    await expect.poll(() => model.value.status).toBe('ready');
    const [anna1, anna2] = joiners;
    const find = (userId: string) => [...model.value.joined, ...model.value.invited].find((member) => member.userId === userId);

    // Once one Anna has a new name, the other needs no user id any more.
    await setName(anna1!, 'Anna Zimmermann');
    await expect.poll(() => find(anna2!.userId)?.name).toBe('Anna Schmidt');
    expect(find(anna1!.userId)?.name).toBe('Anna Zimmermann');
    expect(names(model.value.joined).slice(2, 5)).toEqual(['Anna Schmidt', 'Anna Zimmermann', 'Bernd Beobachter']);

    await leave(joiners[19]!, roomId); // Uwe Vogt
    await expect.poll(() => find(joiners[19]!.userId)).toBeUndefined();

    await join(invitees[3]!, roomId); // Zora Abel
    await expect.poll(() => names(model.value.invited)).toEqual(['Walter Wolf', 'Xenia Yilmaz', 'Yvonne Zahn']);
    expect(model.value.joined.find((member) => member.userId === invitees[3]!.userId)?.name).toBe('Zora Abel');

    await alice.setPowerLevel(roomId, joiners[10]!.userId, 50); // Jonas Kern
    await expect.poll(() => names(model.value.joined).slice(0, 3)).toEqual(['Alice Amtsleitung', 'Jonas Kern', 'Mia Nagel']);
    expect(find(joiners[10]!.userId)?.role).toBe('moderator');
    expect(model.value.total).toBe(24);

    model.dispose();
    expect(room.listenerCount(RoomStateEvent.Members)).toBe(listeners);
  });
});
