import { randomBytes } from 'node:crypto';
import { resolveObjectURL } from 'node:buffer';
import { EventType, MsgType, Preset, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import type { EncryptedFile } from 'matrix-js-sdk/lib/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolvePolicy } from '../../src/shared/policy';
import { attachmentOf } from '../../src/renderer/lib/matrix/attachment-content';
import type { ImageFacts } from '../../src/renderer/lib/matrix/attachment-upload';
import { MediaLoader } from '../../src/renderer/lib/matrix/media';
import { AttachmentsViewModel, filePolicyOf, type FilesPort } from '../../src/renderer/lib/view-models/attachments-view-model';
import { downloadDecrypted, downloadStored } from '../support/attachments';
import { waitFor } from '../support/matrix-api';
import { startPeer } from '../support/peer-client';
import { gradientPng, pngSize } from '../support/png';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

/** What the renderer's canvas does, for PNGs in Node: the size from the header, a smaller PNG as thumbnail. */
async function readPng(file: Blob): Promise<ImageFacts | null> {
  const size = pngSize(new Uint8Array(await file.arrayBuffer()));
  return size && { ...size, thumbnail: { blob: new Blob([new Uint8Array(gradientPng(40, 25))], { type: 'image/png' }), width: 40, height: 25 } };
}

/** The real fetch, with a record of the requests that reached for the upload endpoint. */
function recordingFetch() {
  const uploads: { url: string; signal: AbortSignal | null }[] = [];
  const waiting: (() => void)[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    const url = String(input);
    if (url.includes('/upload')) {
      uploads.push({ url, signal: init?.signal ?? null });
      waiting.splice(0).forEach((resolve) => resolve());
    }
    return fetch(input, init);
  };
  /** Resolves as soon as the next upload request is on its way. */
  const nextUpload = () => new Promise<void>((resolve) => waiting.push(resolve));
  return { uploads, nextUpload, fetchFn };
}

function files(policy: unknown = {}): FilesPort & { saved: [string, Uint8Array][] } {
  const saved: [string, Uint8Array][] = [];
  return {
    saved,
    filePolicy: async () => filePolicyOf(resolvePolicy({ machine: policy })),
    saveFile: async (name, bytes) => {
      saved.push([name, bytes]);
      return 'saved';
    },
  };
}

/** A message of this msgtype from `sender` in the room, once the client has it decrypted. */
function received(client: MatrixClient, roomId: string, msgtype: MsgType, sender: string): MatrixEvent | undefined {
  return client
    .getRoom(roomId)
    ?.getLiveTimeline()
    .getEvents()
    .find((event) => event.getType() === EventType.RoomMessage && event.getSender() === sender && event.getContent().msgtype === msgtype);
}

async function bytesOf(url: string | null): Promise<Uint8Array | null> {
  const blob = url ? resolveObjectURL(url) : undefined;
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

describe('attachments against Synapse', () => {
  let alice: MatrixClient;
  let bob: MatrixClient;
  const record = recordingFetch();
  let roomId: string;

  beforeAll(async () => {
    alice = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('alice')), { fetchFn: record.fetchFn });
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    ({ room_id: roomId } = await alice.createRoom({
      preset: Preset.PrivateChat,
      invite: [bob.getSafeUserId()],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
    await waitFor(async () => (bob.getRoom(roomId)?.getMyMembership() === 'invite' ? true : null), "Bob's invitation");
    await bob.joinRoom(roomId);
    await waitFor(async () => (alice.getRoom(roomId)?.getJoinedMemberCount() === 2 ? true : null), 'Bob in the room');
  });
  afterAll(() => {
    alice.stopClient();
    bob.stopClient();
  });

  it('sends an encrypted image with thumbnail and a file that the other side decrypts byte for byte', async () => {
    const attachments = new AttachmentsViewModel(alice, new MediaLoader(alice), files(), readPng);
    const png = new Uint8Array(gradientPng(320, 200));
    const pdf = new Uint8Array(randomBytes(300_000));
    await attachments.send(roomId, [new File([png], 'Stempel.png', { type: 'image/png' }), new File([pdf], 'Akte 17.pdf', { type: 'application/pdf' })]);
    expect(attachments.value).toMatchObject({ uploads: [], notice: null });

    await expect.poll(() => received(bob, roomId, MsgType.Image, alice.getSafeUserId())?.isEncrypted()).toBe(true);
    const image = received(bob, roomId, MsgType.Image, alice.getSafeUserId())!.getContent();
    expect(image).toMatchObject({ body: 'Stempel.png', info: { mimetype: 'image/png', size: png.byteLength, w: 320, h: 200, thumbnail_info: { mimetype: 'image/png', w: 40, h: 25 } } });
    expect(image.url).toBeUndefined();
    expect(image.info.thumbnail_url).toBeUndefined();
    expect(await downloadDecrypted(bob, image.file as EncryptedFile)).toEqual(png);
    expect(pngSize(await downloadDecrypted(bob, image.info.thumbnail_file as EncryptedFile))).toEqual({ width: 40, height: 25 });
    // The server holds ciphertext only.
    expect(await downloadStored(bob, (image.file as EncryptedFile).url)).not.toEqual(png);

    await expect.poll(() => received(bob, roomId, MsgType.File, alice.getSafeUserId())).toBeDefined();
    const file = received(bob, roomId, MsgType.File, alice.getSafeUserId())!.getContent();
    expect(file).toMatchObject({ body: 'Akte 17.pdf', filename: 'Akte 17.pdf', info: { mimetype: 'application/pdf', size: pdf.byteLength } });
    expect(await downloadDecrypted(bob, file.file as EncryptedFile)).toEqual(pdf);

    // And Depesche's receiving side: the picture into a blob: URL, the file for saving, both decrypted.
    const bobsMedia = new MediaLoader(bob);
    const shownImage = attachmentOf(image)!;
    expect(shownImage).toMatchObject({ kind: 'image', name: 'Stempel.png', width: 320, height: 200 });
    expect(pngSize((await bytesOf(await bobsMedia.picture(shownImage.preview!)))!)).toEqual({ width: 40, height: 25 });
    expect(await bytesOf(await bobsMedia.picture(shownImage.media))).toEqual(png);
    const saving = files();
    await new AttachmentsViewModel(bob, bobsMedia, saving, readPng).save(attachmentOf(file)!);
    expect(saving.saved).toEqual([['Akte 17.pdf', pdf]]);
    bobsMedia.dispose();
  });

  it('uploads in the clear, with a url, in a room without encryption', async () => {
    const { room_id: openRoom } = await alice.createRoom({ preset: Preset.PublicChat });
    await waitFor(async () => alice.getRoom(openRoom) ?? null, 'the open room');
    const attachments = new AttachmentsViewModel(alice, new MediaLoader(alice), files(), readPng);
    const text = new TextEncoder().encode('Aushang: Sprechzeiten');
    await attachments.send(openRoom, [new File([text], 'Aushang.txt', { type: 'text/plain' })]);
    const sentEvent = () => alice.getRoom(openRoom)!.getLiveTimeline().getEvents().find((event) => event.getContent().body === 'Aushang.txt');
    await expect.poll(sentEvent).toBeDefined();
    const sent = sentEvent()!;
    expect(sent.isEncrypted()).toBe(false);
    expect(sent.getContent()).toMatchObject({ msgtype: MsgType.File, info: { mimetype: 'text/plain', size: text.byteLength } });
    expect(sent.getContent().file).toBeUndefined();
    expect(await downloadStored(bob, sent.getContent().url)).toEqual(text);
  });

  it('refuses an attachment whose ciphertext does not match its hash', async () => {
    const image = received(bob, roomId, MsgType.Image, alice.getSafeUserId())!.getContent();
    const tampered = attachmentOf({ ...image, file: { ...image.file, hashes: { sha256: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } } })!;
    const media = new MediaLoader(bob);
    expect(await media.picture(tampered.media)).toBeNull();
    expect(await media.file(tampered.media)).toBeNull();
    media.dispose();
  });

  it('refuses a file over the policy limit or the server limit before any upload request', async () => {
    const before = record.uploads.length;
    const overPolicy = new AttachmentsViewModel(alice, new MediaLoader(alice), files({ 'uploads.maxBytes': 1000 }), readPng);
    await overPolicy.send(roomId, [new File([new Uint8Array(1001)], 'zu groß.bin')]);
    expect(overPolicy.value.notice).toEqual({ kind: 'too-large', name: 'zu groß.bin', size: 1001, limit: 1000 });

    const serverLimit = (await alice.getMediaConfig(true))['m.upload.size']!;
    const overServer = new AttachmentsViewModel(alice, new MediaLoader(alice), files(), readPng);
    await overServer.send(roomId, [new File([new Uint8Array(serverLimit + 1)], 'Archiv.zip')]);
    expect(overServer.value.notice).toEqual({ kind: 'too-large', name: 'Archiv.zip', size: serverLimit + 1, limit: serverLimit });
    expect(record.uploads.length).toBe(before);
  });

  it('stops an upload in flight when cancelled, and sends nothing', async () => {
    const attachments = new AttachmentsViewModel(alice, new MediaLoader(alice), files(), readPng);
    const started = record.nextUpload();
    const sending = attachments.send(roomId, [new File([new Uint8Array(40 * 1024 * 1024)], 'Großakte.bin')]);
    await started;
    expect(attachments.value.uploads).toMatchObject([{ name: 'Großakte.bin', stage: 'uploading' }]);
    attachments.cancel(attachments.value.uploads[0]!.id);
    await sending;
    expect(record.uploads.at(-1)!.signal?.aborted).toBe(true);
    expect(attachments.value).toMatchObject({ uploads: [], notice: null });
    // A marker sent afterwards arrives; the cancelled file never does.
    await alice.sendTextMessage(roomId, 'nach dem Abbruch');
    await expect.poll(() => bob.getRoom(roomId)?.getLiveTimeline().getEvents().some((event) => event.getContent().body === 'nach dem Abbruch')).toBe(true);
    expect(bob.getRoom(roomId)!.getLiveTimeline().getEvents().filter((event) => event.getContent().body === 'Großakte.bin')).toEqual([]);
  });

  it('saves nothing when policy disables downloads', async () => {
    const image = received(bob, roomId, MsgType.Image, alice.getSafeUserId())!.getContent();
    const saving = files({ 'downloads.enabled': false });
    const attachments = new AttachmentsViewModel(bob, new MediaLoader(bob), saving, readPng);
    await attachments.save(attachmentOf(image)!);
    expect(attachments.value.downloadsEnabled).toBe(false);
    expect(saving.saved).toEqual([]);
  });
});
