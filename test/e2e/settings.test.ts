import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MsgType, Preset, RoomMemberEvent, type MatrixClient, type MatrixEvent, type RoomMember } from 'matrix-js-sdk';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { loginNewDevice, waitFor } from '../support/matrix-api';
import { startPeer } from '../support/peer-client';
import { gradientPng } from '../support/png';
import { seriousAccessibilityViolations } from '../support/axe';
import { accessibleInEveryScheme } from '../support/schemes';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';
import { openSettings } from '../support/user-menu';

const synapse = inject('synapse');

const sections = ['Account', 'Notifications', 'Appearance', 'Language', 'Privacy', 'Security', 'About'];
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);
const settingsOf = (page: Page) => page.getByRole('dialog', { name: 'Settings' });

/** Alice in the app, in a room with Bob, who watches from Node. */
async function aliceWithBob(machinePolicy?: unknown): Promise<{ harness: Harness; alice: RegisteredUser; bob: MatrixClient; roomId: string }> {
  const alice = await registerUser(synapse, uniqueLocalpart('alice'));
  const bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
  const harness = await startHarness({ secretStorage: 'memory', ...(machinePolicy === undefined ? {} : { machinePolicy }) });
  await harness.page.goto(harness.url);
  await signIn(harness.page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
  const { room_id: roomId } = await bob.createRoom({ preset: Preset.PrivateChat, name: 'Amtsstube', invite: [alice.userId] });
  await harness.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
  await harness.page.getByRole('heading', { name: 'Amtsstube' }).waitFor();
  await waitFor(() => Promise.resolve(bob.getRoom(roomId)?.getMember(alice.userId)?.membership === 'join' ? true : null), 'Alice in the room on Bob\'s side', 30_000);
  return { harness, alice, bob, roomId };
}

describe('the settings screen', () => {
  let harness: Harness;
  let alice: RegisteredUser;
  let bob: MatrixClient;
  let roomId: string;

  beforeAll(async () => {
    ({ harness, alice, bob, roomId } = await aliceWithBob());
  });
  afterAll(async () => {
    bob?.stopClient();
    expect(harness?.internalErrors).toEqual([]);
    await harness?.close();
  });

  it('opens with Ctrl+, and walks every section by keyboard alone, accessibly in every scheme, and closes with Escape', async () => {
    const { page } = harness;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Message to Amtsstube').focus();
    await page.keyboard.press('Control+,');
    const settings = settingsOf(page);
    await settings.waitFor();
    expect(await settings.getByRole('tab').allTextContents()).toEqual(sections);
    expect(await focusedName(page)).toBe('Account');

    for (const [index, section] of sections.entries()) {
      if (index > 0) await page.keyboard.press('ArrowDown');
      expect(await focusedName(page)).toBe(section);
      expect(await settings.getByRole('tab', { name: section }).getAttribute('aria-selected')).toBe('true');
      const panel = settings.getByRole('tabpanel', { name: section });
      await panel.getByRole('heading', { name: section, level: 3 }).waitFor();
      // Tab leaves the list for the section, Shift+Tab returns to its tab.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tabpanel');
      await accessibleInEveryScheme(page);
      await page.keyboard.press('Shift+Tab');
      expect(await focusedName(page)).toBe(section);
    }
    // Arrows wrap; Home and End go to the ends.
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Account');
    await page.keyboard.press('End');
    expect(await focusedName(page)).toBe('About');
    await page.keyboard.press('Home');
    expect(await focusedName(page)).toBe('Account');
    // Enter goes into the section.
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tabpanel');

    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('Message to Amtsstube').evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('shows the list, then the chosen section, at 320 CSS pixels without scrolling sideways', async () => {
    const { page } = harness;
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      // The open room fills the narrow window (the user menu is beside the list): the shortcut opens the settings.
      await page.keyboard.press('Control+,');
      const settings = settingsOf(page);
      await settings.getByRole('tab', { name: 'Account' }).click();
      // Clicking a section at this width replaces the list with it.
      const back = settings.getByRole('button', { name: 'All settings' });
      await back.waitFor();
      expect(await settings.getByRole('tablist').isVisible()).toBe(false);
      expect(await sideways(page)).toBe(0);
      await back.click();
      expect(await settings.getByRole('tab', { name: 'Account' }).isVisible()).toBe(true);
      expect(await focusedName(page)).toBe('Account');
      for (const section of sections) {
        await settings.getByRole('tab', { name: section }).focus();
        await page.keyboard.press('Enter');
        await settings.getByRole('heading', { name: section, level: 3 }).waitFor();
        expect({ section, sideways: await sideways(page) }).toEqual({ section, sideways: 0 });
        const box = (await settings.getByRole('tabpanel').boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(320);
        await back.click();
      }
      await page.keyboard.press('Escape');
      await settings.waitFor({ state: 'hidden' });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('changes the display name and the picture, and Bob sees both', async () => {
    const { page } = harness;
    const settings = await openSettings(page, 'Account');
    await settings.getByLabel('Display name').fill('Erika Musterfrau');
    await settings.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => settings.getByText('Your name is saved.', { exact: false }).count()).toBe(1);
    const member = () => bob.getRoom(roomId)?.getMember(alice.userId);
    await expect.poll(() => member()?.name, { timeout: 30_000 }).toBe('Erika Musterfrau');
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('Erika Musterfrau');

    // Not a picture: said, and nothing is uploaded.
    await settings.getByTestId('settings-picture-file').setInputFiles({ name: 'notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('kein Bild') });
    await expect.poll(() => settings.getByText('This file is not a picture Depesche can use.', { exact: false }).count()).toBe(1);
    await settings.getByTestId('settings-picture-file').setInputFiles({ name: 'ich.png', mimeType: 'image/png', buffer: gradientPng(64, 64) });
    await expect.poll(() => settings.getByText('Your picture is saved.', { exact: false }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => member()?.getMxcAvatarUrl(), { timeout: 30_000 }).toMatch(/^mxc:\/\//);
    await expect.poll(() => page.getByTestId('user-menu').locator('.avatar img').count(), { timeout: 30_000 }).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('shows the server\'s password rules, explains its refusals, and changes the password so the old one no longer signs in', async () => {
    const { page } = harness;
    const settings = await openSettings(page, 'Account');
    expect(await settings.getByTestId('password-rules').getByRole('listitem').allTextContents()).toEqual([
      'of at least 12 characters',
      'with at least one digit',
      'with at least one symbol, such as ! or %',
    ]);
    const status = settings.locator('#settings-password-status');
    const attempt = async (current: string, next: string, repeated = next) => {
      await settings.getByLabel('Current password').fill(current);
      await settings.getByLabel('New password', { exact: true }).fill(next);
      await settings.getByLabel('New password again').fill(repeated);
      await settings.getByRole('button', { name: 'Change password' }).click();
    };
    await attempt(alice.password, 'Kurz-1');
    await expect.poll(() => status.textContent()).toBe('The server refused the new password: it is too short.');
    await attempt(alice.password, 'Langespasswort2026');
    await expect.poll(() => status.textContent()).toBe('The server refused the new password: it needs at least one symbol, such as ! or %.');
    await attempt(alice.password, 'Amtsgeheimnis-2026', 'Amtsgeheimnis-2025');
    await expect.poll(() => status.textContent()).toBe('The two new passwords are not the same. Please type the new password twice.');
    await attempt('falsch', 'Amtsgeheimnis-2026');
    await expect.poll(() => status.textContent()).toBe('Your current password is not correct. Your password was not changed.');
    // Nothing typed stays in the current password's field after an attempt.
    expect(await settings.getByLabel('Current password').inputValue()).toBe('');

    const otherSession = await loginNewDevice(synapse.baseUrl, alice, 'Zweitgerät');
    await attempt(alice.password, 'Amtsgeheimnis-2026');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Your password is changed. Use the new one from now on.');
    await expect(loginNewDevice(synapse.baseUrl, alice)).rejects.toThrow();
    await loginNewDevice(synapse.baseUrl, { ...alice, password: 'Amtsgeheimnis-2026' });
    // "Sign out all my other sessions" was on: the other one is gone, this one stays.
    const whoami = (token: string) => fetch(`${synapse.baseUrl}/_matrix/client/v3/account/whoami`, { headers: { authorization: `Bearer ${token}` } }).then((answer) => answer.status);
    expect(await whoami(otherSession.accessToken)).toBe(401);
    await page.keyboard.press('Escape');
    await page.getByLabel('Message to Amtsstube').fill('Noch angemeldet');
    await page.keyboard.press('Enter');
    await expect.poll(() => bob.getRoom(roomId)?.getLiveTimeline().getEvents().some((event) => event.getContent().body === 'Noch angemeldet'), { timeout: 30_000 }).toBe(true);
  });

  it('applies theme, text size and compact layout at once and after a reload', async () => {
    const { page } = harness;
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
    const looks = () =>
      page.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        rootFontSize: getComputedStyle(document.documentElement).fontSize,
        menuPadding: getComputedStyle(document.querySelector('.user-menu')!).paddingLeft,
      }));
    expect(await looks()).toEqual({ background: 'rgb(246, 247, 249)', rootFontSize: '16px', menuPadding: '16px' });

    const settings = await openSettings(page, 'Appearance');
    await settings.getByRole('radio', { name: 'Dark' }).check();
    await settings.getByRole('radio', { name: 'Larger' }).check();
    await settings.getByRole('checkbox', { name: /^Compact layout/ }).check();
    // Dark although the OS asks for light; 1.25 × 16 px; the compact spacing of 0.625rem.
    const chosen = { background: 'rgb(18, 20, 24)', rootFontSize: '20px', menuPadding: '12.5px' };
    expect(await looks()).toEqual(chosen);
    // A fixed theme no longer follows the OS's light or dark, so one check is the whole of it.
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.reload();
    await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
    expect(await looks()).toEqual(chosen);
    const again = await openSettings(page, 'Appearance');
    expect(await again.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await again.getByRole('radio', { name: 'Like the system' }).check();
    await again.getByRole('radio', { name: 'Normal' }).check();
    await again.getByRole('checkbox', { name: /^Compact layout/ }).uncheck();
    expect(await looks()).toEqual({ background: 'rgb(246, 247, 249)', rootFontSize: '16px', menuPadding: '16px' });
    await page.keyboard.press('Escape');
  });

  it('stops typing notifications and public read receipts when turned off in Privacy', async () => {
    const { page } = harness;
    let bobSawTyping = false;
    const onTyping = (_event: MatrixEvent, member: RoomMember) => {
      if (member.roomId === roomId && member.userId === alice.userId && member.typing) bobSawTyping = true;
    };
    const readMarkers: Record<string, unknown>[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/read_markers')) readMarkers.push(request.postDataJSON() as Record<string, unknown>);
    });
    const settings = await openSettings(page, 'Privacy');
    const receipts = settings.getByRole('checkbox', { name: 'Send read receipts' });
    const typing = settings.getByRole('checkbox', { name: 'Send typing notifications' });
    expect([await receipts.isChecked(), await typing.isChecked()]).toEqual([true, true]);
    await receipts.uncheck();
    await typing.uncheck();
    await page.keyboard.press('Escape');
    bob.on(RoomMemberEvent.Typing, onTyping);
    try {
      const { event_id: question } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Ist die Akte da?' });
      await page.getByRole('log').getByText('Ist die Akte da?').waitFor();
      await expect.poll(() => readMarkers.at(-1)).toEqual({ 'm.fully_read': question, 'm.read.private': question });
      await page.getByLabel('Message to Amtsstube').pressSequentially('Ich sehe nach');
      await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Danke.' });
      await page.getByRole('log').getByText('Danke.').waitFor();
      expect(bobSawTyping).toBe(false);
      expect(readMarkers.every((body) => !Object.hasOwn(body, 'm.read'))).toBe(true);
    } finally {
      bob.off(RoomMemberEvent.Typing, onTyping);
    }
    // The choice is kept: after a reload the boxes are still off.
    await page.reload();
    await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
    const after = await openSettings(page, 'Privacy');
    expect(await after.getByRole('checkbox', { name: 'Send typing notifications' }).isChecked()).toBe(false);
    await page.keyboard.press('Escape');
  });

  it('saves the logs for support from About, and says when the person cancelled', async () => {
    const { page } = harness;
    const settings = await openSettings(page, 'About');
    const status = settings.getByRole('tabpanel').getByRole('status');
    await settings.getByRole('button', { name: 'Export logs…' }).click();
    await expect.poll(() => status.textContent()).toBe('The logs were saved.');
    const saved = await readFile(join(harness.adapters.saveDirectory, 'depesche-logs.txt'), 'utf8');
    expect(saved.trim().length).toBeGreaterThan(0);
    expect(saved).not.toContain(alice.password);
    harness.adapters.cancelSaves = true;
    try {
      await settings.getByRole('button', { name: 'Export logs…' }).click();
      await expect.poll(() => status.textContent()).toBe('Not saved.');
    } finally {
      harness.adapters.cancelSaves = false;
    }
    await page.keyboard.press('Escape');
    await settingsOf(page).waitFor({ state: 'hidden' });
  });
});

describe('settings the organisation set', () => {
  it('shows them locked with "Set by your organisation"', async () => {
    const { harness, bob } = await aliceWithBob({
      mandatory: { 'privacy.typingNotifications': false, 'notifications.content': 'sender', language: 'en', 'downloads.enabled': false },
      recommended: { 'privacy.readReceipts': false },
    });
    try {
      const { page } = harness;
      const settings = await openSettings(page, 'Privacy');
      const typing = settings.getByRole('checkbox', { name: 'Send typing notifications' });
      expect(await typing.isDisabled()).toBe(true);
      expect(await typing.isChecked()).toBe(false);
      expect(await describedBy(typing)).toContain('Set by your organisation');
      // Recommended is only where the choice starts.
      const receipts = settings.getByRole('checkbox', { name: 'Send read receipts' });
      expect([await receipts.isChecked(), await receipts.isDisabled()]).toEqual([false, false]);
      await settings.getByRole('tab', { name: 'Notifications' }).click();
      const onlyWho = settings.getByRole('radio', { name: 'Only who wrote' });
      expect([await onlyWho.isChecked(), await onlyWho.isDisabled()]).toEqual([true, true]);
      expect(await settings.getByRole('tabpanel').getByText('Set by your organisation').count()).toBe(1);
      await settings.getByRole('tab', { name: 'Language' }).click();
      const language = settings.getByRole('tabpanel').getByLabel('Language');
      expect(await language.isDisabled()).toBe(true);
      expect(await describedBy(language)).toContain('Set by your organisation');
      // Files may not be saved here: About offers no log export.
      await settings.getByRole('tab', { name: 'About' }).click();
      await settings.getByRole('tabpanel').getByRole('heading', { name: 'About', level: 3 }).waitFor();
      expect(await settings.getByRole('button', { name: 'Export logs…' }).count()).toBe(0);
      await accessibleInEveryScheme(page);
      expect(harness.internalErrors).toEqual([]);
    } finally {
      bob.stopClient();
      await harness.close();
    }
  });
});

/** The text of the elements that describe a control (aria-describedby). */
function describedBy(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
