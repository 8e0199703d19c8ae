import { EventType, MsgType, Preset, RelationType, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

/** Bob's decrypted copy of Alice's message with this plain body, once his client has it. */
function bobsCopy(bob: MatrixClient, roomId: string, body: string): MatrixEvent | undefined {
  return bob
    .getRoom(roomId)
    ?.getLiveTimeline()
    .getEvents()
    .find((event) => event.getType() === EventType.RoomMessage && event.getSender() !== bob.getUserId() && event.getContent().body === body);
}

/** The reaction keys Bob's client sees on an event. */
function bobsReactionKeys(bob: MatrixClient, roomId: string, eventId: string): string[] {
  const annotations = bob.getRoom(roomId)?.relations.getChildEventsForEvent(eventId, RelationType.Annotation, EventType.Reaction);
  return (annotations?.getSortedAnnotationsByKey() ?? []).map(([key]) => key);
}

const focused = (page: { evaluate: <T>(fn: () => T) => Promise<T> }) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id);

describe('the composer: mentions, formatting, emoji and pasted files', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let roomId: string;

  beforeAll(async () => {
    const { harness, alice, bob } = people();
    await bob.setDisplayName('Bob Bauer');
    ({ room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Abstimmung',
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
    await harness.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await harness.page.getByRole('heading', { name: 'Abstimmung' }).waitFor();
  });

  it('offers members for @ and sends the one picked with the keyboard as a mention the peer receives as a pill', async () => {
    const { harness, alice, bob, bobUser } = people();
    const { page } = harness;
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership).toBe('join');
    const composer = page.getByLabel('Message to Abstimmung');
    await composer.focus();
    await page.keyboard.type('Frage an @bo');

    const suggestions = page.getByRole('listbox', { name: 'People to mention' });
    const bobOption = suggestions.getByRole('option', { name: /^Bob Bauer/ });
    await bobOption.waitFor();
    expect(await suggestions.getByRole('option').count()).toBe(1);
    expect(await bobOption.getAttribute('aria-selected')).toBe('true');
    expect(await composer.getAttribute('aria-activedescendant')).toBe(await bobOption.getAttribute('id'));
    expect(await composer.getAttribute('aria-controls')).toBe(await suggestions.getAttribute('id'));
    expect(await page.getByRole('status').filter({ hasText: '1 person found' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Escape closes the list and leaves the text; typing on in the same word does not reopen it, a new @ does.
    await page.keyboard.press('Escape');
    await expect.poll(() => suggestions.count()).toBe(0);
    expect(await composer.inputValue()).toBe('Frage an @bo');
    await page.keyboard.type('b');
    expect(await suggestions.count()).toBe(0);
    for (const _ of '@bob') await page.keyboard.press('Backspace');
    await page.keyboard.type('@bo');
    await bobOption.waitFor();

    await page.keyboard.press('Enter');
    await expect.poll(() => suggestions.count()).toBe(0);
    expect(await composer.inputValue()).toBe(`Frage an [Bob Bauer](https://matrix.to/#/${bobUser.userId}) `);
    await page.keyboard.type('bitte prüfen');
    await page.keyboard.press('Enter');

    await expect.poll(() => bobsCopy(bob, roomId, 'Frage an Bob Bauer bitte prüfen')?.isEncrypted()).toBe(true);
    const content = bobsCopy(bob, roomId, 'Frage an Bob Bauer bitte prüfen')!.getContent();
    expect(content['m.mentions']).toEqual({ user_ids: [bobUser.userId] });
    expect(content.format).toBe('org.matrix.custom.html');
    expect(content.formatted_body).toMatch(new RegExp(`^Frage an <a href="https://matrix\\.to/#/${bobUser.userId.replace(/[.]/g, '\\.')}"[^>]*>Bob Bauer</a> bitte prüfen$`));

    // Alice sees the mention as a pill: a link, drawn as a rounded chip.
    const pill = page.getByRole('log').getByRole('link', { name: 'Bob Bauer' });
    await pill.waitFor();
    expect(await pill.evaluate((link) => getComputedStyle(link).borderRadius)).not.toBe('0px');
  });

  it('formats the selection from the keyboard and the toolbar: Ctrl+B is sent as <strong>', async () => {
    const { harness, bob } = people();
    const { page } = harness;
    const composer = page.getByLabel('Message to Abstimmung');
    await composer.focus();
    await page.keyboard.type('Frist ist Freitag');
    for (const _ of 'Freitag') await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Control+b');
    expect(await composer.inputValue()).toBe('Frist ist **Freitag**');
    // Pressed again, the marks go; Ctrl+Z takes that back like typing.
    await page.keyboard.press('Control+b');
    expect(await composer.inputValue()).toBe('Frist ist Freitag');
    await page.keyboard.press('Control+z');
    expect(await composer.inputValue()).toBe('Frist ist **Freitag**');

    // The toolbar: one tab stop, arrow keys between buttons, each naming its shortcut.
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    const bold = toolbar.getByRole('button', { name: 'Bold' });
    expect(await bold.getAttribute('aria-keyshortcuts')).toBe('Control+B');
    expect(await bold.getAttribute('title')).toBe('Bold (Ctrl+B)');
    expect(await toolbar.getByRole('button', { name: 'Link' }).getAttribute('aria-keyshortcuts')).toBe('Control+K');
    expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1);
    await bold.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Italic');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Link');
    // A button formats the composer's selection and hands the keyboard back to it.
    await composer.evaluate((field: HTMLTextAreaElement) => field.setSelectionRange(0, 5));
    await toolbar.getByRole('button', { name: 'Italic' }).click();
    expect(await composer.inputValue()).toBe('*Frist* ist **Freitag**');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer-input');

    // Ctrl+K in the composer makes a link instead of jumping to the conversation filter.
    await page.keyboard.press('End');
    await page.keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer-input');
    expect(await composer.inputValue()).toBe('*Frist* ist **Freitag**[](https://)');
    expect(await composer.evaluate((field: HTMLTextAreaElement) => field.value.slice(field.selectionStart))).toBe('](https://)');
    await page.keyboard.press('Control+z');
    expect(await composer.inputValue()).toBe('*Frist* ist **Freitag**');
    await page.keyboard.press('Enter');

    await expect.poll(() => bobsCopy(bob, roomId, '*Frist* ist **Freitag**')?.getContent().formatted_body).toBe('<em>Frist</em> ist <strong>Freitag</strong>');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('reacts from the picker, found by English and by German names, and puts emoji in at the caret', async () => {
    const { harness, bob } = people();
    const { page } = harness;
    const log = page.getByRole('log');
    const { event_id: first } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Termin am Montag?' });
    const { event_id: second } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Oder Dienstag?' });
    const firstShown = log.locator(`[data-event-id="${first}"]`);
    await firstShown.getByText('Termin am Montag?').waitFor();

    // English: React, More…, search "thumbs", Enter takes the first match.
    await firstShown.getByRole('button', { name: 'React', exact: true }).click();
    await firstShown.getByRole('button', { name: 'More reactions…' }).click();
    const picker = page.getByRole('dialog', { name: 'Choose an emoji' });
    await picker.getByRole('option', { name: 'grinning face', exact: true }).waitFor();
    expect(await focused(page)).toBe('Search emoji');
    await page.keyboard.type('thumbs');
    await expect.poll(() => picker.getByRole('option').first().getAttribute('aria-label')).toBe('thumbs up');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await expect.poll(() => bobsReactionKeys(bob, roomId, first)).toEqual(['👍']);
    expect(await picker.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('React');

    // German: the picker follows the app's language; "Daumen", then the arrow keys in the grid.
    await page.getByLabel('Language').selectOption('de');
    const secondShown = log.locator(`[data-event-id="${second}"]`);
    await secondShown.getByRole('button', { name: 'Reagieren', exact: true }).click();
    await secondShown.getByRole('button', { name: 'Weitere Reaktionen …' }).click();
    const auswahl = page.getByRole('dialog', { name: 'Emoji auswählen' });
    await auswahl.getByRole('option', { name: 'grinsendes Gesicht', exact: true }).waitFor();
    await page.keyboard.type('Daumen');
    await expect.poll(() => auswahl.getByRole('option').first().getAttribute('aria-label')).toBe('Daumen hoch');
    await page.keyboard.press('ArrowDown');
    const grid = auswahl.getByRole('listbox', { name: 'Emoji' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
    const activeName = async () => auswahl.locator(`[id="${await grid.getAttribute('aria-activedescendant')}"]`).getAttribute('aria-label');
    expect(await activeName()).toBe('Daumen hoch');
    await page.keyboard.press('ArrowRight');
    expect(await activeName()).toBe('Daumen runter');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => bobsReactionKeys(bob, roomId, second)).toEqual(['👍']);

    // The composer's button: Escape closes and gives the focus back; a pick goes in at the caret.
    const composer = page.getByLabel('Nachricht an Abstimmung');
    await composer.fill('Gut so');
    await composer.evaluate((field: HTMLTextAreaElement) => field.setSelectionRange(3, 3));
    const emojiButton = page.getByRole('button', { name: 'Emoji einfügen' });
    await emojiButton.click();
    await auswahl.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => auswahl.isVisible()).toBe(false);
    expect(await focused(page)).toBe('Emoji einfügen');
    await page.keyboard.press('Enter');
    await auswahl.waitFor();
    await page.keyboard.type('Konfetti');
    await expect.poll(() => auswahl.getByRole('option').first().getAttribute('aria-label')).toBe('Konfettibombe');
    await page.keyboard.press('Enter');
    expect(await composer.inputValue()).toBe('Gut🎉 so');
    expect(await focused(page)).toBe('composer-input');
    expect(await composer.evaluate((field: HTMLTextAreaElement) => field.selectionStart)).toBe('Gut🎉'.length);
    await composer.fill('');
    await page.getByLabel('Sprache').selectOption('en');
  });

  it('asks before sending pasted files; Cancel and Escape upload nothing and give the focus back', async () => {
    const { harness } = people();
    const { page } = harness;
    const uploads: string[] = [];
    const recordUpload = (request: { url(): string }) => void (request.url().includes('/upload') && uploads.push(request.url()));
    page.on('request', recordUpload);
    try {
      const composer = page.getByLabel('Message to Abstimmung');
      const paste = () =>
        composer.evaluate((field) => {
          const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
          const clipboard = new DataTransfer();
          clipboard.items.add(new File([png], 'Bildschirmfoto.png', { type: 'image/png' }));
          clipboard.items.add(new File(['x'.repeat(2048)], 'Notiz.txt', { type: 'text/plain' }));
          field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
        });
      await composer.focus();
      await paste();
      const question = page.getByRole('dialog', { name: 'Send these 2 files?' });
      await question.waitFor();
      expect(await question.textContent()).toContain('To Abstimmung');
      expect(await question.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/Bildschirmfoto\.png\s*\d+ bytes/), expect.stringMatching(/Notiz\.txt\s*2 kB/)]);
      await expect.poll(() => question.locator('img').getAttribute('src')).toMatch(/^blob:/);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Send');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await question.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => question.count()).toBe(0);
      expect(await focused(page)).toBe('composer-input');
      await paste();
      await question.waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => question.count()).toBe(0);
      expect(await focused(page)).toBe('composer-input');
      // The room's timeline got nothing either, and no upload was started.
      expect(await page.getByRole('log').getByText('Notiz.txt').count()).toBe(0);
      expect(uploads).toEqual([]);
    } finally {
      page.off('request', recordUpload);
    }
  });

  it('still mentions the sender of the message replied to', async () => {
    const { harness, alice, bob, bobUser } = people();
    const { page } = harness;
    const { event_id: question } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Wer übernimmt?' });
    const questionShown = page.getByRole('log').locator(`[data-event-id="${question}"]`);
    await questionShown.getByRole('button', { name: 'Reply' }).click();
    await page.getByLabel('Message to Abstimmung').fill('Ich');
    await page.keyboard.press('Enter');
    await expect.poll(() => bobsCopy(bob, roomId, 'Ich')?.getContent()['m.mentions']).toEqual({ user_ids: [bobUser.userId] });
    expect(bobsCopy(bob, roomId, 'Ich')!.getSender()).toBe(alice.userId);
  });
});
