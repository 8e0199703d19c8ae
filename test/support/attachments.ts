/**
 * Attachments as another client handles them, written from the spec and
 * independent of Depesche's own code: authenticated media download, and
 * matrix-encrypt-attachment's Node implementation (which checks the hash).
 */
import { MsgType, type MatrixClient } from 'matrix-js-sdk';
import type { EncryptedFile, FileContent, ImageContent } from 'matrix-js-sdk/lib/types';
import { decryptAttachment, encryptAttachment } from 'matrix-encrypt-attachment';

/** The stored bytes of an mxc URI, as the server hands them out (ciphertext for encrypted media). */
export async function downloadStored(client: MatrixClient, mxc: string): Promise<Uint8Array> {
  const url = client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
  const response = await fetch(url!, { headers: { Authorization: `Bearer ${client.getAccessToken()}` } });
  if (!response.ok) throw new Error(`download of ${mxc} failed: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Downloads and decrypts an encrypted attachment; throws if its hash does not match. */
export async function downloadDecrypted(client: MatrixClient, file: EncryptedFile): Promise<Uint8Array> {
  const ciphertext = await downloadStored(client, file.url);
  return new Uint8Array(await decryptAttachment(ciphertext.buffer as ArrayBuffer, file));
}

export interface PeerAttachment {
  readonly name: string;
  readonly mimetype: string;
  readonly bytes: Uint8Array;
  /** Sends `m.image` with these dimensions (and a PNG thumbnail if given); otherwise `m.file`. */
  readonly image?: {
    readonly width: number;
    readonly height: number;
    readonly thumbnail?: { readonly bytes: Uint8Array; readonly width: number; readonly height: number };
  };
}

/** Encrypts, uploads and sends an attachment to an encrypted room, as Element does; resolves with the event id. */
export async function sendEncryptedAttachment(client: MatrixClient, roomId: string, attachment: PeerAttachment): Promise<string> {
  const file = await uploadEncrypted(client, attachment.bytes);
  const basics = { body: attachment.name, filename: attachment.name, file };
  const sizeAndType = { mimetype: attachment.mimetype, size: attachment.bytes.byteLength };
  const thumbnail = attachment.image?.thumbnail;
  const thumbnailInfo = thumbnail && {
    thumbnail_file: await uploadEncrypted(client, thumbnail.bytes),
    thumbnail_info: { mimetype: 'image/png', size: thumbnail.bytes.byteLength, w: thumbnail.width, h: thumbnail.height },
  };
  const content: ImageContent | FileContent = attachment.image
    ? { msgtype: MsgType.Image, ...basics, info: { ...sizeAndType, w: attachment.image.width, h: attachment.image.height, ...thumbnailInfo } }
    : { msgtype: MsgType.File, ...basics, info: sizeAndType };
  const { event_id: eventId } = await client.sendMessage(roomId, content);
  return eventId;
}

async function uploadEncrypted(client: MatrixClient, bytes: Uint8Array): Promise<EncryptedFile> {
  // A copy: a Node Buffer's .buffer may be a shared pool.
  const { data, info } = await encryptAttachment(new Uint8Array(bytes).buffer);
  const { content_uri: url } = await client.uploadContent(new Blob([data]), { type: 'application/octet-stream', includeFilename: false });
  return { ...info, v: 'v2', hashes: { sha256: info.hashes!.sha256! }, url };
}
