import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EventType, MsgType, Preset, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import type { EncryptedFile } from 'matrix-js-sdk/lib/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { downloadDecrypted, sendEncryptedAttachment } from '../support/attachments';
import { seriousAccessibilityViolations } from '../support/axe';
import { startHarness, type Harness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { startPeer } from '../support/peer-client';
import { gradientPng, pngSize } from '../support/png';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
const MiB = 1024 * 1024;
const uploadLimit = 6 * MiB;

/** Bob's decrypted copy of the message with this body from Alice, once his client has it. */
function bobsCopy(bob: MatrixClient, roomId: string, body: string, sender: string): MatrixEvent | undefined {
  return bob
    .getRoom(roomId)
    ?.getLiveTimeline()
    .getEvents()
    .find((event) => event.getType() === EventType.RoomMessage && event.getSender() === sender && event.getContent().body === body);
}

describe('attachments between the UI and a peer in an encrypted room', () => {
  let harness: Harness;
  let alice: RegisteredUser;
  let bob: MatrixClient;
  let roomId: string;
  /** Every request the page made, in order. */
  const requests: string[] = [];

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    harness = await startHarness({ secretStorage: 'memory', machinePolicy: { 'uploads.maxBytes': uploadLimit } });
    harness.page.on('request', (request) => void requests.push(request.url()));
    await harness.page.goto(harness.url);
    await signIn(harness.page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    ({ room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Aktenaustausch',
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
    await harness.page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await harness.page.getByRole('heading', { name: 'Aktenaustausch' }).waitFor();
  });
  afterAll(async () => {
    bob?.stopClient();
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  it('sends an image (with thumbnail) by the picker button and a 5 MB file by the file input; the peer decrypts both byte for byte', async () => {
    const { page } = harness;
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership).toBe('join');
    const png = gradientPng(640, 400);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach files' }).click()]);
    await chooser.setFiles({ name: 'Lageplan.png', mimeType: 'image/png', buffer: png });

    await expect.poll(() => bobsCopy(bob, roomId, 'Lageplan.png', alice.userId)?.isEncrypted()).toBe(true);
    const image = bobsCopy(bob, roomId, 'Lageplan.png', alice.userId)!.getContent();
    expect(image).toMatchObject({ msgtype: MsgType.Image, info: { mimetype: 'image/png', size: png.length, w: 640, h: 400, thumbnail_info: { mimetype: 'image/png' } } });
    expect(image.url).toBeUndefined();
    expect(Buffer.from(await downloadDecrypted(bob, image.file as EncryptedFile)).equals(png)).toBe(true);
    // The thumbnail was drawn in the page, encrypted too, and is what thumbnail_info says.
    const thumbnail = pngSize(await downloadDecrypted(bob, image.info.thumbnail_file as EncryptedFile));
    expect(thumbnail).toEqual({ width: image.info.thumbnail_info.w, height: image.info.thumbnail_info.h });
    expect(thumbnail!.width).toBeLessThanOrEqual(800);

    const report = randomBytes(5 * MiB);
    await page.locator('input[type="file"]').setInputFiles({ name: 'Gutachten.pdf', mimeType: 'application/pdf', buffer: report });
    await expect.poll(() => bobsCopy(bob, roomId, 'Gutachten.pdf', alice.userId)?.getContent().msgtype).toBe(MsgType.File);
    const file = bobsCopy(bob, roomId, 'Gutachten.pdf', alice.userId)!.getContent();
    expect(file.info).toEqual({ mimetype: 'application/pdf', size: report.length });
    expect(Buffer.from(await downloadDecrypted(bob, file.file as EncryptedFile)).equals(report)).toBe(true);

    // Alice sees her own image, decrypted into a blob: URL, and her file as a card.
    const log = page.getByRole('log');
    const ownImage = log.getByRole('img', { name: 'Lageplan.png' });
    await expect.poll(() => ownImage.getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => log.getByRole('button', { name: 'Save Gutachten.pdf' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it("shows the peer's image from a blob: URL and saves the peer's 5 MB file with identical bytes", async () => {
    const { page } = harness;
    const photo = gradientPng(300, 180);
    const minutes = randomBytes(5 * MiB);
    await sendEncryptedAttachment(bob, roomId, { name: 'Foto.png', mimetype: 'image/png', bytes: photo, image: { width: 300, height: 180 } });
    await sendEncryptedAttachment(bob, roomId, { name: 'Protokoll.pdf', mimetype: 'application/pdf', bytes: minutes });

    const log = page.getByRole('log');
    const shown = log.getByRole('img', { name: 'Foto.png' });
    await expect.poll(() => shown.getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([300, 180]);
    await log.getByRole('button', { name: 'Save Foto.png' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '“Foto.png” was saved.' }).count()).toBe(1);
    expect((await readFile(join(harness.adapters.saveDirectory, 'Foto.png'))).equals(photo)).toBe(true);

    const card = log.locator('article', { hasText: 'Protokoll.pdf' });
    await expect.poll(() => card.textContent()).toContain('5 MB');
    await card.getByRole('button', { name: 'Save Protokoll.pdf' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '“Protokoll.pdf” was saved.' }).count()).toBe(1);
    expect((await readFile(join(harness.adapters.saveDirectory, 'Protokoll.pdf'))).equals(minutes)).toBe(true);
  });

  it('neutralises a hostile file name on screen and in the name it suggests for saving', async () => {
    const { page } = harness;
    const hostile = `../../Rechnung\u202Efdp.exe\n${'x'.repeat(400)}.sh`;
    await sendEncryptedAttachment(bob, roomId, { name: hostile, mimetype: 'application/octet-stream', bytes: new Uint8Array([1, 2, 3]) });
    const card = page.getByRole('log').locator('article', { hasText: '.._.._Rechnungfdp.exe' });
    await expect.poll(() => card.count()).toBe(1);
    const shownName = (await card.locator('.name').textContent())!;
    expect(shownName).not.toMatch(/[\u202E\n/]/);
    expect([...shownName]).toHaveLength(120);
    expect(shownName.endsWith('….sh')).toBe(true);
    await card.getByRole('button', { name: /^Save / }).click();
    const savedAs = shownName.replace(/^\.+/, '');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'was saved.' }).last().textContent()).toContain('Rechnungfdp.exe');
    expect([...(await readFile(join(harness.adapters.saveDirectory, savedAs)))]).toEqual([1, 2, 3]);
    // Its real type (the last extension) was named before it was written.
    expect(harness.adapters.runnableConfirmations.at(-1)).toEqual({ name: savedAs, kind: 'script', extension: 'sh' });
  });

  it('names a program dressed as a PDF before saving it; cancelling writes nothing', async () => {
    const { page } = harness;
    const program = new Uint8Array([0x4d, 0x5a, 0x90, 0x00]);
    await sendEncryptedAttachment(bob, roomId, { name: 'invoice.pdf.exe', mimetype: 'application/pdf', bytes: program });
    const save = page.getByRole('log').getByRole('button', { name: 'Save invoice.pdf.exe' });
    await expect.poll(() => save.count()).toBe(1);
    const asked = harness.adapters.runnableConfirmations.length;
    const saved = join(harness.adapters.saveDirectory, 'invoice.pdf.exe');

    harness.adapters.confirmRunnableSaves = false;
    await save.click();
    await expect.poll(() => harness.adapters.runnableConfirmations.slice(asked)).toEqual([{ name: 'invoice.pdf.exe', kind: 'program', extension: 'exe' }]);
    await expect(readFile(saved)).rejects.toMatchObject({ code: 'ENOENT' });

    harness.adapters.confirmRunnableSaves = true;
    await save.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '“invoice.pdf.exe” was saved.' }).count()).toBe(1);
    expect([...(await readFile(saved))]).toEqual([...program]);
  });

  it('refuses a file above the limit with a visible message, before any upload request', async () => {
    const { page } = harness;
    const before = requests.length;
    await page.locator('input[type="file"]').setInputFiles({ name: 'Archiv.zip', mimeType: 'application/zip', buffer: Buffer.alloc(uploadLimit + MiB) });
    const alert = page.getByRole('alert').filter({ hasText: 'Archiv.zip' });
    await expect.poll(() => alert.textContent()).toContain('“Archiv.zip” (7 MB) was not sent: files may be at most 6 MB.');
    expect(requests.slice(before).filter((url) => url.includes('/upload'))).toEqual([]);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => alert.count()).toBe(0);
  });

  it('shows upload progress accessibly, and Cancel stops the upload so nothing is sent', async () => {
    const { page } = harness;
    // A slow uplink, so the upload is still under way when the person cancels.
    const network = await page.context().newCDPSession(page);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    try {
      await page.locator('input[type="file"]').setInputFiles({ name: 'Langsam.bin', mimeType: 'application/octet-stream', buffer: randomBytes(2 * MiB) });
      const progress = page.getByRole('progressbar', { name: 'Uploading Langsam.bin' });
      await progress.waitFor();
      expect(await page.getByRole('status').filter({ hasText: 'Uploading Langsam.bin' }).count()).toBe(1);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Cancel upload of Langsam.bin' }).click();
      await expect.poll(() => progress.count()).toBe(0);
    } finally {
      await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await network.detach();
    }
    // A message sent after the cancel arrives; the cancelled file never does, and no problem is shown.
    const composer = page.getByLabel('Message to Aktenaustausch');
    await composer.fill('Upload abgebrochen');
    await composer.press('Enter');
    await expect.poll(() => bobsCopy(bob, roomId, 'Upload abgebrochen', alice.userId)).toBeDefined();
    expect(bobsCopy(bob, roomId, 'Langsam.bin', alice.userId)).toBeUndefined();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('attaches files dropped onto the room and pasted into the composer, once confirmed', async () => {
    const { page } = harness;
    const question = page.getByRole('dialog', { name: 'Send this file?' });
    await page.getByRole('region', { name: 'Aktenaustausch' }).evaluate((room) => {
      const files = new DataTransfer();
      files.items.add(new File(['Vermerk vom Montag'], 'Vermerk.txt', { type: 'text/plain' }));
      room.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
      room.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    });
    await question.getByText('Vermerk.txt').waitFor();
    await question.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => question.count()).toBe(0);
    await page.getByLabel('Message to Aktenaustausch').evaluate((composer) => {
      const clipboard = new DataTransfer();
      clipboard.items.add(new File(['Notiz aus der Zwischenablage'], 'Notiz.txt', { type: 'text/plain' }));
      composer.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
    });
    await question.getByText('Notiz.txt').waitFor();
    // The focus is on Send, so Enter confirms.
    await page.keyboard.press('Enter');
    for (const [name, text] of [['Vermerk.txt', 'Vermerk vom Montag'], ['Notiz.txt', 'Notiz aus der Zwischenablage']] as const) {
      await expect.poll(() => bobsCopy(bob, roomId, name, alice.userId)?.getContent().file).toBeDefined();
      const content = bobsCopy(bob, roomId, name, alice.userId)!.getContent();
      expect(Buffer.from(await downloadDecrypted(bob, content.file as EncryptedFile)).toString()).toBe(text);
    }
  });
});
