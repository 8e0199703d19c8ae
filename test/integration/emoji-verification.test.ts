import { EventType, MsgType, Preset, type MatrixClient } from 'matrix-js-sdk';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { passwordAuth } from '../../src/renderer/lib/matrix/password-auth';
import { RoomTrust } from '../../src/renderer/lib/view-models/room-trust';
import type { Verification } from '../../src/renderer/lib/view-models/verification';
import { Verifications } from '../../src/renderer/lib/view-models/verifications';
import { appDevice } from '../support/app-device';
import { backedUpKeyCount, loginNewDevice } from '../support/matrix-api';
import { startCrossSignedPeer, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const stop of cleanup.splice(0)) stop();
});

async function device(profile: string) {
  const device = await appDevice(profile);
  cleanup.push(() => device.model.stop());
  return device;
}

function verifications(client: MatrixClient): Verifications {
  const center = new Verifications(client);
  cleanup.push(() => center.dispose());
  return center;
}

function emojiOf(verification: Verification) {
  const { step } = verification.value;
  return step.kind === 'compare' ? step.emoji : null;
}

/** Both sides compare the same seven emoji, confirm, and finish. */
async function compareAndConfirm(asking: Verification, answering: Verification): Promise<void> {
  await expect.poll(() => asking.value.step.kind).toBe('compare');
  await expect.poll(() => answering.value.step.kind).toBe('compare');
  expect(emojiOf(asking)).toHaveLength(7);
  expect(emojiOf(asking)).toEqual(emojiOf(answering));
  const confirming = asking.confirm();
  expect(asking.value.step.kind).toBe('confirmed');
  await Promise.all([confirming, answering.confirm()]);
  await expect.poll(() => asking.value.step.kind).toBe('done');
  await expect.poll(() => answering.value.step.kind).toBe('done');
}

/** Alice with two sessions, each with its verifications: the first cross-signed, the second new and unverified. */
async function twoSessions() {
  const alice = await registerUser(synapse, uniqueLocalpart('alice'));
  const { client: first } = await startCrossSignedPeer(synapse.baseUrl, alice);
  const second = await startPeer(synapse.baseUrl, { ...alice, ...(await loginNewDevice(synapse.baseUrl, alice)) });
  cleanup.push(() => first.stopClient(), () => second.stopClient());
  return { alice, first, second, onFirst: verifications(first), onSecond: verifications(second) };
}

