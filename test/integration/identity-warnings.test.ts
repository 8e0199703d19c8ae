import { EventType, Preset } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { setUpEncryption } from '../../src/renderer/lib/matrix/encryption-setup';
import { passwordAuth } from '../../src/renderer/lib/matrix/password-auth';
import { SecretStorageKeys } from '../../src/renderer/lib/matrix/secret-storage-keys';
import { IdentityWarnings } from '../../src/renderer/lib/view-models/identity-warnings';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

async function withCrossSigning(user: RegisteredUser) {
  const keys = new SecretStorageKeys();
  const client = await startPeer(synapse.baseUrl, user, { cryptoCallbacks: keys.callbacks });
  await setUpEncryption(client, keys, user.password);
  return client;
}

describe('IdentityWarnings against Synapse', () => {
  it("warns when a member's identity is reset, until the change is acknowledged", async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const alice = await withCrossSigning(aliceUser);
    const bob = await withCrossSigning(bobUser);
    const { room_id: roomId } = await alice.createRoom({
      preset: Preset.PrivateChat,
      invite: [bobUser.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await expect.poll(() => bob.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(roomId);
    await expect.poll(() => alice.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    // Alice has seen Bob's identity (and pinned it as the one she knows).
    await expect.poll(async () => (await alice.getCrypto()!.getUserVerificationStatus(bobUser.userId)).known).toBe(true);

    const warnings = new IdentityWarnings(alice, alice.getRoom(roomId)!, (userId) => `Name of ${userId}`);
    await expect.poll(() => warnings.value).toEqual([]);

    // Bob resets his cryptographic identity (as after losing every device, or an impostor would).
    await bob.getCrypto()!.resetEncryption(async (makeRequest) => {
      await makeRequest(passwordAuth(bob, bobUser.password));
    });
    await expect.poll(() => warnings.value).toEqual([{ userId: bobUser.userId, name: `Name of ${bobUser.userId}`, wasVerified: false }]);

    await warnings.acknowledge(bobUser.userId);
    await expect.poll(() => warnings.value).toEqual([]);
    expect((await alice.getCrypto()!.getUserVerificationStatus(bobUser.userId)).needsUserApproval).toBe(false);
    warnings.dispose();
    alice.stopClient();
    bob.stopClient();
  });
});
