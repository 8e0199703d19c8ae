/** Drives the login screen as a person would: by its visible English labels. */
import type { Page } from 'playwright-core';

export async function submitLogin(page: Page, fields: { homeserver: string; username: string; password: string }): Promise<void> {
  await page.getByLabel('Homeserver').fill(fields.homeserver);
  await page.getByLabel('User name').fill(fields.username);
  await page.getByLabel('Password').fill(fields.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Signs in and gets to the workspace: on an account's first sign-in Depesche shows the
 * new recovery key once, which a person confirms having kept.
 */
export async function signIn(page: Page, fields: { homeserver: string; username: string; password: string }): Promise<void> {
  await submitLogin(page, fields);
  await confirmRecoveryKey(page);
}

export async function confirmRecoveryKey(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor({ timeout: 60_000 });
  await page.getByLabel('I have stored my recovery key in a safe place.').check();
  await page.getByRole('button', { name: 'Continue' }).click();
}