function encryptedRoom(client: MatrixClient, invite: string) {
  return client.createRoom({
    preset: Preset.PrivateChat,
    invite: [invite],
    initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
}

describe('verifying by emoji', () => {
  it('verifies a new session from a verified one; both compare and confirm, and the new session reads the history', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    cleanup.push(() => bob.stopClient());

    const first = await device('device-a');
    await first.model.login({ homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await first.model.confirmRecoveryKeySaved();
    const { room_id: roomId } = await encryptedRoom(bob, alice.userId);
    await expect.poll(() => first.client().getRoom(roomId)?.getMyMembership()).toBe('invite');
    await first.client().joinRoom(roomId);
    await expect.poll(() => first.client().getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    const { event_id: eventId } = await first.client().sendMessage(roomId, { msgtype: MsgType.Text, body: 'vor der zweiten Sitzung' });
    await expect.poll(() => backedUpKeyCount(synapse.baseUrl, alice.accessToken)).toBeGreaterThan(0);
    const onFirst = verifications(first.client());

    const second = await device('device-b');
    await second.model.login({ homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await second.model.verifyWithOtherSession();
    const state = second.model.value;
    if (state.phase !== 'verify-session' || !state.verification) throw new Error(`expected an emoji verification, got ${state.phase}`);
    const asking = state.verification;
    expect(asking.value).toMatchObject({ step: { kind: 'requested' }, self: true });

    await expect.poll(() => onFirst.value.current?.value.step.kind).toBe('incoming');
    const answering = onFirst.value.current!;
    expect(answering.value).toMatchObject({ self: true, otherUserId: alice.userId });
    await answering.accept();
    await compareAndConfirm(asking, answering);

    await second.model.continueVerified();
    expect(second.model.value.phase).toBe('signed-in');
    const deviceB = second.client().getDeviceId()!;
    expect(answering.value.otherDeviceId).toBe(deviceB);
    await expect.poll(async () => (await second.client().getCrypto()!.getDeviceVerificationStatus(alice.userId, deviceB))?.crossSigningVerified).toBe(true);
    await expect.poll(async () => (await bob.getCrypto()!.getDeviceVerificationStatus(alice.userId, deviceB))?.signedByOwner).toBe(true);
    // The backup key came from the first session (secret sharing after the verification).
    await expect.poll(() => second.client().getCrypto()!.getSessionBackupPrivateKey()).toBeTruthy();
    await expect.poll(() => second.client().getRoom(roomId)?.findEventById(eventId)?.getContent().body, { timeout: 20_000 }).toBe('vor der zweiten Sitzung');
  });

  it("verifies another person in a direct chat; their later reset withdraws it and is flagged", async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const { client: alice } = await startCrossSignedPeer(synapse.baseUrl, aliceUser);
    const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, bobUser);
    cleanup.push(() => alice.stopClient(), () => bob.stopClient());
    const { room_id: roomId } = await encryptedRoom(alice, bobUser.userId);
    await expect.poll(() => bob.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(roomId);
    const trust = new RoomTrust(alice, alice.getRoom(roomId)!, () => (userId) => userId, (name) => name);
    cleanup.push(() => trust.dispose());
    await expect.poll(() => trust.value.members.get(bobUser.userId)).toBe('unverified');

    const onAlice = verifications(alice);
    const onBob = verifications(bob);
    // No direct chat yet: one is created, and the request waits there for Bob.
    await onAlice.verifyUser(bobUser.userId);
    const asking = onAlice.value.current!;
    expect(asking.value).toMatchObject({ step: { kind: 'requested' }, self: false, otherUserId: bobUser.userId });
    await expect.poll(() => bob.getRooms().find((room) => room.roomId !== roomId && room.getMyMembership() === 'invite')?.roomId).toBeTruthy();
    await bob.joinRoom(bob.getRooms().find((room) => room.roomId !== roomId && room.getMyMembership() === 'invite')!.roomId);
    await expect.poll(() => onBob.value.current?.value.step.kind, { timeout: 20_000 }).toBe('incoming');
    const answering = onBob.value.current!;
    await answering.accept();
    await compareAndConfirm(asking, answering);

    await expect.poll(() => trust.value.members.get(bobUser.userId)).toBe('verified');
    expect(trust.value.room).toBe('verified');

    await bob.getCrypto()!.resetEncryption(async (makeRequest) => {
      await makeRequest(passwordAuth(bob, bobUser.password));
    });
    await expect.poll(() => trust.value.changed).toEqual([{ userId: bobUser.userId, name: bobUser.userId, wasVerified: true }]);
    expect(trust.value.room).toBe('changed');
  });

  it('stops on both sides when the emoji differ', async () => {
    const { alice, second, onFirst, onSecond } = await twoSessions();
    await onSecond.verifyOwnDevice(alice.deviceId);
    expect(onSecond.value).toMatchObject({ starting: false, problem: null });
    await expect.poll(() => onFirst.value.current?.value.step.kind, { timeout: 20_000 }).toBe('incoming');
    await onFirst.value.current!.accept();
    const asking = onSecond.value.current!;
    const answering = onFirst.value.current!;
    await expect.poll(() => asking.value.step.kind).toBe('compare');
    await expect.poll(() => answering.value.step.kind).toBe('compare');
    answering.mismatch();
    await expect.poll(() => answering.value.step).toEqual({ kind: 'cancelled', reason: 'mismatch' });
    await expect.poll(() => asking.value.step).toEqual({ kind: 'cancelled', reason: 'mismatch' });
    expect((await second.getCrypto()!.getDeviceVerificationStatus(alice.userId, second.getDeviceId()!))?.crossSigningVerified).toBe(false);
  });

  it('tells the asking side when the other declines', async () => {
    const { alice, onFirst, onSecond } = await twoSessions();
    await onSecond.verifyOwnDevice(alice.deviceId);
    await expect.poll(() => onFirst.value.current?.value.step.kind, { timeout: 20_000 }).toBe('incoming');
    await onFirst.value.current!.cancel();
    expect(onFirst.value.current!.value.step).toEqual({ kind: 'cancelled', reason: 'by-me' });
    await expect.poll(() => onSecond.value.current?.value.step).toEqual({ kind: 'cancelled', reason: 'declined' });

    // Closing a finished one leaves nothing open; a new request can be made.
    onSecond.close();
    expect(onSecond.value).toEqual({ current: null, opened: false, starting: false, problem: null });
  });
});
