import { randomBytes } from 'node:crypto';
import { JSDOM } from 'jsdom';
import { EventType, MsgType, Preset, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openComposeMemory } from '../../src/renderer/lib/compose-memory';
import { neutraliseName } from '../../src/renderer/lib/content/display-text';
import { renderMarkdown } from '../../src/renderer/lib/content/markdown';
import { createHtmlSanitizer } from '../../src/renderer/lib/content/sanitize-html';
import { deriveSealingKey } from '../../src/renderer/lib/local-seal';
import { storedSelection } from '../../src/renderer/lib/selection-memory';
import { WorkspaceViewModel } from '../../src/renderer/lib/view-models/workspace-view-model';
import type { MessageItem } from '../../src/renderer/lib/view-models/timeline-items';
import { MemoryStorage } from '../support/memory-storage';
import { startPeer } from '../support/peer-client';
import { quietDesktop } from '../support/quiet-desktop';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
const sanitizer = createHtmlSanitizer(new JSDOM('').window as unknown as Window & typeof globalThis);
const content = { sanitize: (html: string) => sanitizer.display(html), linkify: (text: string) => sanitizer.displayText(text), neutraliseName, renderMarkdown: (text: string) => renderMarkdown(text, sanitizer), readImage: async () => null };
const desktop = quietDesktop();

/**
 * The client's network, cut at the client's side of the wire: the homeserver is the
 * real one. `loseNextSendResponse` lets one message reach the server and drops its
 * answer, as when the connection breaks while the server replies.
 */
function switchableNetwork() {
  const network = { online: true, loseNextSendResponse: false, sendAttempts: [] as string[] };
  const fetchFn: typeof fetch = async (input, init) => {
    if (!network.online) throw new TypeError('Failed to fetch');
    const url = String(input instanceof Request ? input.url : input);
    const send = init?.method === 'PUT' && url.includes('/send/m.room.');
    if (send) network.sendAttempts.push(url.split('/').at(-1)!.split('?')[0]!);
    const response = await fetch(input, init);
    if (send && network.loseNextSendResponse) {
      network.loseNextSendResponse = false;
      throw new TypeError('Failed to fetch');
    }
    return response;
  };
  return { network, fetchFn };
}

/** The open room's messages as the person sees them: body and state. */
function shownMessages(chat: WorkspaceViewModel): [string, MessageItem['status']][] {
  return (chat.value.room?.value.timeline.items ?? []).filter((item): item is MessageItem => item.kind === 'message').map((item) => [item.body, item.status]);
}

/** The message bodies Bob's client has in a room, in timeline order. */
function bodiesFor(bob: MatrixClient, roomId: string): string[] {
  const events = bob.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
  return events.filter((event) => event.getType() === EventType.RoomMessage).map((event) => String(event.getContent().body));
}

