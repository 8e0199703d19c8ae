import { EventType, MsgType } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { submitLogin } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { invitedRoom, startCrossSignedPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';
import { aliceInTheAppBobOnNode } from '../support/two-people';
import { chooseFromUserMenu } from '../support/user-menu';

const synapse = inject('synapse');
const roomName = 'Disziplinarverfahren Meier';


describe('the lock screen', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let roomId: string;

  it('replaces the workspace on an idle lock: nothing of it stays in the page, typing stops, notifications have no content', async () => {
    const { harness, bob, bobUser, alice } = people();
    const { page } = harness;
    const invitation = invitedRoom(bob);
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByLabel('Name').fill(roomName);
    await page.getByLabel('Invite people', { exact: true }).fill(bobUser.userId);
    await page.getByRole('button', { name: 'Create room' }).click();
    roomId = (await invitation).roomId;
    await bob.joinRoom(roomId);
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Die Akte liegt bei mir.' });
    await expect.poll(() => page.getByRole('log').getByText('Die Akte liegt bei mir.').count()).toBe(1);

    // Alice starts writing; Bob sees her typing.
    await page.getByLabel(`Message to ${roomName}`).pressSequentially('Ich schaue');
    const aliceTyping = () => bob.getRoom(roomId)?.getMember(alice.userId)?.typing;
    await expect.poll(aliceTyping).toBe(true);

    harness.adapters.emit('lockRequested', { reason: 'idle' });
    await page.getByRole('heading', { name: 'Depesche is locked' }).waitFor();
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    for (const secret of [roomName, 'Die Akte liegt bei mir.', 'Ich schaue', bobUser.localpart]) expect(html).not.toContain(secret);
    expect(await page.getByRole('textbox', { name: `Message to ${roomName}` }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lock-password');
    // The others no longer see "is typing".
    await expect.poll(aliceTyping).toBe(false);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Bob writes while Alice is away: the open room notifies (she does not see it), without content.
    const before = harness.adapters.notifications.length;
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Neue Weisung vom Amt' });
    await expect.poll(() => harness.adapters.notifications.length).toBeGreaterThan(before);
    expect(harness.adapters.notifications.slice(before).map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Depesche', body: 'New message' }]);
    // Alice read nothing meanwhile.
    const receipt = () => bob.getRoom(roomId)?.getEventReadUpTo(alice.userId);
    const bobsLatest = bob.getRoom(roomId)!.getLiveTimeline().getEvents().filter((event) => event.getType() === EventType.RoomMessage).at(-1)!.getId();
    expect(receipt()).not.toBe(bobsLatest);
  });

  it('refuses a wrong password and opens the workspace again with the right one, by keyboard alone', async () => {
    const { harness, alice } = people();
    const { page } = harness;
    await page.keyboard.type(`${alice.password}-falsch`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The password is wrong.');
    expect(await page.getByRole('heading', { name: 'Depesche is locked' }).count()).toBe(1);

    // Focus is still in the password field: select what was typed and type the right one.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(alice.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: roomName }).waitFor();
    await expect.poll(() => page.getByRole('log').getByText('Neue Weisung vom Amt').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Depesche is locked' }).count()).toBe(0);
  });

  it('locks from the user menu and reflows at 320 pixels wide', async () => {
    const { harness } = people();
    const { page } = harness;
    await chooseFromUserMenu(page, 'Lock');
    await page.getByRole('heading', { name: 'Depesche is locked' }).waitFor();
    expect(await page.getByText('Your conversations are hidden. Enter your password to continue.').count()).toBe(1);
    expect(harness.adapters.emitted.filter(({ event }) => event === 'lockRequested')).toHaveLength(1);

    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expect.poll(() => page.getByRole('button', { name: 'Unlock' }).isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('signs out from the lock screen, after which notifications show what the policy allows again', async () => {
    const { harness } = people();
    const { page } = harness;
    await page.getByRole('button', { name: 'Sign out instead' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const notice = { roomId: '!lage:example.org', roomName: 'Lagezentrum', sender: 'Erika', body: 'Sitzung um 10' };
    await harness.dispatch('depesche:notifications.show', notice, { windowId: 0 });
    expect(harness.adapters.notifications.at(-1)).toMatchObject({ title: 'Lagezentrum', body: 'Erika: Sitzung um 10' });
  });
});

describe('a lock asked for before the workspace is open', () => {
  const app = pagePerFile();

  it('comes with the workspace, so main is not left locked with nothing on screen to unlock', async () => {
    const { page, adapters } = app();
    const erika = await registerUser(synapse, uniqueLocalpart('erika'));
    const { client: firstSession } = await startCrossSignedPeer(synapse.baseUrl, erika);
    try {
      await submitLogin(page, { homeserver: synapse.baseUrl, username: erika.localpart, password: erika.password });
      await page.getByRole('heading', { name: 'Verify this session' }).waitFor({ timeout: 60_000 });
      adapters.emit('lockRequested', { reason: 'idle' });
      await page.getByRole('button', { name: 'Verify later' }).click();
      await page.getByRole('heading', { name: 'Depesche is locked' }).waitFor({ timeout: 60_000 });
      expect(await page.getByRole('navigation', { name: 'Conversations' }).count()).toBe(0);
      await page.getByLabel('Password').fill(erika.password);
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Conversations' }).waitFor({ timeout: 30_000 });
    } finally {
      firstSession.stopClient();
    }
  });
});
