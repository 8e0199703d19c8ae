import { MsgType } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { passwordAuth } from '../../src/renderer/lib/matrix/password-auth';
import { Verifications } from '../../src/renderer/lib/view-models/verifications';
import { seriousAccessibilityViolations } from '../support/axe';
import { signIn, submitLogin } from '../support/login-screen';
import { backedUpKeyCount, loginNewDevice } from '../support/matrix-api';
import { pagePerFile, pagesPerFile } from '../support/page-per-file';
import { startCrossSignedPeer, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';
import { answerAndMatch, autoJoin, shownEmoji, verificationDialog } from '../support/verification-ui';
import { joinsShown } from '../support/joins-shown';
import { chooseFromSecuritySettings } from '../support/user-menu';

const synapse = inject('synapse');

describe('verifying a new session by emoji from a signed-in one', () => {
  const openApp = pagesPerFile();

  it('both sessions compare the same emoji and confirm with the keyboard; the new one then reads the history', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const first = await openApp();
    await signIn(first.page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await first.page.getByRole('button', { name: 'New room' }).click();
    await first.page.getByLabel('Name').fill('Ablage');
    await first.page.getByRole('button', { name: 'Create room' }).click();
    const composer = first.page.getByLabel('Message to Ablage');
    await composer.fill('Vor der Verifizierung');
    await composer.press('Enter');
    await expect.poll(() => backedUpKeyCount(synapse.baseUrl, alice.accessToken), { timeout: 30_000 }).toBeGreaterThan(0);

    const second = await openApp();
    await submitLogin(second.page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await second.page.getByRole('button', { name: 'Verify with another session' }).click({ timeout: 60_000 });
    await expect.poll(() => second.page.getByRole('status').allInnerTexts()).toContain('Open Depesche on one of your other signed-in sessions and accept the request there.');

    // The signed-in session is told, without losing the keyboard; opened, the keyboard is on "Accept".
    const notice = first.page.getByRole('region', { name: /Another session of your account/ });
    await notice.waitFor({ timeout: 30_000 });
    expect(await first.page.evaluate(() => document.activeElement?.closest('[role="region"], section')?.textContent ?? '')).not.toContain('Another session');
    expect(await seriousAccessibilityViolations(first.page)).toEqual([]);
    await notice.getByRole('button', { name: 'Review' }).focus();
    await first.page.keyboard.press('Enter');
    const dialog = verificationDialog(first.page);
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Another session of your account');
    expect(await seriousAccessibilityViolations(first.page)).toEqual([]);
    await expect.poll(() => first.page.evaluate(() => document.activeElement?.textContent)).toBe('Accept');
    await first.page.keyboard.press('Enter');

    await expect.poll(() => shownEmoji(first.page), { timeout: 30_000 }).toHaveLength(7);
    await expect.poll(() => shownEmoji(second.page)).toHaveLength(7);
    expect(await shownEmoji(first.page)).toEqual(await shownEmoji(second.page));
    expect(await seriousAccessibilityViolations(first.page)).toEqual([]);
    expect(await seriousAccessibilityViolations(second.page)).toEqual([]);

    // The keyboard starts at the emoji, not on the button: confirming takes a deliberate step.
    await expect.poll(() => first.page.evaluate(() => document.activeElement?.tagName)).toBe('OL');
    await first.page.keyboard.press('Tab');
    expect(await first.page.evaluate(() => document.activeElement?.textContent)).toBe('They match');
    await first.page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Waiting for the other side');
    await second.page.getByRole('button', { name: 'They match' }).click();

    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 30_000 }).toContain('Verified. Your two sessions now trust each other.');
    await expect.poll(() => second.page.getByRole('status').allInnerTexts()).toContain('Verified. Your two sessions now trust each other.');
    await first.page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await second.page.getByRole('button', { name: 'Continue' }).click();

    await second.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Ablage' }).click({ timeout: 60_000 });
    await expect.poll(() => second.page.getByRole('log').getByText('Vor der Verifizierung').count(), { timeout: 60_000 }).toBe(1);
  });
});

