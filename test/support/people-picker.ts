/** Drives the people picker as a person would: types each id, waits for them to be offered, picks them. */
import type { Page } from 'playwright-core';

export async function choosePeople(page: Page, label: string, userIds: readonly string[]): Promise<void> {
  const field = page.getByRole('combobox', { name: label, exact: true });
  for (const userId of userIds) {
    await field.fill(userId);
    await page.getByRole('option', { name: userId }).click();
    await page.getByRole('list', { name: 'Chosen people' }).getByTitle(userId).waitFor();
  }
}
