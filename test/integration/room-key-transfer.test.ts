import { EventType, MsgType, Preset } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { RoomKeyTransfer } from '../../src/renderer/lib/view-models/room-key-transfer';
import { loginNewDevice } from '../support/matrix-api';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');


describe('RoomKeyTransfer against Synapse', () => {
  it('exports the keys of one device to a passphrase file, and a fresh device that imports it reads the history', async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const alice = await startPeer(synapse.baseUrl, aliceUser);
    const bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      invite: [aliceUser.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await expect.poll(() => alice.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await alice.joinRoom(roomId);
    await expect.poll(() => bob.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    const { event_id: eventId } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Akte 17 liegt bei Ihnen' });
    await expect.poll(() => alice.getRoom(roomId)?.findEventById(eventId)?.getContent().body).toBe('Akte 17 liegt bei Ihnen');

    const saved: string[] = [];
    const exporting = new RoomKeyTransfer(alice, async (name, text) => {
      expect(name).toBe('depesche-room-keys.txt');
      saved.push(text);
      return true;
    });
    await exporting.exportKeys('kurz', 'kurz');
    expect(exporting.value.problem).toBe('passphrase-too-short');
    await exporting.exportKeys('Amtsgeheimnis-2026', 'Amtsgeheimnis-2027');
    expect(exporting.value.problem).toBe('passphrases-differ');
    await exporting.exportKeys('Amtsgeheimnis-2026', 'Amtsgeheimnis-2026');
    expect(exporting.value).toEqual({ busy: false, outcome: { kind: 'exported' }, problem: null });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^-----BEGIN MEGOLM SESSION DATA-----\n/);

    // A fresh device of Alice's: the message was encrypted before it existed.
    const fresh = await startPeer(synapse.baseUrl, { ...aliceUser, ...(await loginNewDevice(synapse.baseUrl, aliceUser)) });
    await expect.poll(() => fresh.getRoom(roomId)?.findEventById(eventId)?.isDecryptionFailure()).toBe(true);
    const importing = new RoomKeyTransfer(fresh, async () => false);
    await importing.importKeys(saved[0]!, 'falsch');
    expect(importing.value.problem).toBe('wrong-passphrase');
    await importing.importKeys(saved[0]!, 'Amtsgeheimnis-2026');
    expect(importing.value.outcome).toEqual({ kind: 'imported', keys: JSON.parse(await alice.getCrypto()!.exportRoomKeysAsJson()).length });
    await expect.poll(() => fresh.getRoom(roomId)?.findEventById(eventId)?.getContent().body).toBe('Akte 17 liegt bei Ihnen');

    for (const client of [alice, bob, fresh]) client.stopClient();
  });
});
