/**
 * The user menu (the signed-in person's name and picture above the conversation list):
 * session details, key management, lock and sign-out are in it.
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

/** What the user menu says of the session, read once the workspace is open; the menu is closed again after. */
export async function sessionFacts(page: Page): Promise<{ user: string | null; device: string | null; fingerprint: string | null }> {
  await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
  const menu = await openUserMenu(page);
  const facts = {
    user: await page.getByTestId('signed-in-user').textContent(),
    device: await page.getByTestId('signed-in-device').textContent(),
    fingerprint: await page.getByTestId('device-fingerprint').textContent(),
  };
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  return facts;
}
