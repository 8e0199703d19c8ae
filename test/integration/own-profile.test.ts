import { Preset, RoomStateEvent, type MatrixClient } from 'matrix-js-sdk';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { neutraliseName } from '../../src/renderer/lib/content/display-text';
import { OwnProfile } from '../../src/renderer/lib/view-models/own-profile';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const clients: MatrixClient[] = [];
const models: OwnProfile[] = [];

afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
  for (const client of clients.splice(0)) client.stopClient();
});

async function person(name: string): Promise<MatrixClient> {
  const client = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart(name)));
  clients.push(client);
  return client;
}

function profileOf(client: MatrixClient): OwnProfile {
  const model = new OwnProfile(client, neutraliseName);
  models.push(model);
  return model;
}

describe('OwnProfile against Synapse', () => {
  it('shows the name and picture of the account profile, the name neutralised like anyone else’s', async () => {
    const alice = await person('alice');
    await alice.setDisplayName('Erika\u202Egnp.exe Mustermann');
    await alice.setAvatarUrl('mxc://localhost/erika');
    const model = profileOf(alice);
    await expect.poll(() => model.value).toEqual({ name: 'Erikagnp.exe Mustermann', avatar: 'mxc://localhost/erika' });
  });

  it('follows a change made on another device, through the membership it changes in a room, and stops listening when disposed', async () => {
    const alice = await person('alice');
    await alice.createRoom({ preset: Preset.PrivateChat, name: 'Poststelle' });
    const listeners = alice.listenerCount(RoomStateEvent.Events);
    const model = profileOf(alice);
    const localpart = alice.getSafeUserId().slice(1).split(':')[0];
    await expect.poll(() => model.value.name).toBe(localpart);

    // Straight to the server, as another of her sessions would: the client learns of it only by syncing.
    const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/profile/${encodeURIComponent(alice.getSafeUserId())}/displayname`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alice.getAccessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayname: 'Erika Musterfrau' }),
    });
    expect(response.status).toBe(200);
    await expect.poll(() => model.value.name).toBe('Erika Musterfrau');

    model.dispose();
    expect(alice.listenerCount(RoomStateEvent.Events)).toBe(listeners);
  });
});
