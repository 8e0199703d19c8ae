import { EventType } from 'matrix-js-sdk';
import { VerificationPhase, VerificationRequestEvent, type CryptoApi, type VerificationRequest } from 'matrix-js-sdk/lib/crypto-api';
import { describe, expect, it } from 'vitest';
import { Verifications } from '../../src/renderer/lib/view-models/verifications';
import { FakeMatrixClient, FakeVerificationRequest } from '../support/fake-matrix-client';

const bob = '@bob:example.org';
const carol = '@carol:example.org';

/** The crypto's part in starting a verification: whether someone has an identity, and the request it sends. */
function crypto(client: FakeMatrixClient, { hasIdentity = true, fails = false } = {}) {
  const sent: { userId: string; roomId: string }[] = [];
  const outgoing = new FakeVerificationRequest(bob, true);
  client.crypto = {
    userHasCrossSigningKeys: async () => hasIdentity,
    getUserDeviceInfo: async () => new Map(),
    requestVerificationDM: async (userId: string, roomId: string): Promise<VerificationRequest> => {
      if (fails) throw new Error('M_FORBIDDEN');
      sent.push({ userId, roomId });
      return outgoing.asRequest;
    },
  } satisfies Partial<CryptoApi>;
  return { sent, outgoing };
}

/** A direct chat with Bob that both have joined. */
function directChatWithBob(client: FakeMatrixClient): string {
  const room = client.addRoom('!direkt:example.org', { members: [bob] });
  client.setAccountDataEvent(EventType.Direct, { [bob]: [room.roomId] });
  return room.roomId;
}

describe('Verifications', () => {
  it('announces a request from someone else without opening it, and opens it when the person chooses', () => {
    const client = new FakeMatrixClient();
    const verifications = new Verifications(client.asClient);
    const request = new FakeVerificationRequest(bob);

    client.receiveVerificationRequest(request);
    expect(verifications.value).toMatchObject({ opened: false, starting: false, problem: null });
    expect(verifications.value.current?.value).toMatchObject({ step: { kind: 'incoming' }, otherUserId: bob });
    verifications.open();
    expect(verifications.value.opened).toBe(true);
    verifications.dispose();
  });

  it('keeps a second request waiting while one is under way, and shows it once the first is closed', () => {
    const client = new FakeMatrixClient();
    const verifications = new Verifications(client.asClient);
    const first = new FakeVerificationRequest(bob);
    const second = new FakeVerificationRequest(carol);

    client.receiveVerificationRequest(first);
    client.receiveVerificationRequest(second);
    expect(verifications.value.current?.value.otherUserId).toBe(bob);

    // Closing an unfinished verification cancels it, so the other side is not left waiting.
    verifications.close();
    expect(first.cancelled).toBe(1);
    expect(verifications.value.current?.value).toMatchObject({ step: { kind: 'incoming' }, otherUserId: carol });
    expect(verifications.value.opened).toBe(false);
    verifications.dispose();
  });

  it('skips a waiting request that was given up on meanwhile', () => {
    const client = new FakeMatrixClient();
    const verifications = new Verifications(client.asClient);
    const waiting = new FakeVerificationRequest(carol);
    client.receiveVerificationRequest(new FakeVerificationRequest(bob));
    client.receiveVerificationRequest(waiting);

    waiting.moveTo(VerificationPhase.Cancelled);
    verifications.close();
    expect(verifications.value.current).toBeNull();
    verifications.dispose();
  });

  it('replaces a finished verification with the next request at once', () => {
    const client = new FakeMatrixClient();
    const verifications = new Verifications(client.asClient);
    const done = new FakeVerificationRequest(bob);
    client.receiveVerificationRequest(done);
    done.moveTo(VerificationPhase.Done);

    client.receiveVerificationRequest(new FakeVerificationRequest(carol));
    expect(verifications.value.current?.value.otherUserId).toBe(carol);
    expect(done.cancelled).toBe(0);
    verifications.dispose();
  });

  it('asks a person in the direct chat with them, and opens the request at once', async () => {
    const client = new FakeMatrixClient();
    const roomId = directChatWithBob(client);
    const { sent } = crypto(client);
    const verifications = new Verifications(client.asClient);

    await verifications.verifyUser(bob);
    expect(sent).toEqual([{ userId: bob, roomId }]);
    expect(verifications.value).toMatchObject({ opened: true, starting: false, problem: null });
    expect(verifications.value.current?.value.step).toEqual({ kind: 'requested' });
    verifications.dispose();
  });

  it('says a person without a cross-signing identity cannot be verified, and sends nothing', async () => {
    const client = new FakeMatrixClient();
    directChatWithBob(client);
    const { sent } = crypto(client, { hasIdentity: false });
    const verifications = new Verifications(client.asClient);

    await verifications.verifyUser(bob);
    expect(verifications.value).toMatchObject({ current: null, starting: false, problem: 'no-identity' });
    expect(sent).toEqual([]);
    verifications.dismissProblem();
    expect(verifications.value.problem).toBeNull();
    verifications.dispose();
  });

  it('says when a request could not be sent', async () => {
    const client = new FakeMatrixClient();
    directChatWithBob(client);
    crypto(client, { fails: true });
    const verifications = new Verifications(client.asClient);
    await verifications.verifyUser(bob);
    expect(verifications.value).toMatchObject({ current: null, starting: false, problem: 'request-failed' });
    verifications.dispose();
  });

  it('keeps a request arriving while one is being sent waiting', async () => {
    const client = new FakeMatrixClient();
    directChatWithBob(client);
    crypto(client);
    const verifications = new Verifications(client.asClient);
    const sending = verifications.verifyUser(bob);
    expect(verifications.value.starting).toBe(true);
    client.receiveVerificationRequest(new FakeVerificationRequest(carol));
    await sending;
    expect(verifications.value.current?.value.otherUserId).toBe(bob);
    verifications.dispose();
  });

  it('cancels what is shown and what waits when disposed, and stops listening', () => {
    const client = new FakeMatrixClient();
    const verifications = new Verifications(client.asClient);
    const shown = new FakeVerificationRequest(bob);
    const waiting = new FakeVerificationRequest(carol);
    client.receiveVerificationRequest(shown);
    client.receiveVerificationRequest(waiting);
    expect(client.listenerTotal()).toBe(1);

    verifications.dispose();
    expect([shown.cancelled, waiting.cancelled]).toEqual([1, 1]);
    expect(client.listenerTotal()).toBe(0);
    expect(shown.listenerCount(VerificationRequestEvent.Change)).toBe(0);
  });
});
