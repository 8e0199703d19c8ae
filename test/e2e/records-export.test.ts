/**
 * Export for the files (issue #18): the case conversation exported from the room's menu
 * into one xdomea package, unpacked and checked with the tools a records office has:
 * xmllint against the published xdomea 3.1.0 schemas, pdftotext on the PDF, SHA-256 of
 * every part against the manifest. And `export.enabled: false`: no control, main refuses.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventType, Preset, type MatrixClient } from 'matrix-js-sdk';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { utcTime } from '../../src/renderer/lib/records/case-record';
import { seedCaseConversation, type CaseConversation } from '../support/case-conversation';
import { signIn } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { startPeer } from '../support/peer-client';
import { accessibleInEveryScheme } from '../support/schemes';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';
import { xdomeaSchema } from '../support/xdomea-schema';

const synapse = inject('synapse');
const run = promisify(execFile);

interface CaseRoom {
  readonly alice: RegisteredUser;
  readonly bob: MatrixClient;
  readonly conversation: CaseConversation;
}

/** Alice in the app and Bob on Node in an encrypted room; `prepare` (in the test: it polls) has Bob send the case conversation. */
function caseRoom(machinePolicy: Record<string, unknown> = {}) {
  const harness = pagePerFile({ secretStorage: 'memory', machinePolicy });
  let bobClient: MatrixClient | undefined;
  const prepare = async (): Promise<CaseRoom> => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bob = (bobClient = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob'))));
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Übergabe Lagezentrum',
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Übergabe Lagezentrum' }).waitFor();
    await expect.poll(() => bob.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    const conversation = await seedCaseConversation(bob, roomId);
    await page.getByRole('log').getByText(conversation.file.name).first().waitFor({ timeout: 30_000 });
    return { alice, bob, conversation };
  };
  afterAll(() => bobClient?.stopClient());
  return { harness, prepare };
}

async function openRoomMenu(page: Page) {
  await page.getByRole('button', { name: 'Room options' }).click();
  return page.getByRole('menu');
}

describe('exporting the case conversation for the files', () => {
  const { harness, prepare } = caseRoom();

  it('writes one zip with a valid xdomea 0401 message, the PDF, the attachments, the raw events and a manifest', async () => {
    const { page, adapters } = harness();
    const { conversation, bob, alice } = await prepare();
    await (await openRoomMenu(page)).getByRole('menuitem', { name: 'Export for the files…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export for the files' });
    await dialog.waitFor();
    await accessibleInEveryScheme(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });

    await dialog.getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Enter the file reference.');
    await dialog.getByLabel('File reference').fill('Az. 12-345/2026');
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Übergabe Lagezentrum');
    await dialog.getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/^Saved as [0-9a-f-]{36}_Abgabe\.Abgabe\.0401\.zip\./);
    expect(await dialog.getByRole('status').textContent()).toContain('Messages: 7 · attachments: 2 · could not be decrypted (listed as such): 1');

    const [zipName] = await readdir(adapters.saveDirectory);
    const files = unzipSync(new Uint8Array(await readFile(join(adapters.saveDirectory, zipName!))));
    const names = Object.keys(files);
    const processId = zipName!.slice(0, 36);

    // The manifest names every other part with its SHA-256, and each matches.
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { parts: { name: string; role: string; bytes: number; sha256: string }[] };
    expect(manifest.parts.map(({ name }) => name).sort()).toEqual(names.filter((name) => name !== 'manifest.json' && name !== 'SHA256SUMS').sort());
    for (const part of manifest.parts) {
      expect({ name: part.name, sha256: createHash('sha256').update(files[part.name]!).digest('hex'), bytes: files[part.name]!.byteLength }).toEqual({
        name: part.name,
        sha256: part.sha256,
        bytes: part.bytes,
      });
    }
    const checksums = new TextDecoder().decode(files.SHA256SUMS);
    expect(checksums.trim().split('\n')).toHaveLength(manifest.parts.length);

    // The xdomea message: valid against the published schemas.
    const directory = await mkdtemp(join(tmpdir(), 'depesche-xdomea-'));
    const xmlName = `${processId}_Abgabe.Abgabe.0401.xml`;
    await writeFile(join(directory, xmlName), files[xmlName]!);
    const validation = await run('xmllint', ['--noout', '--schema', xdomeaSchema, join(directory, xmlName)]);
    expect(validation.stderr).toContain('validates');
    const xml = new TextDecoder().decode(files[xmlName]);
    expect(xml).toContain('<xdomea:Kennzeichen>Az. 12-345/2026</xdomea:Kennzeichen>');
    expect(xml).toContain('7 Nachrichten, davon 1 nicht entschlüsselbar');
    const pdfName = manifest.parts.find(({ role }) => role === 'conversation')!.name;
    for (const part of manifest.parts.filter(({ role }) => role !== 'xdomea')) expect(xml).toContain(`<xdomea:Dateiname>${part.name}</xdomea:Dateiname>`);

    // The attachments, byte for byte as Bob sent them.
    const attachments = manifest.parts.filter(({ role }) => role === 'attachment');
    expect(attachments.map(({ name }) => name.slice(37))).toEqual([conversation.image.name, conversation.file.name]);
    expect(files[attachments[0]!.name]).toEqual(conversation.image.bytes);
    expect(files[attachments[1]!.name]).toEqual(conversation.file.bytes);

    // The PDF: every message in order, with its sender and time; the edit's versions, the deletion, the undecryptable one.
    await writeFile(join(directory, 'conversation.pdf'), files[pdfName]!);
    const { stdout } = await run('pdftotext', [join(directory, 'conversation.pdf'), '-']);
    const text = stdout.replace(/\s+/g, ' ');
    const room = bob.getRoom(conversation.roomId)!;
    let position = text.indexOf('Conversation');
    expect(position).toBeGreaterThan(0);
    const bobsName = room.getMember(bob.getSafeUserId())!.name;
    conversation.messages.forEach((message, index) => {
      const sent = room.findEventById(message.eventId)!;
      for (const expected of [`${index + 1}. ${bobsName} (${bob.getSafeUserId()})`, utcTime(sent.getTs()), message.eventId]) {
        const found = text.indexOf(expected, position);
        expect({ message: message.kind, expected, found: found > 0 }).toEqual({ message: message.kind, expected, found: true });
        position = found;
      }
      if (message.text) {
        const found = text.indexOf(message.text, position);
        expect({ message: message.kind, text: message.text, found: found > 0 }).toEqual({ message: message.kind, text: message.text, found: true });
        position = found;
      }
    });
    expect(text).toContain(conversation.texts.beforeEdit);
    expect(text).toContain(`Deleted by ${bob.getSafeUserId()}`);
    expect(text).not.toContain('Versehentlich');
    const undecryptable = conversation.messages.find(({ kind }) => kind === 'undecryptable')!;
    expect(text.slice(text.indexOf(undecryptable.eventId))).toContain('This message could not be decrypted.');
    expect(text).toContain(`Exported by`);
    expect(text).toContain(`(${alice.userId})`);
    expect(text).toContain('File reference: Az. 12-345/2026');

    // The raw events: the decrypted messages, the edit, and the undecryptable one marked as such.
    const events = JSON.parse(new TextDecoder().decode(files[manifest.parts.find(({ role }) => role === 'events')!.name])) as { event_id: string; depesche_undecryptable?: string }[];
    expect(events.map(({ event_id }) => event_id)).toEqual(expect.arrayContaining([...conversation.messages.map(({ eventId }) => eventId), conversation.events.edit]));
    expect(events.find(({ event_id }) => event_id === undecryptable.eventId)?.depesche_undecryptable).toBeTruthy();

    // Main logged the export, not what it held.
    const logs = (await Promise.all((await harness().logFiles()).map((file) => readFile(file, 'utf8')))).join('\n');
    expect(logs).toContain(`Records export of room ${conversation.roomId} (range: 7 messages, 1 undecryptable, 2 attachments`);
    expect(logs).not.toContain('Übergabe');
    expect(logs).not.toContain('Ortstermin');

    // Single messages: the days' messages listed to pick from, all ticked at first; the package holds the picked ones.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await (await openRoomMenu(page)).getByRole('menuitem', { name: 'Export for the files…' }).click();
    await dialog.getByRole('button', { name: 'Choose single messages…' }).click();
    const choice = dialog.getByRole('group', { name: /^Messages to export/ });
    await expect.poll(() => choice.getByRole('checkbox').count(), { timeout: 30_000 }).toBe(7);
    expect(await choice.getByRole('checkbox', { checked: true }).count()).toBe(7);
    expect(await choice.getByText('Could not be decrypted (listed as such)').count()).toBe(1);
    await accessibleInEveryScheme(page);
    for (const box of await choice.getByRole('checkbox').all()) {
      const label = (await box.evaluate((element) => element.closest('label')?.textContent)) ?? '';
      if (!label.includes(conversation.texts.reply) && !label.includes(conversation.texts.afterEdit)) await box.uncheck();
    }
    expect(await dialog.getByRole('group', { name: 'Messages to export (2 of 7)' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 60_000 }).toContain('Messages: 2 · attachments: 0 · could not be decrypted (listed as such): 0');
    const second = (await readdir(adapters.saveDirectory)).find((name) => name !== zipName)!;
    const picked = unzipSync(new Uint8Array(await readFile(join(adapters.saveDirectory, second))));
    const pdf = picked[Object.keys(picked).find((name) => name.endsWith('.pdf'))!]!;
    await writeFile(join(directory, 'selection.pdf'), pdf);
    const { stdout: selectionText } = await run('pdftotext', [join(directory, 'selection.pdf'), '-']);
    expect(selectionText.replace(/\s+/g, ' ')).toContain('Scope: 2 selected messages');
    expect(selectionText.replace(/\s+/g, ' ')).toContain(conversation.texts.afterEdit);
    expect(selectionText).not.toContain(conversation.texts.fileName);
    // Seeding, axe in three schemes and the PDF's font subset take minutes on a busy machine.
  }, 300_000);
});

describe('export.enabled: false', () => {
  const { harness, prepare } = caseRoom({ 'export.enabled': false });

  it('offers no export in the room menu, and main refuses the bridge call', async () => {
    await prepare();
    const { page, adapters } = harness();
    const menu = await openRoomMenu(page);
    await menu.getByRole('menuitem', { name: 'Room details…' }).waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).not.toContain('Export for the files…');
    await page.keyboard.press('Escape');
    const answer = await page.evaluate(() =>
      window.depesche.records.save({
        suggestedName: 'akte.zip',
        bytes: new Uint8Array([80, 75, 5, 6]),
        summary: { roomId: '!raum:localhost', scope: 'range', messages: 1, undecryptable: 0, attachments: 0 },
      }),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'policy-forbidden' } });
    expect(await readdir(adapters.saveDirectory)).toEqual([]);
  });
});
