/**
 * How many joins the open room's timeline shows: single lines ("bob joined") and
 * folded runs ("2 people joined"). The creator's own join is part of the room's set-up
 * line and is not counted.
 */
import type { Page } from 'playwright-core';

export async function joinsShown(page: Page): Promise<number> {
  const texts = await page.getByRole('log').getByText(/ joined$/).allTextContents();
  return texts.reduce((sum, text) => sum + Number(/^(\d+) (?:people|person) joined$/.exec(text.trim())?.[1] ?? 1), 0);
}
