/** Emoji verification as the e2e tests drive it: the page's side by its labels, the other side a Node client. */
import { ClientEvent, type MatrixClient, type Room } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Verifications } from '../../src/renderer/lib/view-models/verifications';
import { seriousAccessibilityViolations } from './axe';

/** The emoji names a page shows for comparison, in order. */
export function shownEmoji(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Verification' }).getByRole('listitem').locator('.name').allInnerTexts();
}

export function verificationDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Verification' });
}

/**
 * The other side (a Node client answering through the app's own view model) accepts; the
 * page shows the emoji that side has; both confirm.
 */
export async function answerAndMatch(page: Page, answering: Verifications): Promise<void> {
  await expect.poll(() => answering.value.current?.value.step.kind, { timeout: 30_000 }).toBe('incoming');
  const side = answering.value.current!;
  await side.accept();
  await expect.poll(() => shownEmoji(page), { timeout: 30_000 }).toHaveLength(7);
  const step = side.value.step;
  expect(await shownEmoji(page)).toEqual(step.kind === 'compare' ? step.emoji.map((emoji) => emoji.name) : null);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await verificationDialog(page).getByRole('button', { name: 'They match' }).click();
  await side.confirm();
}

/** The Node client joins every room it is invited to. */
export function autoJoin(client: MatrixClient): void {
  client.on(ClientEvent.Room, (room: Room) => {
    if (room.getMyMembership() === 'invite') void client.joinRoom(room.roomId);
  });
}
