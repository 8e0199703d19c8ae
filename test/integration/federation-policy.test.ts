import { randomBytes } from 'node:crypto';
import { EventType, Preset, Visibility, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openComposeMemory } from '../../src/renderer/lib/compose-memory';
import { deriveSealingKey } from '../../src/renderer/lib/local-seal';
import { WorkspaceViewModel } from '../../src/renderer/lib/view-models/workspace-view-model';
import { MemoryStorage } from '../support/memory-storage';
import { startPeer } from '../support/peer-client';
import { quietDesktop } from '../support/quiet-desktop';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const content = { sanitize: (html: string) => html, linkify: () => null, neutraliseName: (name: string) => name, renderMarkdown: (text: string) => ({ body: text, formattedBody: null }), readImage: async () => null };

/** The requests a client sends that change something or look something up elsewhere (everything but syncing). */
function recordingFetch(): { fetchFn: typeof fetch; sent: string[] } {
  const sent: string[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith('/sync')) sent.push(`${init?.method ?? 'GET'} ${decodeURIComponent(url.pathname)}`);
    return fetch(input, init);
  };
  return { fetchFn, sent };
}

async function chatFor(client: MatrixClient, allowedServers: readonly string[] | null | Error): Promise<WorkspaceViewModel> {
  const desktop = quietDesktop({
    allowedServers: async () => {
      if (allowedServers instanceof Error) throw allowedServers;
      return allowedServers;
    },
  });
  const userId = client.getSafeUserId();
  const compose = await openComposeMemory(new MemoryStorage(), userId, await deriveSealingKey(randomBytes(32)), () => {});
  return new WorkspaceViewModel(client, content, { load: () => null, save: () => {} }, desktop, compose);
}

const reaching = (sent: readonly string[]) => sent.filter((request) => /\/(createRoom|invite|join|directory\/room)\b/.test(request));

