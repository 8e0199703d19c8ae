import { EventType, Preset, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { permissionsOf, RoomSettingsViewModel } from '../../src/renderer/lib/view-models/room-settings-view-model';
import { refusalOf } from '../../src/renderer/lib/matrix/server-refusal';
import { startPeer } from '../support/peer-client';
import { gradientPng } from '../support/png';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

const host = (opened: string[] = []) => ({ neutraliseName: (name: string) => name, showRoom: (roomId: string) => void opened.push(roomId) });

/** A state event as the client knows it, once sync has brought it. */
const stateOf = (client: MatrixClient, roomId: string, type: string, key = '') => client.getRoom(roomId)?.currentState.getStateEvents(type, key)?.getContent();

describe('RoomSettingsViewModel against Synapse', () => {
  let alice: MatrixClient;
  let bob: MatrixClient;
  let carol: MatrixClient;
  let roomId: string;

  beforeAll(async () => {
    const users = await Promise.all(['alice', 'bob', 'carol'].map((name) => registerUser(synapse, uniqueLocalpart(name))));
    [alice, bob, carol] = (await Promise.all(users.map((user) => startPeer(synapse.baseUrl, user)))) as [MatrixClient, MatrixClient, MatrixClient];
    ({ room_id: roomId } = await alice.createRoom({ preset: Preset.PrivateChat, name: 'Bauamt', invite: [bob.getSafeUserId(), carol.getSafeUserId()] }));
    for (const peer of [bob, carol]) await peer.joinRoom(roomId);
    await vi.waitFor(() => expect(alice.getRoom(roomId)?.getJoinedMemberCount()).toBe(3), { timeout: 10_000 });
  });
  afterAll(() => [alice, bob, carol].forEach((client) => client?.stopClient()));

  it('reads the levels as Synapse enforces them: a member is refused and told why', async () => {
    await expect.poll(() => bob.getRoom(roomId)?.getJoinedMemberCount()).toBe(3);
    const model = new RoomSettingsViewModel(bob, bob.getRoom(roomId)!, host());
    expect(model.value.me).toEqual({ level: 0, role: 'member' });
    expect(model.value.may.name).toEqual({ allowed: false, reason: 'level', needed: 50, mine: 0 });
    // The server agrees: the same change is refused, and the refusal has a code the dialog words.
    await model.setName('Bobs Raum');
    expect(model.value.status).toEqual({ operation: 'name', result: 'forbidden' });
    expect(model.value.name).toBe('Bauamt');
    model.dispose();
  });

  it('promotes a member, and the view model of someone else follows every change live', async () => {
    const model = new RoomSettingsViewModel(alice, alice.getRoom(roomId)!, host());
    // Room v12 (Synapse's default): the creator ranks above every level.
    expect(model.value.me.role).toBe('creator');
    await model.setLevel(bob.getSafeUserId(), 50);
    expect(model.value.status).toEqual({ operation: 'role', result: 'done' });
    await expect.poll(() => stateOf(bob, roomId, EventType.RoomPowerLevels)?.users?.[bob.getSafeUserId()]).toBe(50);

    // Bob renames the room while Alice has the settings open.
    await bob.setRoomName(roomId, 'Bauamt Nord');
    await expect.poll(() => model.value.name).toBe('Bauamt Nord');
    expect(model.value.people.find((person) => person.userId === bob.getSafeUserId())).toMatchObject({ level: 50, role: 'moderator' });

    await model.setTopic('  Anträge und Genehmigungen  ');
    await model.setJoinRule('public');
    await model.setHistory('joined');
    await expect.poll(() => stateOf(bob, roomId, EventType.RoomTopic)?.topic).toBe('Anträge und Genehmigungen');
    await expect.poll(() => stateOf(bob, roomId, EventType.RoomJoinRules)?.join_rule).toBe('public');
    await expect.poll(() => stateOf(bob, roomId, EventType.RoomHistoryVisibility)?.history_visibility).toBe('joined');
    expect(model.value).toMatchObject({ topic: 'Anträge und Genehmigungen', joinRule: 'public', history: 'joined' });
    model.dispose();
  });

  it('never lets a moderator raise someone above their own level or change an equal, and Synapse agrees', async () => {
    await expect.poll(() => permissionsOf(bob, bob.getRoom(roomId)!).mine).toBe(50);
    const permissions = permissionsOf(bob, bob.getRoom(roomId)!);
    expect(permissions.may('roles')).toMatchObject({ allowed: false, reason: 'level', needed: 100 });
    // Even where the level to change roles is within reach, the limits of the spec remain.
    const content = stateOf(alice, roomId, EventType.RoomPowerLevels)!;
    await alice.sendStateEvent(roomId, EventType.RoomPowerLevels, { ...content, events: { ...content.events, [EventType.RoomPowerLevels]: 50 } }, '');
    await expect.poll(() => permissionsOf(bob, bob.getRoom(roomId)!).may('roles').allowed).toBe(true);
    const moderator = permissionsOf(bob, bob.getRoom(roomId)!);
    expect(moderator.mayChangeLevel(carol.getSafeUserId(), 100)).toEqual({ allowed: false, reason: 'limit', mine: 50 });
    expect(moderator.mayChangeLevel(carol.getSafeUserId(), 50)).toEqual({ allowed: true });
    const tooHigh = await bob.sendStateEvent(roomId, EventType.RoomPowerLevels, moderator.withLevel(carol.getSafeUserId(), 100) as Record<string, unknown>, '').catch(refusalOf);
    expect(tooHigh).toBe('forbidden');
    await bob.setPowerLevel(roomId, carol.getSafeUserId(), 50);
    await expect.poll(() => permissionsOf(bob, bob.getRoom(roomId)!).levelOf(carol.getSafeUserId())).toBe(50);
    const equal = permissionsOf(bob, bob.getRoom(roomId)!);
    expect(equal.mayChangeLevel(carol.getSafeUserId(), 0)).toEqual({ allowed: false, reason: 'rank', mine: 50 });
    const demoted = await bob.sendStateEvent(roomId, EventType.RoomPowerLevels, equal.withLevel(carol.getSafeUserId(), 0) as Record<string, unknown>, '').catch(refusalOf);
    expect(demoted).toBe('forbidden');
    // The view model does not even ask.
    const model = new RoomSettingsViewModel(bob, bob.getRoom(roomId)!, host());
    await model.setLevel(carol.getSafeUserId(), 0);
    expect(model.value.status).toEqual({ operation: 'role', result: 'forbidden' });
    model.dispose();
    await alice.setPowerLevel(roomId, carol.getSafeUserId(), 0);
  });

  it('removes with a reason, bans, lists the banned and lifts the ban', async () => {
    const model = new RoomSettingsViewModel(alice, alice.getRoom(roomId)!, host());
    const carolId = carol.getSafeUserId();
    await expect.poll(() => model.value.people.find((person) => person.userId === carolId)?.level).toBe(0);
    expect(model.value.people.find((person) => person.userId === carolId)?.kick).toEqual({ allowed: true });
    await model.kick(carolId, 'Falscher Raum');
    await expect.poll(() => stateOf(bob, roomId, EventType.RoomMember, carolId)).toMatchObject({ membership: 'leave', reason: 'Falscher Raum' });
    await model.ban(carolId, 'Werbung');
    await expect.poll(() => model.value.banned).toEqual([{ userId: carolId, name: expect.any(String), reason: 'Werbung', unban: { allowed: true } }]);
    await model.unban(carolId);
    await expect.poll(() => model.value.banned).toEqual([]);
    expect(stateOf(alice, roomId, EventType.RoomMember, carolId)?.membership).toBe('leave');
    model.dispose();
  });

  it('makes addresses on the own server, the main one too, and says when one is taken', async () => {
    const model = new RoomSettingsViewModel(alice, alice.getRoom(roomId)!, host());
    await expect.poll(() => model.value.addresses.loaded).toBe(true);
    const localpart = uniqueLocalpart('bauamt');
    const alias = `#${localpart}:${alice.getDomain()}`;
    await model.addAddress(localpart);
    expect(model.value.addresses.local).toEqual([alias]);
    await model.makeMainAddress(alias);
    await expect.poll(() => stateOf(bob, roomId, EventType.RoomCanonicalAlias)?.alias).toBe(alias);
    await expect.poll(() => model.value.addresses.main).toBe(alias);

    const { room_id: other } = await bob.createRoom({ preset: Preset.PrivateChat });
    await expect.poll(() => bob.getRoom(other)?.getMyMembership()).toBe('join');
    const bobs = new RoomSettingsViewModel(bob, bob.getRoom(other)!, host());
    await bobs.addAddress(localpart);
    expect(bobs.value.status).toEqual({ operation: 'addAddress', result: 'taken' });
    await bobs.addAddress('mit leerzeichen');
    expect(bobs.value.status).toEqual({ operation: 'addAddress', result: 'bad-address' });
    bobs.dispose();

    await model.removeAddress(alias);
    expect(model.value.addresses.local).toEqual([]);
    await expect.poll(() => model.value.addresses.main).toBeNull();
    model.dispose();
  });

  it('sets a picture through the upload path, unencrypted as room avatars are, and refuses what is no picture', async () => {
    const model = new RoomSettingsViewModel(alice, alice.getRoom(roomId)!, host());
    await model.setAvatar(new File([new Uint8Array(gradientPng(64, 64))], 'wappen.png', { type: 'image/png' }));
    expect(model.value.status).toEqual({ operation: 'avatar', result: 'done' });
    await expect.poll(() => stateOf(bob, roomId, EventType.RoomAvatar)?.url).toMatch(/^mxc:\/\//);
    expect(model.value.avatar).toBe(stateOf(alice, roomId, EventType.RoomAvatar)?.url);
    await model.setAvatar(new File(['<svg/>'], 'bild.svg', { type: 'image/svg+xml' }));
    expect(model.value.status).toEqual({ operation: 'avatar', result: 'not-an-image' });
    model.dispose();
  });

  it('offers an upgrade where the server marks the version unstable, and opens the new room', async () => {
    const unstable = Object.entries((await bob.getCapabilities())['m.room_versions']!.available).find(([, stability]) => stability === 'unstable')![0];
    const { room_id: old } = await bob.createRoom({ preset: Preset.PrivateChat, room_version: unstable, name: 'Altbau' });
    await expect.poll(() => bob.getRoom(old)?.getMyMembership()).toBe('join');
    const opened: string[] = [];
    const model = new RoomSettingsViewModel(bob, bob.getRoom(old)!, host(opened));
    await expect.poll(() => model.value.upgradeTo).toBe('12');
    expect(model.value.version).toBe(unstable);
    await model.upgrade();
    expect(model.value.status).toEqual({ operation: 'upgrade', result: 'done' });
    expect(opened).toHaveLength(1);
    await expect.poll(() => model.value.replacement).toBe(opened[0]);

    // A stable version is left alone.
    const current = new RoomSettingsViewModel(alice, alice.getRoom(roomId)!, host());
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(current.value.upgradeTo).toBeNull();
    current.dispose();
    model.dispose();
  });
});