describe('verifying another person by emoji from their profile', () => {
  const harness = pagePerFile();

  it('marks them verified on the member list, the header and their messages, and flags a later identity change', async () => {
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const { client: bob } = await startCrossSignedPeer(synapse.baseUrl, bobUser);
    const onBob = new Verifications(bob);
    autoJoin(bob);
    try {
      const { page } = harness();
      await signIn(page, { homeserver: synapse.baseUrl, username: aliceUser.localpart, password: aliceUser.password });
      await page.getByRole('button', { name: 'New room' }).click();
      await page.getByLabel('Name').fill('Lagebesprechung');
      await page.getByLabel('Invite people', { exact: true }).fill(bobUser.userId);
      await page.getByRole('button', { name: 'Create room' }).click();
      await expect.poll(() => joinsShown(page), { timeout: 30_000 }).toBe(1);
      const roomId = bob.getRooms().find((room) => room.name === 'Lagebesprechung')!.roomId;
      // Bob's client must have seen the room's encryption before it can send there.
      await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
      await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Guten Morgen' });
      const bobsMessage = page.getByRole('log').getByRole('article').filter({ hasText: 'Guten Morgen' });
      await expect.poll(() => bobsMessage.locator('[data-trust]').getAttribute('data-trust'), { timeout: 30_000 }).toBe('unverified');
      await expect.poll(() => page.getByTestId('room-trust').textContent()).toContain('Not everyone verified');
      // Each state of the marker is an icon of its own shape, so it reads without colour.
      const markerIcon = () => bobsMessage.locator('[data-trust] svg').getAttribute('class');
      const shapes = [await markerIcon()];

      await page.getByRole('button', { name: '2 members' }).click();
      const bobRow = page.getByRole('list', { name: 'Members' }).getByRole('button').filter({ hasText: bobUser.localpart });
      await expect.poll(() => bobRow.locator('[data-trust]').getAttribute('data-trust')).toBe('unverified');
      await bobRow.click();
      const profile = page.getByRole('dialog').filter({ hasText: bobUser.userId });
      expect(await profile.textContent()).toContain('Not verified');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await profile.getByRole('button', { name: 'Verify by emoji' }).click();

      // Bob's client gets the request in a new direct chat, accepts, and sees the emoji too.
      await answerAndMatch(page, onBob);
      await expect.poll(() => verificationDialog(page).getByRole('status').textContent(), { timeout: 30_000 }).toContain(`Verified. ${bobUser.userId} is now marked as verified.`);
      await verificationDialog(page).getByRole('button', { name: 'Close' }).click();
      // The request went through a new direct chat, where it reads as what it was.
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: bobUser.localpart }).click();
      await expect.poll(() => page.getByRole('log').getByText(/asked .* to compare emoji/).count()).toBe(1);

      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Lagebesprechung' }).click();
      await expect.poll(() => bobsMessage.locator('[data-trust]').getAttribute('data-trust'), { timeout: 30_000 }).toBe('verified');
      await expect.poll(() => page.getByTestId('room-trust').textContent()).toContain('Everyone verified');
      shapes.push(await markerIcon());

      // Bob's identity is reset (a lost device, or someone else in his name).
      await bob.getCrypto()!.resetEncryption(async (makeRequest) => {
        await makeRequest(passwordAuth(bob, bobUser.password));
      });
      const warning = page.getByRole('alert').filter({ hasText: 'Identity changed' });
      await expect.poll(() => warning.textContent(), { timeout: 30_000 }).toContain('was verified, but their identity has changed');
      await expect.poll(() => bobsMessage.locator('[data-trust]').getAttribute('data-trust')).toBe('changed');
      await expect.poll(() => page.getByTestId('room-trust').textContent()).toContain('An identity changed');
      shapes.push(await markerIcon());
      expect(new Set(shapes).size).toBe(3);
    } finally {
      onBob.dispose();
      bob.stopClient();
    }
  });
});

describe('verifying another session from the sessions list', () => {
  const harness = pagePerFile();

  it('asks the unverified session, compares the emoji, and lists it as verified', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const laptop = await startPeer(synapse.baseUrl, { ...alice, ...(await loginNewDevice(synapse.baseUrl, alice, 'Laptop')) });
    const onLaptop = new Verifications(laptop);
    try {
      await chooseFromSecuritySettings(page, 'Sessions…');
      const sessions = page.getByRole('dialog', { name: 'Your sessions' });
      const entry = sessions.getByRole('listitem', { name: 'Laptop' });
      await expect.poll(() => entry.textContent()).toContain('Not verified');
      await entry.getByRole('button', { name: 'Verify' }).click();

      const dialog = verificationDialog(page);
      await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 30_000 }).toContain('Open Depesche on one of your other signed-in sessions');
      await answerAndMatch(page, onLaptop);
      await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 30_000 }).toContain('Verified.');
      await dialog.getByRole('button', { name: 'Close' }).click();

      await chooseFromSecuritySettings(page, 'Sessions…');
      await expect.poll(() => entry.textContent(), { timeout: 30_000 }).not.toContain('Not verified');
      expect(await entry.textContent()).toContain('Verified');
    } finally {
      onLaptop.dispose();
      laptop.stopClient();
    }
  });
});

