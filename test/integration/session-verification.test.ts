import { EventType, MsgType, Preset } from 'matrix-js-sdk';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { SessionViewModel } from '../../src/renderer/lib/view-models/session-view-model';
import { appDevice } from '../support/app-device';
import { backedUpKeyCount } from '../support/matrix-api';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const running: SessionViewModel[] = [];

afterEach(() => {
  for (const model of running.splice(0)) model.stop();
});

async function device(profile: string) {
  const device = await appDevice(profile);
  running.push(device.model);
  return device;
}

describe('verifying a new session of an account', () => {
  it('verifies a second device with the recovery key, which then reads the earlier messages from the key backup', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    try {
      // Device A: the account's first sign-in sets up encryption and shows the recovery key.
      const first = await device('device-a');
      await first.model.login({ homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
      const state = first.model.value;
      if (state.phase !== 'recovery-key') throw new Error(`expected the recovery key, got ${state.phase}`);
      const recoveryKey = state.recoveryKey;
      await first.model.confirmRecoveryKeySaved();

      // Alice talks with Bob in an encrypted room; her key for it reaches the backup.
      const { room_id: roomId } = await bob.createRoom({
        preset: Preset.PrivateChat,
        invite: [alice.userId],
        initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
      });
      await expect.poll(() => first.client().getRoom(roomId)?.getMyMembership()).toBe('invite');
      await first.client().joinRoom(roomId);
      await expect.poll(() => first.client().getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
      const { event_id: eventId } = await first.client().sendMessage(roomId, { msgtype: MsgType.Text, body: 'vor der zweiten Sitzung' });
      await expect.poll(() => backedUpKeyCount(synapse.baseUrl, alice.accessToken)).toBeGreaterThan(0);
      // Device A goes offline, so the earlier keys can only come from the backup.
      first.model.stop();

      // Device B: the account has cross-signing, so this session is asked to verify itself.
      const second = await device('device-b');
      await second.model.login({ homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
      expect(second.model.value).toMatchObject({ phase: 'verify-session', problem: null });
      await second.model.verifySession('EsTj 3yST y93F SLpB jJsz eAXc 2XzA ygD3 w69H fGaN TKBj jXEd');
      expect(second.model.value).toMatchObject({ phase: 'verify-session', problem: { code: 'recovery-key-wrong' } });
      await second.model.verifySession(recoveryKey);
      expect(second.model.value.phase).toBe('signed-in');

      const deviceB = second.client().getDeviceId()!;
      // Signed with the account's cross-signing key: trusted by itself, and shown to Bob as signed by its owner.
      await expect.poll(async () => (await second.client().getCrypto()!.getDeviceVerificationStatus(alice.userId, deviceB))?.crossSigningVerified).toBe(true);
      await expect.poll(async () => (await bob.getCrypto()!.getDeviceVerificationStatus(alice.userId, deviceB))?.signedByOwner).toBe(true);
      await expect
        .poll(() => second.client().getRoom(roomId)?.findEventById(eventId)?.getContent().body)
        .toBe('vor der zweiten Sitzung');
    } finally {
      bob.stopClient();
    }
  });
});
