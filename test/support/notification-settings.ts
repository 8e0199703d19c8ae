/**
 * The notification settings (the settings screen's Notifications section) and a room's
 * notification choice, as a person reaches them.
 */
import type { Locator, Page } from 'playwright-core';
import { openSettings } from './user-menu';

/** Opens the notification settings and returns what holds them. */
export async function openNotificationSettings(page: Page): Promise<Locator> {
  const settings = await openSettings(page, 'Notifications');
  await settings.getByRole('tabpanel').waitFor();
  return settings.getByRole('tabpanel');
}

/** Closes what `openNotificationSettings` opened. */
export async function closeNotificationSettings(page: Page): Promise<void> {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Close', exact: true }).click();
  await settings.waitFor({ state: 'hidden' });
}

export type RoomChoice = 'All messages' | 'Mentions and keywords' | 'Off';

/** The room list row's menu of a room, opened. */
export async function openRowMenu(page: Page, roomName: string): Promise<Locator> {
  const row = page.getByRole('navigation', { name: 'Conversations' }).locator('.row').filter({ has: page.locator('.name', { hasText: roomName }) });
  await row.getByRole('button', { name: 'Conversation options' }).click();
  const menu = page.getByRole('menu', { name: 'Conversation options' });
  await menu.waitFor();
  return menu;
}

/** Which notification choice a menu shows as the current one. */
export async function checkedChoice(menu: Locator): Promise<string | null> {
  const checked = menu.getByRole('menuitemradio', { checked: true });
  return (await checked.count()) === 1 ? ((await checked.textContent())?.trim() ?? null) : null;
}

/** The keywords the settings list, as written. */
export async function keywordsIn(settings: Locator): Promise<string[]> {
  return (await settings.getByRole('list', { name: 'Keywords' }).getByRole('listitem').allTextContents()).map((text) => text.trim());
}
