import { describe, expect, inject, it } from 'vitest';
import { passwordAuth } from '../../src/renderer/lib/matrix/password-auth';
import { RoomTrust } from '../../src/renderer/lib/view-models/room-trust';
import { encryptedRoomBetween, startCrossSignedPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

describe('RoomTrust against Synapse', () => {
  it("warns when a member's identity is reset, until the change is acknowledged", async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const { client: alice } = await startCrossSignedPeer(synapse.baseUrl, aliceUser);
    const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, bobUser);
    const roomId = await encryptedRoomBetween(alice, bob);
    // Alice has seen Bob's identity (and pinned it as the one she knows).
    await expect.poll(async () => (await alice.getCrypto()!.getUserVerificationStatus(bobUser.userId)).known).toBe(true);

    const trust = new RoomTrust(alice, alice.getRoom(roomId)!, () => (userId) => `Name of ${userId}`, (name) => name);
    await expect.poll(() => trust.value.members.get(bobUser.userId)).toBe('unverified');
    expect(trust.value).toMatchObject({ changed: [], room: 'unverified' });
    // Her own identity: this device holds the keys that made it.
    expect(trust.value.members.get(aliceUser.userId)).toBe('verified');

    // Bob resets his cryptographic identity (as after losing every device, or an impostor would).
    await bob.getCrypto()!.resetEncryption(async (makeRequest) => {
      await makeRequest(passwordAuth(bob, bobUser.password));
    });
    await expect.poll(() => trust.value.changed).toEqual([{ userId: bobUser.userId, name: `Name of ${bobUser.userId}`, wasVerified: false }]);
    expect(trust.value.members.get(bobUser.userId)).toBe('changed');
    expect(trust.value.room).toBe('changed');

    await trust.acknowledge(bobUser.userId);
    await expect.poll(() => trust.value.changed).toEqual([]);
    expect(trust.value).toMatchObject({ room: 'unverified' });
    expect((await alice.getCrypto()!.getUserVerificationStatus(bobUser.userId)).needsUserApproval).toBe(false);
    trust.dispose();
    alice.stopClient();
    bob.stopClient();
  });
});