describe('federation.allowedServers against Synapse', () => {
  let alice: MatrixClient;
  let bob: MatrixClient;
  let network: ReturnType<typeof recordingFetch>;
  beforeAll(async () => {
    network = recordingFetch();
    alice = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('alice')), { fetchFn: network.fetchFn });
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
  });
  afterAll(() => {
    alice.stopClient();
    bob.stopClient();
  });

  it('refuses a direct chat, a room and a verification with someone on a server outside the list, and sends nothing', async () => {
    const chat = await chatFor(alice, ['other.example']);
    const roomsBefore = (await alice.getJoinedRooms()).joined_rooms;
    network.sent.length = 0;

    await chat.startDirectChat('@eve:elsewhere.example');
    expect(chat.value.refusal).toEqual({ servers: ['elsewhere.example'], about: 'people' });
    await chat.createRoom({ name: 'Amtshilfe', topic: '', invite: [bob.getSafeUserId(), '@eve:Elsewhere.example', '@max:third.example:8448'] });
    expect(chat.value.refusal).toEqual({ servers: ['Elsewhere.example', 'third.example:8448'], about: 'people' });
    // Verifying someone goes through a direct chat with them: the same refusal, nothing created.
    await chat.verifyPerson('@eve:elsewhere.example');
    expect(chat.value.refusal).toEqual({ servers: ['elsewhere.example'], about: 'people' });
    expect(chat.verifications.value.starting).toBe(false);
    // Inviting into a room, and the people picker, which does not even look the person up.
    expect(await chat.invite(roomsBefore[0] ?? '!any:localhost', [bob.getSafeUserId(), '@eve:elsewhere.example'])).toBe(false);
    expect(chat.value.refusal).toEqual({ servers: ['elsewhere.example'], about: 'people' });
    const picker = chat.openPeoplePicker();
    picker.setQuery('https://matrix.to/#/@eve:elsewhere.example');
    expect(picker.value.problem).toEqual({ kind: 'refused', servers: ['elsewhere.example'] });
    expect(await picker.submitted()).toBeNull();
    expect(network.sent.filter((request) => request.includes('/profile/'))).toEqual([]);

    expect(reaching(network.sent)).toEqual([]);
    expect((await alice.getJoinedRooms()).joined_rooms).toEqual(roomsBefore);
    expect(alice.getAccountData(EventType.Direct)?.getContent()?.['@eve:elsewhere.example']).toBeUndefined();
    await chat.close();
  });

  it('lets people on the own homeserver and on allowed servers through', async () => {
    const chat = await chatFor(alice, ['other.example']);
    network.sent.length = 0;
    await chat.createRoom({ name: 'Intern', topic: '', invite: [bob.getSafeUserId()] });
    expect(chat.value.refusal).toBeNull();
    await expect.poll(() => chat.value.room?.value.header.name).toBe('Intern');
    expect(reaching(network.sent)).toEqual([expect.stringMatching(/^POST .*\/createRoom$/)]);
    await chat.close();
  });

  it('allows only the own homeserver when main cannot answer for the policy', async () => {
    const chat = await chatFor(alice, new Error('policy unavailable'));
    network.sent.length = 0;
    await chat.startDirectChat('@anna:other.example');
    expect(chat.value.refusal).toEqual({ servers: ['other.example'], about: 'people' });
    expect(reaching(network.sent)).toEqual([]);
    await chat.close();
  });

  it('refuses a link to a room on a server outside the list before looking it up', async () => {
    const chat = await chatFor(alice, ['other.example']);
    network.sent.length = 0;
    await chat.links.open({ kind: 'room', roomIdOrAlias: '#amt:elsewhere.example' });
    expect(chat.links.value.failure).toEqual({ reason: 'not-allowed', servers: ['elsewhere.example'], about: 'room' });
    await chat.links.open({ kind: 'room', roomIdOrAlias: '!Rqnc-F-dvnEYJTyHq', via: ['elsewhere.example'] });
    expect(chat.links.value.failure).toEqual({ reason: 'not-allowed', servers: ['elsewhere.example'], about: 'room' });
    await chat.links.open({ kind: 'user', userId: '@eve:elsewhere.example' });
    expect(chat.links.value.failure).toEqual({ reason: 'not-allowed', servers: ['elsewhere.example'], about: 'people' });
    expect(reaching(network.sent)).toEqual([]);
    await chat.close();
  });

  it('offers to join a public room by its alias, joins through the alias server, and opens it', async () => {
    const alias = `#${uniqueLocalpart('oeffentlich')}:${synapse.serverName}`;
    const { room_id: roomId } = await bob.createRoom({ name: 'Bürgeramt', preset: Preset.PublicChat, visibility: Visibility.Public, room_alias_name: alias.slice(1).split(':')[0] });
    const chat = await chatFor(alice, ['other.example']);
    network.sent.length = 0;

    await chat.links.open({ kind: 'room', roomIdOrAlias: alias });
    expect(chat.links.value.offer).toEqual({ kind: 'join', target: alias, roomId, via: [synapse.serverName] });
    await chat.links.confirm();
    await expect.poll(() => chat.value.room?.roomId).toBe(roomId);
    expect(reaching(network.sent)).toEqual([`GET /_matrix/client/v3/directory/room/${alias}`, expect.stringMatching(new RegExp(`^POST .*/join/${roomId.replace(/[.$!]/g, '\\$&')}$`))]);
    await chat.close();
  });

  it('explains a link to an unknown room and to a room that is not public', async () => {
    const chat = await chatFor(alice, null);
    const unknown = `#${uniqueLocalpart('gibtsnicht')}:${synapse.serverName}`;
    await chat.links.open({ kind: 'room', roomIdOrAlias: unknown });
    expect(chat.links.value.failure).toEqual({ reason: 'unknown-room', target: unknown });

    const { room_id: privateRoom } = await bob.createRoom({ name: 'Personalrat', preset: Preset.PrivateChat });
    await chat.links.open({ kind: 'room', roomIdOrAlias: privateRoom });
    expect(chat.links.value.offer).toMatchObject({ kind: 'join', roomId: privateRoom });
    await chat.links.confirm();
    expect(chat.links.value.failure).toEqual({ reason: 'forbidden', target: privateRoom });
    await chat.close();
  });
});
