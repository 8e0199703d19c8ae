import { MsgType, Preset, RoomMemberEvent, type MatrixClient, type MatrixEvent, type RoomMember } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

describe('privacy.readReceipts and privacy.typingNotifications off by policy', () => {
  let harness: Harness;
  let alice: RegisteredUser;
  let bob: MatrixClient;
  let roomId: string;
  /** What the page sent to the homeserver's typing and read-marker endpoints. */
  const typingRequests: string[] = [];
  const readMarkers: Record<string, unknown>[] = [];

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    harness = await startHarness({ secretStorage: 'memory', machinePolicy: { 'privacy.readReceipts': false, 'privacy.typingNotifications': false } });
    harness.page.on('request', (request) => {
      if (request.url().includes('/typing/')) typingRequests.push(request.url());
      if (request.url().endsWith('/read_markers')) readMarkers.push(request.postDataJSON() as Record<string, unknown>);
    });
    await harness.page.goto(harness.url);
    await signIn(harness.page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    ({ room_id: roomId } = await bob.createRoom({ preset: Preset.PrivateChat, name: 'Personalakte', invite: [alice.userId] }));
    await harness.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await harness.page.getByRole('heading', { name: 'Personalakte' }).waitFor();
  });
  afterAll(async () => {
    bob?.stopClient();
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  it('reads with a private receipt and types without telling Bob', async () => {
    const { page } = harness;
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership).toBe('join');
    let bobSawTyping = false;
    const onTyping = (_event: MatrixEvent, member: RoomMember) => {
      if (member.roomId === roomId && member.userId === alice.userId && member.typing) bobSawTyping = true;
    };
    bob.on(RoomMemberEvent.Typing, onTyping);
    const { event_id: question } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Liegt der Bescheid vor?' });
    await page.getByRole('log').getByText('Liegt der Bescheid vor?').waitFor();

    // Read in the open room: the read marker and a private receipt move, no public one is sent.
    await expect.poll(() => readMarkers.at(-1)).toEqual({ 'm.fully_read': question, 'm.read.private': question });
    await page.getByLabel('Message to Personalakte').fill('Ich sehe nach');

    // Bob's next message reaches Alice after anything her page sent before it.
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Danke.' });
    await page.getByRole('log').getByText('Danke.').waitFor();
    expect(typingRequests).toEqual([]);
    expect(readMarkers.every((body) => !Object.hasOwn(body, 'm.read'))).toBe(true);
    bob.off(RoomMemberEvent.Typing, onTyping);
    expect(bobSawTyping).toBe(false);
  });
});
