import { EventType, MsgType, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { invitedRoom } from '../support/peer-client';
import { aliceInTheAppBobOnNode } from '../support/two-people';
import { joinsShown } from '../support/joins-shown';

const synapse = inject('synapse');

/** Bob's copy of a message, once his client has it decrypted (keys may arrive after the event). */
function bobsMessage(client: MatrixClient, roomId: string, body: string): MatrixEvent | null {
  const events = client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
  return events.find((event) => event.getType() === EventType.RoomMessage && event.getContent().body === body) ?? null;
}


describe('chatting in an encrypted room with someone on a Node client', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let roomId: string;

  it('creates an encrypted room through the UI, and messages go both ways', async () => {
    const { harness, bob, bobUser } = people();
    const { page } = harness;
    const invitation = invitedRoom(bob);
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByLabel('Name').fill('Lagebesprechung');
    await page.getByLabel('Invite people', { exact: true }).fill(bobUser.userId);
    await page.getByRole('button', { name: 'Create room' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Lagebesprechung' }).count()).toBe(1);
    expect(await page.getByTestId('room-encryption').textContent()).toContain('End-to-end encrypted');

    roomId = (await invitation).roomId;
    await bob.joinRoom(roomId);
    // The server, not just the UI, says the room is encrypted from the start.
    const encryption = await bob.getStateEvent(roomId, EventType.RoomEncryption, '');
    expect(encryption).toMatchObject({ algorithm: 'm.megolm.v1.aes-sha2' });

    // Alice sees Bob arrive, as a person would before greeting him (her own join is part of the set-up line).
    await expect.poll(() => joinsShown(page)).toBe(1);

    // Alice writes Markdown; Bob's client decrypts HTML and plain text.
    const composer = page.getByLabel('Message to Lagebesprechung');
    await composer.fill('Guten Morgen, **Bob**');
    await composer.press('Enter');
    await expect.poll(() => bobsMessage(bob, roomId, 'Guten Morgen, **Bob**') !== null).toBe(true);
    const message = bobsMessage(bob, roomId, 'Guten Morgen, **Bob**')!;
    expect(message.isEncrypted()).toBe(true);
    expect(message.getContent().formatted_body).toBe('Guten Morgen, <strong>Bob</strong>');
    await expect.poll(() => composer.inputValue()).toBe('');

    // Bob answers; Alice sees it decrypted in the open room.
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Hallo Alice, alles bereit.' });
    await expect.poll(() => page.getByRole('log').getByText('Hallo Alice, alles bereit.').count()).toBe(1);
    expect(await page.getByRole('log').getByText('Guten Morgen,').count()).toBe(1);
    expect(await page.getByRole('log').locator('strong', { hasText: 'Bob' }).count()).toBe(1);

    // The UI itself needs no CSP relaxation: nothing of ours was blocked (checked before axe, which probes eval).
    const logs = await Promise.all((await harness.logFiles()).map((file) => readFile(file, 'utf8')));
    expect(logs.join('\n')).not.toContain('Content Security Policy blocked');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows hostile HTML and names as harmless text: nothing runs, nothing remote loads', async () => {
    const { harness, bob } = people();
    const { page } = harness;
    const remote: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(synapse.baseUrl) && !request.url().startsWith(new URL(harness.url).origin)) remote.push(request.url());
    });
    await bob.setDisplayName('<img src=x onerror="window.__xss=\'name\'">Bob\u202Egnp.exe');
    // Synapse copies a new display name into each room in the background; wait until it is there.
    await expect.poll(() => page.getByRole('log').getByText('changed their profile').count()).toBe(1);
    const hostile = [
      '<script>window.__xss = "script"</script>',
      '<img src=x onerror="window.__xss=\'img\'">',
      '<a href="javascript:window.__xss=\'link\'">Klick mich</a>',
      '<img src="https://tracker.example/pixel.png" alt="Zählpixel">',
      '<svg onload="window.__xss=\'svg\'"><circle r="5"/></svg>',
      '<style>body { display: none }</style>',
      '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mxss\'"></style></mglyph></table></mtext></math>',
      '<p onclick="window.__xss=\'click\'">Sichtbarer Text</p><iframe src="https://evil.example"></iframe>',
    ].join('');
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Sichtbarer Text', format: 'org.matrix.custom.html', formatted_body: hostile });

    const log = page.getByRole('log');
    await expect.poll(() => log.getByText('Sichtbarer Text').count()).toBe(1);
    await log.getByText('Klick mich').click();
    await log.getByText('Sichtbarer Text').click();

    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(await page.evaluate(() => document.body.checkVisibility())).toBe(true);
    // What the sender wrote lands in message bodies; the markers beside them are our own SVG icons.
    const dangerous = await log.evaluate((element) => ({
      elements: element.querySelectorAll('.body :is(script, svg, math, iframe, style, object, embed, form, img[src], [style*="display: none"])').length,
      handlers: [...element.querySelectorAll('*')].filter((node) => [...node.attributes].some((a) => a.name.startsWith('on'))).length,
      links: [...element.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    }));
    expect(dangerous).toEqual({ elements: 0, handlers: 0, links: [] });
    // The hostile name is shown as the text it is, without the bidi override that would make "exe" read as "png".
    const senderNames = await log.locator('.sender').allTextContents();
    expect(senderNames).toContain('<img src=x onerror="window.__xss=\'name\'">Bobgnp.exe');
    expect((await log.innerHTML()).includes('\u202E')).toBe(false);
    expect(remote).toEqual([]);
    // The javascript: link was neither followed nor handed to the OS.
    expect(harness.adapters.openedLinks).toEqual([]);
  });

  it('starts a direct chat, notifies about a message there while another room is open, and opens it on click', async () => {
    const { harness, bob, bobUser } = people();
    const { page } = harness;
    const invitation = invitedRoom(bob);
    await page.getByRole('button', { name: 'Direct chat' }).click();
    await page.getByLabel('Person', { exact: true }).fill(bobUser.userId);
    await page.getByRole('button', { name: 'Start chat' }).click();
    const directRoomId = (await invitation).roomId;
    await bob.joinRoom(directRoomId);
    expect(await bob.getStateEvent(directRoomId, EventType.RoomEncryption, '')).toMatchObject({ algorithm: 'm.megolm.v1.aes-sha2' });

    // Back to the group room; Bob writes in the direct chat.
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Lagebesprechung' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Lagebesprechung' }).count()).toBe(1);
    await expect.poll(() => harness.page.getByRole('log').getByText(/ joined$/).count()).toBeGreaterThan(0);
    // Bob's client must have synced the room's encryption before it can send there.
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(directRoomId)).toBe(true);
    await bob.sendMessage(directRoomId, { msgtype: MsgType.Text, body: 'Hast du kurz Zeit?' });

    // A direct chat is named after the other person, so the notification shows the text alone.
    await expect.poll(() => harness.adapters.notifications.map(({ body }) => body)).toContain('Hast du kurz Zeit?');
    await expect.poll(() => harness.adapters.unreadCounts.at(-1)).toBeGreaterThan(0);
    harness.adapters.notifications.at(-1)!.onClick();
    await expect.poll(() => page.getByRole('log').getByText('Hast du kurz Zeit?').count()).toBe(1);
  });
});