describe('sending without a connection', () => {
  let aliceUser: RegisteredUser;
  let bob: MatrixClient;
  beforeAll(async () => {
    aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
  });
  afterAll(() => bob.stopClient());

  // Both rooms are unencrypted here: after a restart with a fresh sync store, the SDK's first
  // encryption in a room was seen to address only the sender (a lazy-loaded /members?at= answer
  // with one member), so the peer could not decrypt that message. The encrypted case is below, without
  // the restart; the restart case is an open issue of its own.
  it('queues messages in two rooms, keeps them and the drafts across a restart, and delivers each once, in order', async () => {
    const storage = new MemoryStorage();
    const storageKey = randomBytes(32);
    const sealingKey = await deriveSealingKey(storageKey);
    const open = async (client: MatrixClient) =>
      new WorkspaceViewModel(client, content, storedSelection(storage, aliceUser.userId), desktop, await openComposeMemory(storage, aliceUser.userId, sealingKey, () => {}));
    const first = switchableNetwork();
    let alice = await startPeer(synapse.baseUrl, aliceUser, { fetchFn: first.fetchFn, storageKey });

    // Alice starts the rooms: accepting an invitation would make the SDK's crypto start-up need the server for a day.
    const { room_id: akte } = await alice.createRoom({ preset: Preset.PrivateChat, name: 'Akte', invite: [bob.getSafeUserId()] });
    const { room_id: plain } = await alice.createRoom({ preset: Preset.PublicChat, name: 'Offen' });
    await expect.poll(() => bob.getRoom(akte)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(akte);
    await bob.joinRoom(plain);
    await expect.poll(() => alice.getRoom(akte)?.getJoinedMemberCount()).toBe(2);
    await expect.poll(() => alice.getRoom(plain)?.getJoinedMemberCount()).toBe(2);

    let chat = await open(alice);
    chat.selectRoom(akte);
    expect(chat.connection.value.online).toBe(true);

    // The network goes; Alice's next sync finds out once Bob's message ends the one in flight.
    first.network.online = false;
    await bob.sendMessage(akte, { msgtype: MsgType.Text, body: 'Sind Sie noch da?' });
    await expect.poll(() => chat.connection.value.online).toBe(false);

    await chat.value.room!.send('E1');
    await chat.value.room!.send('E2');
    chat.selectRoom(plain);
    await chat.value.room!.send('P1');
    chat.selectRoom(akte);
    await chat.value.room!.send('E3');
    chat.value.room!.keepDraft('Halb geschrieben');
    expect(shownMessages(chat).slice(-3)).toEqual([['E1', 'queued'], ['E2', 'queued'], ['E3', 'queued']]);

    // A restart while offline: the same device and crypto store, a new client and view model.
    await chat.close();
    // What waits on this machine is sealed: neither the draft nor a queued message is there as text.
    const stored = JSON.stringify(Object.fromEntries(Array.from({ length: storage.length }, (_, i) => [storage.key(i), storage.getItem(storage.key(i)!)])));
    expect(stored).toContain('depesche:sealed-outbox:');
    expect(stored).not.toMatch(/Halb geschrieben|"body"|"msgtype"/);
    alice.stopClient();
    const second = switchableNetwork();
    second.network.online = false;
    alice = await startPeer(synapse.baseUrl, aliceUser, { fetchFn: second.fetchFn, storageKey, waitForSync: false });
    chat = await open(alice);
    expect(chat.outbox.value.map((entry) => [entry.content.body, entry.state])).toEqual([['E1', 'queued'], ['E2', 'queued'], ['P1', 'queued'], ['E3', 'queued']]);
    // (The app opens its workspace once the first sync has failed; this client starts in the same state.)
    await expect.poll(() => chat.connection.value.online).toBe(false);

    // The connection returns; the first answer from the server is lost on the way back.
    second.network.loseNextSendResponse = true;
    second.network.online = true;
    chat.connection.retryNow();
    await expect.poll(() => chat.connection.value.online, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => chat.outbox.value.length, { timeout: 30_000 }).toBe(0);

    await expect.poll(() => bodiesFor(bob, akte), { timeout: 15_000 }).toEqual(['Sind Sie noch da?', 'E1', 'E2', 'E3']);
    await expect.poll(() => bodiesFor(bob, plain)).toEqual(['P1']);
    // The lost one is settled either by the sync bringing it back (4 attempts) or by sending
    // it again under the same transaction id (5), which the server keeps once; never as a
    // new transaction, which would deliver it twice.
    expect(second.network.sendAttempts.length).toBeGreaterThanOrEqual(4);
    expect(second.network.sendAttempts.length).toBeLessThanOrEqual(5);
    expect(new Set(second.network.sendAttempts).size).toBe(4);

    // The room open before the restart opens again once it is known, with its draft.
    await expect.poll(() => chat.value.room?.roomId).toBe(akte);
    expect(chat.value.room!.draft()).toBe('Halb geschrieben');
    await expect.poll(() => shownMessages(chat).slice(-3)).toEqual([['E1', 'sent'], ['E2', 'sent'], ['E3', 'sent']]);
    await chat.close();
    alice.stopClient();
  });

  it('in an encrypted room, sends queued messages in order once the connection returns, and a lost answer is not sent twice', async () => {
    const storage = new MemoryStorage();
    const { network, fetchFn } = switchableNetwork();
    const user = await registerUser(synapse, uniqueLocalpart('alice'));
    const alice = await startPeer(synapse.baseUrl, user, { fetchFn });
    const compose = await openComposeMemory(storage, user.userId, await deriveSealingKey(randomBytes(32)), () => {});
    const chat = new WorkspaceViewModel(alice, content, storedSelection(storage, user.userId), desktop, compose);
    const { room_id: roomId } = await alice.createRoom({
      preset: Preset.PrivateChat,
      name: 'Verschlüsselt',
      invite: [bob.getSafeUserId()],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await expect.poll(() => bob.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(roomId);
    await expect.poll(() => alice.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    chat.selectRoom(roomId);

    network.online = false;
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Bitte bestätigen' });
    await expect.poll(() => chat.connection.value.online).toBe(false);
    for (const body of ['V1', 'V2', 'V3']) await chat.value.room!.send(body);
    expect(shownMessages(chat).slice(-3)).toEqual([['V1', 'queued'], ['V2', 'queued'], ['V3', 'queued']]);

    network.loseNextSendResponse = true;
    network.online = true;
    chat.connection.retryNow();
    await expect.poll(() => chat.outbox.value.length, { timeout: 30_000 }).toBe(0);
    await expect.poll(() => bodiesFor(bob, roomId), { timeout: 15_000 }).toEqual(['Bitte bestätigen', 'V1', 'V2', 'V3']);
    // The lost answer happened; the retry (if the sync had not brought the message back first) reused its transaction id.
    expect(network.loseNextSendResponse).toBe(false);
    expect(new Set(network.sendAttempts).size).toBe(3);
    await chat.close();
    alice.stopClient();
  });
});
