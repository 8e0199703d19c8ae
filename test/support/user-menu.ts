/**
 * The user menu (the signed-in person's name and picture above the conversation list):
 * the account, Settings, About, Lock and Sign out; and the settings' Security section,
 * where the session's facts and key management are.
 */
import type { Locator, Page } from 'playwright-core';

/** Opens the menu (if it is not open) and returns it. */
export async function openUserMenu(page: Page): Promise<Locator> {
  const button = page.getByTestId('user-menu');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const menu = page.getByRole('menu', { name: /^Account menu for / });
  await menu.waitFor();
  return menu;
}

/** Picks an item of the user menu by its exact label, e.g. "Sessions…". */
export async function chooseFromUserMenu(page: Page, item: string): Promise<void> {
  await (await openUserMenu(page)).getByRole('menuitem', { name: item, exact: true }).click();
}

/** Opens the settings (from the user menu, unless they are open) at a section, e.g. "Security"; returns the dialog. */
export async function openSettings(page: Page, section: string): Promise<Locator> {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  if (!(await settings.isVisible())) await chooseFromUserMenu(page, 'Settings…');
  await settings.getByRole('tab', { name: section, exact: true }).click();
  return settings;
}

/** Presses a button of the settings' Security section, e.g. "Sessions…"; the settings stay open below its dialog. */
export async function chooseFromSecuritySettings(page: Page, button: string): Promise<void> {
  await (await openSettings(page, 'Security')).getByRole('button', { name: button, exact: true }).click();
}

/** What the user menu and the settings' Security section say of the session, read once the workspace is open; both are closed again after. */
export async function sessionFacts(page: Page): Promise<{ user: string | null; device: string | null; fingerprint: string | null }> {
  await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
  const menu = await openUserMenu(page);
  const user = await page.getByTestId('signed-in-user').textContent();
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  const settings = await openSettings(page, 'Security');
  const facts = { user, device: await page.getByTestId('signed-in-device').textContent(), fingerprint: await page.getByTestId('device-fingerprint').textContent() };
  await page.keyboard.press('Escape');
  await settings.waitFor({ state: 'hidden' });
  return facts;
}
