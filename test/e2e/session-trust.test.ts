import { MsgType, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Verifications } from '../../src/renderer/lib/view-models/verifications';
import { seriousAccessibilityViolations } from '../support/axe';
import { signIn } from '../support/login-screen';
import { loginNewDevice } from '../support/matrix-api';
import { pagePerFile } from '../support/page-per-file';
import { startCrossSignedPeer, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';
import { answerAndMatch, autoJoin, verificationDialog } from '../support/verification-ui';
import { joinsShown } from '../support/joins-shown';
import { choosePeople } from '../support/people-picker';

const synapse = inject('synapse');
const stopped: { stopClient(): void }[] = [];
afterEach(() => stopped.splice(0).forEach((client) => client.stopClient()));

/** Alice creates an encrypted room in the app and invites the others, who join from Node. */
async function roomWith(page: Page, name: string, guests: readonly { client: MatrixClient; user: RegisteredUser }[]): Promise<string> {
  for (const { client } of guests) autoJoin(client);
  await page.getByRole('button', { name: 'New room' }).click();
  await page.getByLabel('Name').fill(name);
  await choosePeople(page, 'Invite people', guests.map(({ user }) => user.userId));
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect.poll(() => joinsShown(page), { timeout: 30_000 }).toBe(guests.length);
  const roomId = guests[0]!.client.getRooms().find((room) => room.name === name)!.roomId;
  for (const { client } of guests) await expect.poll(() => client.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
  return roomId;
}

/** A second session of Bob's, signed in with his password and never signed by him. */
async function unsignedSession(user: RegisteredUser, roomId: string): Promise<MatrixClient> {
  const phone = await startPeer(synapse.baseUrl, { ...user, ...(await loginNewDevice(synapse.baseUrl, user, 'Bobs Telefon')) });
  stopped.push(phone);
  await expect.poll(() => phone.getRoom(roomId)?.getMyMembership()).toBe('join');
  await expect.poll(() => phone.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
  return phone;
}

describe('a verified person sending from a session they never signed', () => {
  const harness = pagePerFile();

  it('marks that message apart, names the session in its details, and the header does not say everyone is verified', async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, bobUser);
    stopped.push(bob);
    const onBob = new Verifications(bob);
    try {
      const { page } = harness();
      await signIn(page, { homeserver: synapse.baseUrl, username: aliceUser.localpart, password: aliceUser.password });
      const roomId = await roomWith(page, 'Amtshilfe', [{ client: bob, user: bobUser }]);

      // Alice verifies Bob by emoji.
      await page.getByRole('button', { name: '2 members' }).click();
      await page.getByRole('list', { name: 'Members' }).getByRole('button').filter({ hasText: bobUser.localpart }).click();
      await page.getByRole('dialog').filter({ hasText: bobUser.userId }).getByRole('button', { name: 'Verify by emoji' }).click();
      await answerAndMatch(page, onBob);
      await expect.poll(() => verificationDialog(page).getByRole('status').textContent(), { timeout: 30_000 }).toContain('Verified.');
      await verificationDialog(page).getByRole('button', { name: 'Close' }).click();
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Amtshilfe' }).click();
      await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Vom Laptop' });
      const fromLaptop = page.getByRole('log').getByRole('article').filter({ hasText: 'Vom Laptop' });
      await expect.poll(() => fromLaptop.locator('[data-trust]').getAttribute('data-trust'), { timeout: 30_000 }).toBe('verified');
      await expect.poll(() => page.getByTestId('room-trust').textContent()).toContain('Everyone verified');
      expect(await fromLaptop.locator('[data-origin]').count()).toBe(0);

      // Bob's password is used on a new session he never signs (as a thief or a server admin could).
      const phone = await unsignedSession(bobUser, roomId);
      await phone.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Vom Telefon' });
      const fromPhone = page.getByRole('log').getByRole('article').filter({ hasText: 'Vom Telefon' });
      await expect.poll(() => fromPhone.locator('[data-origin]').getAttribute('data-origin'), { timeout: 30_000 }).toBe('unsigned-session');
      expect(await fromPhone.locator('[data-origin]').textContent()).toContain('Unverified session');
      expect(await fromPhone.locator('[data-origin] svg[aria-hidden="true"]').count()).toBe(1);
      await expect.poll(() => page.getByTestId('room-trust').textContent()).toContain('Not every session verified');
      const notice = page.getByRole('status').filter({ hasText: 'Unverified sessions in this room' });
      await expect
        .poll(() => notice.textContent())
        .toContain(`session “Bobs Telefon” (${phone.getDeviceId()}) is not verified by ${bobUser.localpart}. It can read what you send here.`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await fromPhone.hover();
      await fromPhone.getByRole('button', { name: 'Details' }).click();
      const details = page.getByRole('dialog', { name: 'Message details' });
      expect(await details.getByTestId('details-session').textContent()).toBe(`“Bobs Telefon” (${phone.getDeviceId()})`);
      expect(await details.getByTestId('details-encryption').textContent()).toContain(`Sent from a session that ${bobUser.localpart} has not verified.`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => details.isVisible()).toBe(false);
      expect(await page.getByRole('dialog').filter({ hasText: bobUser.userId }).isVisible()).toBe(false);
    } finally {
      onBob.dispose();
    }
  });
});

describe('sessions isolated by policy (encryption.onlyVerifiedDevices)', () => {
  const harness = pagePerFile({ secretStorage: 'memory', machinePolicy: { 'encryption.onlyVerifiedDevices': true } });

  it("keeps new messages from an unsigned session and from someone without cross-signing, and says so; such a person is not offered emoji verification", async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const carolUser = await registerUser(synapse, uniqueLocalpart('carol'));
    const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, bobUser);
    // Carol's app has no cross-signing: an older client, or a bot.
    const carol = await startPeer(synapse.baseUrl, carolUser);
    stopped.push(bob, carol);
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: aliceUser.localpart, password: aliceUser.password });
    const roomId = await roomWith(page, 'Vertraulich', [
      { client: bob, user: bobUser },
      { client: carol, user: carolUser },
    ]);
    const phone = await unsignedSession(bobUser, roomId);

    const notice = page.getByRole('status').filter({ hasText: 'Sessions that do not receive your messages' });
    await expect
      .poll(() => notice.textContent(), { timeout: 30_000 })
      .toContain(`session “Bobs Telefon” (${phone.getDeviceId()}) is not verified by ${bobUser.localpart} and does not receive your messages.`);
    expect(await notice.textContent()).toContain(`${carolUser.localpart}'s session ${carol.getDeviceId()} is not verified by ${carolUser.localpart}`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const composer = page.getByLabel('Message to Vertraulich');
    await composer.fill('Nur für verifizierte Sitzungen');
    await composer.press('Enter');
    const sent = () => bob.getRoom(roomId)?.getLiveTimeline().getEvents().find((event) => event.getContent().body === 'Nur für verifizierte Sitzungen');
    await expect.poll(() => sent()?.getId(), { timeout: 30_000 }).toBeTruthy();
    const eventId = sent()!.getId()!;
    // Bob's signed session reads it; his unsigned one and Carol's get no key.
    for (const excluded of [phone, carol]) {
      await expect.poll(() => excluded.getRoom(roomId)?.findEventById(eventId)?.isDecryptionFailure(), { timeout: 30_000 }).toBe(true);
    }

    // Carol has nothing to verify: the profile says why, and trying creates nothing.
    const rooms = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button');
    const roomCount = await rooms.count();
    await page.getByRole('button', { name: '3 members' }).click();
    await page.getByRole('list', { name: 'Members' }).getByRole('button').filter({ hasText: carolUser.localpart }).click();
    const profile = page.getByRole('dialog').filter({ hasText: carolUser.userId });
    await expect.poll(() => profile.getByTestId('profile-no-identity').textContent()).toContain('cannot be verified by comparing emoji');
    expect(await profile.getByRole('button', { name: 'Verify by emoji' }).count()).toBe(0);
    await profile.getByRole('button', { name: 'Close' }).click();
    // Closed means gone: the card is not left drawn over the room.
    await expect.poll(() => profile.isVisible()).toBe(false);
    expect(await rooms.count()).toBe(roomCount);
  });
});
