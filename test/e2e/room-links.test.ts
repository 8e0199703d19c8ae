import { MsgType, Preset, Visibility, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

/** The page's requests that would create, invite to, join or look up a room. */
function roomRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = decodeURIComponent(new URL(request.url()).pathname);
    if (/\/(createRoom|invite|join|directory\/room)\b/.test(path)) seen.push(`${request.method()} ${path}`);
  });
  return seen;
}

describe('federation.allowedServers and room links in the app', () => {
  // The test Synapse is `localhost`: the own homeserver, allowed whatever the list says.
  const harness = pagePerFile({ secretStorage: 'memory', machinePolicy: { 'federation.allowedServers': ['other.example'] } });
  let alice: RegisteredUser;
  let aliceElsewhere: MatrixClient;
  let bob: MatrixClient;
  let sent: string[];
  let meetingRoom: string;
  let minutesRoom: string;
  let firstMinute: string;

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    // Alice is in Bob's room already, from another device.
    aliceElsewhere = await startPeer(synapse.baseUrl, alice);
    ({ room_id: meetingRoom } = await bob.createRoom({ name: 'Lagebesprechung', preset: Preset.PrivateChat, invite: [alice.userId] }));
    await aliceElsewhere.joinRoom(meetingRoom);
    // A long room, written before Alice's sign-in: its first message is only reached by loading history.
    ({ room_id: minutesRoom } = await bob.createRoom({ name: 'Protokoll', preset: Preset.PrivateChat, invite: [alice.userId] }));
    await aliceElsewhere.joinRoom(minutesRoom);
    ({ event_id: firstMinute } = await bob.sendMessage(minutesRoom, { msgtype: MsgType.Text, body: 'Tagesordnung, Punkt 1' }));
    for (let index = 0; index < 80; index += 1) await bob.sendMessage(minutesRoom, { msgtype: MsgType.Text, body: `Nachtrag ${index}` });

    const { page, adapters } = harness();
    sent = roomRequests(page);
    // A link that arrives on the login screen waits for the sign-in.
    adapters.emit('deepLinkOpened', { roomIdOrAlias: meetingRoom });
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
  });
  afterAll(() => {
    bob.stopClient();
    aliceElsewhere.stopClient();
  });

  it('opens the room of a link that arrived before sign-in', async () => {
    await expect.poll(() => harness().page.getByRole('heading', { name: 'Lagebesprechung' }).isVisible()).toBe(true);
  });

  it('refuses a direct chat with someone on a server outside the list, in words, and sends nothing', async () => {
    const { page } = harness();
    sent.length = 0;
    await page.getByRole('button', { name: 'Direct chat' }).click();
    await page.getByLabel('Person', { exact: true }).fill('@eve:elsewhere.example');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Your organisation does not allow conversations with people at elsewhere.example.' }).isVisible())
      .toBe(true);
    expect(sent).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('opens a linked message in a joined room, loading history and focusing it', async () => {
    const { page, adapters } = harness();
    adapters.emit('deepLinkOpened', { roomIdOrAlias: minutesRoom, eventId: firstMinute });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-event-id'))).toBe(firstMinute);
    expect(await page.locator(`[data-event-id="${firstMinute}"]`).textContent()).toContain('Tagesordnung, Punkt 1');
    expect(await page.getByRole('heading', { name: 'Protokoll' }).isVisible()).toBe(true);
  });

  it('offers to join a public room of a link, and joins only on yes', async () => {
    const { page, adapters } = harness();
    const localpart = uniqueLocalpart('buergeramt');
    const alias = `#${localpart}:${synapse.serverName}`;
    const { room_id: roomId } = await bob.createRoom({ name: 'Bürgeramt', preset: Preset.PublicChat, visibility: Visibility.Public, room_alias_name: localpart });
    sent.length = 0;

    adapters.emit('deepLinkOpened', { roomIdOrAlias: alias });
    const offer = page.getByRole('group', { name: `You are not in ${alias} yet. Join it?` });
    await offer.waitFor();
    expect(sent).toEqual([`GET /_matrix/client/v3/directory/room/${alias}`]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Join');
    await offer.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('heading', { name: 'Bürgeramt' }).waitFor();
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership).toBe('join');
  });

  it('explains a link that cannot be opened: an unknown room, and a server outside the list', async () => {
    const { page, adapters } = harness();
    const unknown = `#${uniqueLocalpart('gibtsnicht')}:${synapse.serverName}`;
    adapters.emit('deepLinkOpened', { roomIdOrAlias: unknown });
    const explanation = page.getByRole('alert').filter({ hasText: `The link cannot be opened: ${unknown} does not exist, or your homeserver does not know it.` });
    await explanation.waitFor();
    await explanation.getByRole('button', { name: 'OK' }).click();

    sent.length = 0;
    adapters.emit('deepLinkOpened', { roomIdOrAlias: '#amt:elsewhere.example' });
    await page.getByRole('alert').filter({ hasText: 'Your organisation does not allow joining rooms at elsewhere.example.' }).waitFor();
    expect(sent).toEqual([]);
  });
});
