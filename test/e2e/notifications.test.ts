import { MsgType, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { choosePeople } from '../support/people-picker';
import { notificationRulesOf, roomModeOf } from '../../src/renderer/lib/matrix/push-rules';
import { doNotDisturbType } from '../../src/renderer/lib/view-models/do-not-disturb';
import { loginNewDevice } from '../support/matrix-api';
import { checkedChoice, closeNotificationSettings, keywordsIn, openNotificationSettings, openRowMenu } from '../support/notification-settings';
import { invitedRoom, startPeer } from '../support/peer-client';
import { accessibleInEveryScheme } from '../support/schemes';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

/** What the person sees of the notifications main showed, title and body. */
const shown = (page: { adapters: { notifications: { title: string; body: string }[] } }) => page.adapters.notifications.map(({ body }) => body);
/** The focused element's name: its label, else its text. */
const focusedText = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null;
    return element?.getAttribute('aria-label') || element?.labels?.[0]?.textContent?.trim() || element?.textContent?.trim() || null;
  });
const row = (page: Page, name: string) => page.getByRole('navigation', { name: 'Conversations' }).locator('.row').filter({ has: page.locator('.name', { hasText: name }) });

describe('notifications people control', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let roomId: string;
  let aliceElsewhere: MatrixClient | undefined;
  afterAll(() => aliceElsewhere?.stopClient());

  /** Bob writes in the room; resolves once Alice's list shows it as the last message (so a notification would have come). */
  async function bobWrites(body: string): Promise<void> {
    const { bob, harness } = people();
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body });
    await expect.poll(async () => (await row(harness.page, 'Lagezentrum').locator('.preview').allTextContents()).join(' ')).toContain(body);
  }

  it('sets a room to mentions and keywords from its row: a plain message is quiet, a keyword notifies, and the rules follow the account', async () => {
    const { harness, bob, bobUser, alice } = people();
    const { page } = harness;
    const invitation = invitedRoom(bob);
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByLabel('Name').fill('Lagezentrum');
    await choosePeople(page, 'Invite people', [bobUser.userId]);
    await page.getByRole('button', { name: 'Create room' }).click();
    roomId = (await invitation).roomId;
    await bob.joinRoom(roomId);
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    // Alice looks at another room, so Lagezentrum's messages would notify.
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByLabel('Name').fill('Ablage');
    await page.getByRole('button', { name: 'Create room' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Ablage' }).count()).toBe(1);

    // The row's menu says all messages notify, and is changed with the keyboard.
    const menu = await openRowMenu(page, 'Lagezentrum');
    expect(await checkedChoice(menu)).toBe('All messages');
    expect(await menu.getByRole('group', { name: 'Notifications' }).getByRole('menuitemradio').allTextContents()).toEqual(['All messages', 'Mentions and keywords', 'Off']);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    expect(await focusedText(page)).toBe('Mentions and keywords');
    await page.keyboard.press('Enter');
    // Each look opens the menu and closes it again: a second click on the button would close it instead.
    await expect
      .poll(async () => {
        const choice = await checkedChoice(await openRowMenu(page, 'Lagezentrum'));
        await page.keyboard.press('Escape');
        return choice;
      })
      .toBe('Mentions and keywords');

    // A keyword, added in the settings.
    const settings = await openNotificationSettings(page);
    await settings.getByLabel('New keyword').fill('Haushalt');
    await page.keyboard.press('Enter');
    await expect.poll(() => keywordsIn(settings)).toEqual(['Haushalt']);
    await closeNotificationSettings(page);

    await bobWrites('Nur eine Randnotiz');
    await bobWrites('Der Haushalt ist beschlossen');
    await expect.poll(() => shown(harness).some((body) => body.includes('Der Haushalt ist beschlossen'))).toBe(true);
    expect(shown(harness).some((body) => body.includes('Randnotiz'))).toBe(false);
    // The keyword's rule asks for a sound, and the notification plays it.
    expect(harness.adapters.notifications.find(({ body }) => body.includes('Haushalt'))?.silent).toBe(false);

    // A second session of Alice's reads the same rules from the server.
    aliceElsewhere = await startPeer(synapse.baseUrl, { ...alice, ...(await loginNewDevice(synapse.baseUrl, alice, 'elsewhere')) });
    const rules = await aliceElsewhere.getPushRules();
    expect(roomModeOf(rules, roomId)).toBe('mentions');
    expect(notificationRulesOf(rules).keywords).toEqual(['Haushalt']);
  });

  it('turns a room off from its header: nothing notifies, nothing counts, and its unread count is grey', async () => {
    const { harness } = people();
    const { page } = harness;
    await row(page, 'Lagezentrum').getByRole('button', { name: 'Lagezentrum' }).click();
    await page.getByRole('button', { name: 'Room options' }).click();
    const menu = page.getByRole('menu', { name: 'Room options' });
    expect(await checkedChoice(menu)).toBe('Mentions and keywords');
    await menu.getByRole('menuitemradio', { name: 'Off' }).click();
    await expect.poll(async () => {
      await page.getByRole('button', { name: 'Room options' }).click();
      const choice = await checkedChoice(menu);
      await page.keyboard.press('Escape');
      return choice;
    }).toBe('Off');
    expect(roomModeOf(await aliceElsewhere!.getPushRules(), roomId)).toBe('off');
    await row(page, 'Ablage').getByRole('button', { name: 'Ablage' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Ablage' }).count()).toBe(1);

    const before = harness.adapters.notifications.length;
    await bobWrites('Haushalt: noch eine Frage');
    await bobWrites('Und noch etwas');
    await expect.poll(() => row(page, 'Lagezentrum').getByTestId('quiet-unread').textContent()).toBe('2');
    expect(harness.adapters.notifications.length).toBe(before);
    // The tray counts none of it, and the row says so in words.
    await expect.poll(() => harness.adapters.unreadCounts.at(-1)).toBe(0);
    expect(await row(page, 'Lagezentrum').getByRole('button', { name: /Lagezentrum/ }).textContent()).toContain('2 unread, Notifications off');
    // The count's colours are the muted tokens.
    const colours = await row(page, 'Lagezentrum')
      .getByTestId('quiet-unread')
      .evaluate((badge) => {
        const probe = document.body.appendChild(document.createElement('span'));
        probe.style.color = 'var(--color-badge-muted-text)';
        probe.style.backgroundColor = 'var(--color-badge-muted-bg)';
        const expected = { color: getComputedStyle(probe).color, background: getComputedStyle(probe).backgroundColor };
        probe.remove();
        return { expected, actual: { color: getComputedStyle(badge).color, background: getComputedStyle(badge).backgroundColor } };
      });
    expect(colours.actual).toEqual(colours.expected);
    expect(await row(page, 'Lagezentrum').locator('.badge:not(.quiet)').count()).toBe(0);

    // The settings list the room with its own setting, and change it there too.
    const settings = await openNotificationSettings(page);
    const own = settings.getByRole('combobox', { name: 'Lagezentrum' });
    expect(await own.inputValue()).toBe('off');
    expect(await settings.getByRole('combobox', { name: 'Ablage' }).count()).toBe(0);
    await own.selectOption({ label: 'Mentions and keywords' });
    await expect.poll(async () => roomModeOf(await aliceElsewhere!.getPushRules(), roomId)).toBe('mentions');
    await closeNotificationSettings(page);
  });

  it('holds every notification back during do not disturb, shown in the sidebar, until it is ended', async () => {
    const { harness } = people();
    const { page } = harness;
    const menu = await openRowMenu(page, 'Lagezentrum');
    await menu.getByRole('menuitemradio', { name: 'All messages' }).click();
    await expect.poll(async () => roomModeOf(await aliceElsewhere!.getPushRules(), roomId)).toBe('all');

    const settings = await openNotificationSettings(page);
    await settings.getByRole('button', { name: 'For 1 hour' }).click();
    await expect.poll(() => settings.getByTestId('dnd-status').textContent()).toMatch(/^Do not disturb until \d\d:\d\d/);
    await closeNotificationSettings(page);
    const indicator = page.getByTestId('dnd-indicator');
    await expect.poll(() => indicator.textContent()).toMatch(/Do not disturb until/);
    // The account data says until when, for Alice's other sessions.
    await expect.poll(async () => ((await aliceElsewhere!.getAccountDataFromServer(doNotDisturbType))?.until ?? 0) > Date.now()).toBe(true);

    const before = harness.adapters.notifications.length;
    await bobWrites('Während der Ruhe');
    await expect.poll(() => row(page, 'Lagezentrum').locator('.badge').first().textContent()).toMatch(/\d/);
    expect(harness.adapters.notifications.length).toBe(before);

    // Ended from the sidebar, with the keyboard: notifications come again.
    await indicator.getByRole('button', { name: 'End do not disturb' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => indicator.count()).toBe(0);
    await bobWrites('Nach der Ruhe');
    await expect.poll(() => shown(harness).some((body) => body.includes('Nach der Ruhe'))).toBe(true);
    expect(shown(harness).some((body) => body.includes('Während der Ruhe'))).toBe(false);
  });

  it('turns the sound off and the content down from the settings, by keyboard, accessible in every scheme and at 320 pixels', async () => {
    const { harness } = people();
    const { page } = harness;
    // Keyboard only: the settings by their shortcut, the section list by arrow, then Tab through the section.
    await page.getByTestId('user-menu').focus();
    await page.keyboard.press('Control+Comma');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    await dialog.getByRole('tab', { name: 'Account' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe('Notifications');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Notifications on this account');
    const settings = dialog.getByRole('tabpanel');
    const sound = settings.getByRole('switch', { name: 'Play a sound' });
    expect(await sound.isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Play a sound');
    await page.keyboard.press('Space');
    await expect.poll(() => sound.isChecked()).toBe(false);
    await settings.getByRole('radio', { name: 'Only who wrote' }).focus();
    await page.keyboard.press('Space');
    expect(await settings.getByRole('radio', { name: 'Only who wrote' }).isChecked()).toBe(true);

    // A keyword removed with the keyboard gives the focus back to the field.
    await settings.getByLabel('New keyword').fill('Vergabe');
    await page.keyboard.press('Enter');
    await expect.poll(() => keywordsIn(settings)).toEqual(['Vergabe', 'Haushalt']);
    await settings.getByLabel('New keyword').fill('Akte*');
    await page.keyboard.press('Enter');
    await expect.poll(() => settings.getByText('A keyword cannot contain').count()).toBe(1);
    await accessibleInEveryScheme(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await settings.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await settings.getByRole('button', { name: 'Remove keyword Vergabe' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => keywordsIn(settings)).toEqual(['Haushalt']);
    expect(await focusedText(page)).toBe('New keyword');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // A keyword still notifies, now silently, showing only who wrote.
    await bobWrites('Haushalt: vertraulich');
    await expect.poll(() => harness.adapters.notifications.at(-1)?.body).toBe('New message');
    const last = harness.adapters.notifications.at(-1)!;
    expect(last.silent).toBe(true);
    expect(last.title).not.toContain('Lagezentrum');
    expect(shown(harness).some((body) => body.includes('vertraulich'))).toBe(false);
    expect(notificationRulesOf(await aliceElsewhere!.getPushRules()).sound).toBe(false);
  });
});
