/** Drives the login screen as a person would: by its visible English labels. */
import type { Page } from 'playwright-core';

export async function submitLogin(page: Page, fields: { homeserver: string; username: string; password: string }): Promise<void> {
  await page.getByLabel('Homeserver').fill(fields.homeserver);
  await page.getByLabel('User name').fill(fields.username);
  await page.getByLabel('Password').fill(fields.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
