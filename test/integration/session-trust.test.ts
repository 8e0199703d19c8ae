import { MsgType, RelationType, type MatrixClient } from 'matrix-js-sdk';
import type { RoomMessageEventContent } from 'matrix-js-sdk/lib/@types/events';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { isolateUnsignedSessions } from '../../src/renderer/lib/matrix/device-isolation';
import { RoomTrust } from '../../src/renderer/lib/view-models/room-trust';
import { loginNewDevice } from '../support/matrix-api';
import { encryptedRoomBetween, startCrossSignedPeer, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const clients: MatrixClient[] = [];
const disposables: { dispose(): void }[] = [];

afterEach(() => {
  disposables.splice(0).forEach((disposable) => disposable.dispose());
  clients.splice(0).forEach((client) => client.stopClient());
});

/** Alice and Bob (both cross-signed) in an encrypted room, and a second session of Bob's that he never signed. */
async function roomWithAnUnsignedSession(isolate: boolean) {
  const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
  const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
  const { client: alice } = await startCrossSignedPeer(synapse.baseUrl, aliceUser);
  const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, bobUser);
  clients.push(alice, bob);
  isolateUnsignedSessions(alice, isolate);
  const roomId = await encryptedRoomBetween(alice, bob);
  const bobPhone = await startPeer(synapse.baseUrl, { ...bobUser, ...(await loginNewDevice(synapse.baseUrl, bobUser, 'Bobs Telefon')) });
  clients.push(bobPhone);
  await expect.poll(() => bobPhone.getRoom(roomId)?.getMyMembership()).toBe('join');
  for (const client of [bob, bobPhone]) await expect.poll(() => client.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
  const trust = new RoomTrust(alice, alice.getRoom(roomId)!, () => (userId) => `Name of ${userId}`, (name) => `«${name}»`);
  disposables.push(trust);
  return { alice, bob, bobPhone, bobUser, roomId, trust, phoneId: bobPhone.getDeviceId()! };
}

function bodyOf(client: MatrixClient, roomId: string, eventId: string): string | undefined {
  return client.getRoom(roomId)?.findEventById(eventId)?.getContent().body;
}

describe('trust per sending session against Synapse', () => {
  it('marks a message from a session its owner never signed, names that session, and does not count it as verified', async () => {
    const { alice, bob, bobPhone, roomId, trust, phoneId } = await roomWithAnUnsignedSession(false);
    const signed = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Vom Laptop' });
    const unsigned = await bobPhone.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Vom Telefon' });
    await expect.poll(() => bodyOf(alice, roomId, unsigned.event_id), { timeout: 30_000 }).toBe('Vom Telefon');

    await expect.poll(() => trust.messages.value.get(unsigned.event_id), { timeout: 30_000 }).toEqual({
      problem: 'unsigned-session',
      beforeEncryption: false,
      deviceId: phoneId,
      deviceName: '«Bobs Telefon»',
    });
    // His first session (registered without a name) signed by him: nothing to mark.
    expect(trust.messages.value.get(signed.event_id)).toEqual({ problem: null, beforeEncryption: false, deviceId: bob.getDeviceId(), deviceName: null });
    // Bob himself is not verified by Alice here: his unsigned session is left to his own marker.
    await expect.poll(() => trust.value.room).toBe('unverified');
    expect(trust.value.unsignedSessions).toEqual([]);
    expect(trust.value.onlySignedSessions).toBe(false);
  });

  it('marks an edit from an unsigned session, or sent unencrypted, on the message it rewrites', async () => {
    const { alice, bob, bobPhone, roomId, trust, phoneId } = await roomWithAnUnsignedSession(false);
    const original = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Termin am Montag' });
    await expect.poll(() => trust.messages.value.get(original.event_id)?.problem, { timeout: 30_000 }).toBeNull();
    const edit = (body: string) =>
      ({
        msgtype: MsgType.Text,
        body: `* ${body}`,
        'm.new_content': { msgtype: MsgType.Text, body },
        'm.relates_to': { rel_type: RelationType.Replace, event_id: original.event_id },
      }) as RoomMessageEventContent;
    await bobPhone.sendMessage(roomId, edit('Termin am Dienstag'));
    await expect.poll(() => trust.messages.value.get(original.event_id), { timeout: 30_000 }).toMatchObject({ problem: 'unsigned-session', deviceId: phoneId });

    // What a hostile server can do in Bob's name: an edit in the clear.
    await bob.http.authedRequest('PUT' as never, `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/edit-${Date.now()}`, undefined, edit('Termin abgesagt'));
    await expect.poll(() => bodyOf(alice, roomId, original.event_id), { timeout: 30_000 }).toBe('Termin abgesagt');
    await expect.poll(() => trust.messages.value.get(original.event_id)?.problem).toBe('unencrypted');
  });

  it('marks a message sent unencrypted into an encrypted room', async () => {
    const { alice, bob, roomId, trust } = await roomWithAnUnsignedSession(false);
    // What a buggy or hostile client can do: the server accepts plain events in any room.
    const { event_id: eventId } = await bob.http.authedRequest<{ event_id: string }>(
      'PUT' as never,
      `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/plain-${Date.now()}`,
      undefined,
      { msgtype: 'm.text', body: 'Unverschlüsselt' },
    );
    expect(alice.getRoom(roomId)!.currentState.getStateEvents('m.room.encryption', '')).toBeTruthy();
    await expect.poll(() => bodyOf(alice, roomId, eventId), { timeout: 30_000 }).toBe('Unverschlüsselt');
    await expect.poll(() => trust.messages.value.get(eventId)?.problem).toBe('unencrypted');
  });

  it('with isolation by policy, the unsigned session gets no key for new messages and the person is told so', async () => {
    const { alice, bob, bobPhone, bobUser, roomId, trust, phoneId } = await roomWithAnUnsignedSession(true);
    await expect.poll(() => trust.value.unsignedSessions, { timeout: 30_000 }).toEqual([
      { userId: bobUser.userId, name: `Name of ${bobUser.userId}`, deviceId: phoneId, deviceName: '«Bobs Telefon»', own: false },
    ]);
    expect(trust.value.onlySignedSessions).toBe(true);

    const { event_id: eventId } = await alice.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Nur für verifizierte Sitzungen' });
    await expect.poll(() => bodyOf(bob, roomId, eventId), { timeout: 30_000 }).toBe('Nur für verifizierte Sitzungen');
    await expect.poll(() => bobPhone.getRoom(roomId)?.findEventById(eventId)?.isDecryptionFailure(), { timeout: 30_000 }).toBe(true);
    expect(bodyOf(bobPhone, roomId, eventId)).not.toBe('Nur für verifizierte Sitzungen');
  });
});
