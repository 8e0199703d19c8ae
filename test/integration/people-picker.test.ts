/**
 * The people picker's and the room directory's view models against Synapse: the user
 * directory finds people by display name (the fixture sets `search_all_users`, so nobody
 * needs to share a room first), a typed id is looked up, and one nobody has is explained.
 */
import { Preset, Visibility, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { federationScope } from '../../src/renderer/lib/matrix/federation-scope';
import { PeoplePicker } from '../../src/renderer/lib/view-models/people-picker';
import { RoomDirectory } from '../../src/renderer/lib/view-models/room-directory';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
// One word no other test's people carry, so the directory's answer is exactly these.
const family = `Quirin${uniqueLocalpart('x').slice(2)}`;

describe('PeoplePicker and RoomDirectory against Synapse', () => {
  let alice: MatrixClient;
  let aliceUser: RegisteredUser;
  let bob: MatrixClient;
  let bobUser: RegisteredUser;

  beforeAll(async () => {
    aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    [alice, bob] = await Promise.all([startPeer(synapse.baseUrl, aliceUser), startPeer(synapse.baseUrl, bobUser)]);
    await bob.setDisplayName(`Bob ${family}`);
    await alice.setDisplayName(`Alice ${family}`);
  });
  afterAll(() => [alice, bob].forEach((client) => client?.stopClient()));

  const picker = () => new PeoplePicker(alice, { scope: federationScope(aliceUser.userId, null), neutraliseName: (name) => name, delayMs: 10 });

  it('finds a person by part of their display name, not the searcher themselves', async () => {
    const model = picker();
    // The directory takes in a new display name shortly after it is set.
    await expect
      .poll(
        async () => {
          model.setQuery(family.slice(0, 10).toLowerCase());
          await expect.poll(() => model.value.searching).toBe(false);
          return model.value.suggestions.map(({ userId, name, remote }) => ({ userId, name, remote }));
        },
        { timeout: 20_000 },
      )
      .toEqual([{ userId: bobUser.userId, name: `Bob ${family}`, remote: false }]);
    model.dispose();
  });

  it('looks up a typed id, and explains one the server does not know', async () => {
    const model = picker();
    model.setQuery(`https://matrix.to/#/${encodeURIComponent(bobUser.userId)}`);
    await expect.poll(() => model.value.suggestions.map(({ name }) => name)).toEqual([`Bob ${family}`]);
    const nobody = `@${uniqueLocalpart('nobody')}:${synapse.serverName}`;
    model.setQuery(nobody);
    await expect.poll(() => model.value.problem).toEqual({ kind: 'unknown', userId: nobody });
    expect(await model.submitted()).toBeNull();
    model.dispose();
  });

  it('searches the public rooms and marks the ones already joined', async () => {
    const topic = `Bauanträge ${family}`;
    const { room_id: roomId } = await bob.createRoom({ name: `Bauamt ${family}`, topic, visibility: Visibility.Public, preset: Preset.PublicChat });
    const directory = new RoomDirectory(alice, (name) => name, 10);
    directory.setQuery(family);
    await expect.poll(() => directory.value.rooms.map(({ roomId, topic, memberCount, joined }) => ({ roomId, topic, memberCount, joined }))).toEqual([
      { roomId, topic, memberCount: 1, joined: false },
    ]);
    // Joined meanwhile, the listed room offers to open instead.
    await alice.joinRoom(roomId);
    await expect.poll(() => directory.value.rooms.map(({ joined }) => joined), { timeout: 10_000 }).toEqual([true]);
    directory.dispose();
  });
});
