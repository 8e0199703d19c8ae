import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { caseRoom, seedCaseConversation, type CaseConversation } from '../support/case-conversation';
import { accessibleInEveryScheme } from '../support/schemes';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

const dialogOf = (page: Page) => page.getByRole('dialog', { name: /^Search messages/ });
const field = (page: Page) => dialogOf(page).getByRole('combobox', { name: 'Search for' });
const results = (page: Page) => dialogOf(page).getByRole('listbox', { name: 'Results' }).getByRole('option');

/** The results' texts once they are those of the field's text (and these filters), and `count` of them. */
async function resultTexts(page: Page, count: number, filters: Record<string, string | null> = {}): Promise<string[]> {
  const searched = { text: await field(page).inputValue(), ...filters };
  await expect
    .poll(async () => JSON.parse((await dialogOf(page).getByTestId('search-results').getAttribute('data-filters')) ?? '{}') as unknown)
    .toMatchObject(searched);
  await expect.poll(() => results(page).count()).toBe(count);
  return results(page).locator('.text').allTextContents();
}

async function searchFor(page: Page, text: string, count: number): Promise<string[]> {
  await field(page).fill(text);
  return resultTexts(page, count);
}

/** A local calendar day as a date field holds it, `daysAgo` before today. */
function localDay(daysAgo: number): string {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}
const today = () => localDay(0);
const yesterday = () => localDay(1);

describe('search across encrypted rooms, in the case conversation', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let conversation: CaseConversation;

  it('finds decrypted messages by their latest text, filtered by sender and date, and not a redacted one', async () => {
    const { harness, alice, bob } = people();
    const { page } = harness;
    const roomId = await caseRoom(bob, {
      name: 'Akte 4711',
      invite: alice.userId,
      join: async () => {
        await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
        await expect.poll(() => page.getByRole('heading', { name: 'Akte 4711' }).count()).toBe(1);
      },
    });
    conversation = await seedCaseConversation(bob, roomId);
    const log = page.getByRole('log');
    await expect.poll(() => log.locator(`[data-event-id="${conversation.events.edited}"]`).textContent(), { timeout: 30_000 }).toContain('Freitag');
    await expect.poll(() => log.getByText('This message cannot be decrypted.').count()).toBeGreaterThan(0);
    // Alice writes the same word: the sender filter has two people to tell apart.
    const composer = page.getByLabel('Message to Akte 4711');
    await composer.fill('Freitag passt mir auch');
    await composer.press('Enter');
    await expect.poll(() => log.locator('article', { hasText: 'Freitag passt mir auch' }).getAttribute('data-event-id')).toMatch(/^\$/);

    await page.keyboard.press('Control+Shift+F');
    await expect.poll(() => dialogOf(page).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-text');

    // The edit's new text is found, the old one is not; nor is the redacted message.
    expect(await searchFor(page, 'freitag', 2)).toEqual(['Freitag passt mir auch', conversation.texts.afterEdit]);
    expect(await searchFor(page, 'donnerstag', 0)).toEqual([]);
    expect(await dialogOf(page).getByTestId('search-status').textContent()).toContain('No message found.');
    expect(await searchFor(page, 'kürbisfeld', 0)).toEqual([]);
    // Folded: case, umlauts and the sharp s; a word finds longer ones; every word must occur.
    expect(await searchFor(page, 'POSTSTRASSE', 1)).toEqual([conversation.texts.markdown]);
    expect(await results(page).first().locator('mark').allTextContents()).toEqual(['Poststraße']);
    expect(await searchFor(page, 'bescheid', 2)).toEqual([conversation.texts.reply, conversation.texts.markdown]);
    expect(await searchFor(page, 'bescheid montag', 1)).toEqual([conversation.texts.markdown]);
    expect(await searchFor(page, 'lageplan', 1)).toEqual([conversation.texts.imageName]);

    // Sender: only Bob's; date: today has both, up to yesterday none.
    await field(page).fill('freitag');
    await resultTexts(page, 2);
    const bobId = bob.getSafeUserId();
    await dialogOf(page).getByTestId('search-sender').selectOption(bobId);
    expect(await resultTexts(page, 1, { sender: bobId })).toEqual([conversation.texts.afterEdit]);
    await dialogOf(page).getByTestId('search-from').fill(today());
    expect(await resultTexts(page, 1, { sender: bobId, fromDay: today() })).toEqual([conversation.texts.afterEdit]);
    await dialogOf(page).getByTestId('search-from').fill('');
    await dialogOf(page).getByTestId('search-to').fill(yesterday());
    expect(await resultTexts(page, 0, { sender: bobId, fromDay: '', toDay: yesterday() })).toEqual([]);
    await dialogOf(page).getByTestId('search-to').fill('');
    await dialogOf(page).getByTestId('search-sender').selectOption({ label: 'Anyone' });
    await resultTexts(page, 2, { sender: null, toDay: '' });

    await accessibleInEveryScheme(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await dialogOf(page).evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Down to the second result (Bob's edited message), Enter: its place in the timeline, focused.
    await field(page).press('ArrowDown');
    expect(await results(page).nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await field(page).getAttribute('aria-activedescendant')).toBe(await results(page).nth(1).getAttribute('id'));
    await field(page).press('Enter');
    await expect.poll(() => dialogOf(page).isVisible()).toBe(false);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-event-id]')?.getAttribute('data-event-id')))
      .toBe(conversation.events.edited);
  });

  it('keeps the index sealed at rest and finds the same after a reload, from the room header, and a click jumps', async () => {
    const { harness, alice } = people();
    const { page } = harness;
    // The index is written a few seconds after the last change; it holds no plain text.
    const stored = () =>
      page.evaluate(async (userId) => {
        const database = await new Promise<IDBDatabase>((resolve, reject) => {
          const opening = indexedDB.open(`depesche-search:${userId}`);
          opening.onsuccess = () => resolve(opening.result);
          opening.onerror = () => reject(new Error('no database'));
        });
        const record = await new Promise<unknown>((resolve) => {
          const reading = database.transaction('index').objectStore('index').get('v1');
          reading.onsuccess = () => resolve(reading.result);
        });
        database.close();
        return record === undefined ? null : JSON.stringify(record);
      }, alice.userId);
    await expect.poll(stored, { timeout: 20_000 }).not.toBeNull();
    expect(await stored()).not.toMatch(/Freitag|Poststra|Bescheid/);

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Akte 4711' }).count(), { timeout: 30_000 }).toBe(1);
    const header = page.getByTestId('room-search');
    await header.fill('Freitag');
    await header.press('Enter');
    await expect.poll(() => dialogOf(page).getAttribute('aria-labelledby')).toBe('search-title');
    expect(await dialogOf(page).getByRole('heading').first().textContent()).toBe('Search messages: Akte 4711');
    expect(await resultTexts(page, 2)).toContain(conversation.texts.afterEdit);
    expect(await searchFor(page, 'donnerstag', 0)).toEqual([]);
    expect(await searchFor(page, 'kürbisfeld', 0)).toEqual([]);

    await field(page).fill('poststrasse');
    await resultTexts(page, 1);
    await results(page).first().click();
    await expect.poll(() => dialogOf(page).isVisible()).toBe(false);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-event-id]')?.getAttribute('data-event-id')))
      .toBe(conversation.events.markdown);
  });
});
