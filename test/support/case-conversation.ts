/**
 * The case conversation of issue #18's acceptance tests: in an encrypted room, a message
 * with Markdown, a reply, an edit, a redaction, an image, a file and one message that
 * cannot be decrypted, all sent by one peer (a real matrix-js-sdk client) to Synapse.
 */
import { randomBytes } from 'node:crypto';
import { EventType, Method, MsgType, RelationType, type IContent, type MatrixClient } from 'matrix-js-sdk';
import type { RoomMessageEventContent } from 'matrix-js-sdk/lib/types';
import { expect } from 'vitest';
import { sendEncryptedAttachment } from './attachments';
import { gradientPng } from './png';

export interface CaseMessage {
  readonly eventId: string;
  /** What a reader should find for it; null for the undecryptable one. */
  readonly text: string | null;
  readonly kind: 'markdown' | 'reply' | 'edited' | 'redacted' | 'image' | 'file' | 'undecryptable';
}

export interface CaseConversation {
  readonly roomId: string;
  /** The messages in the order they were sent (edits and the redaction are not messages of their own). */
  readonly messages: readonly CaseMessage[];
  readonly editEventId: string;
  readonly image: { readonly name: string; readonly bytes: Uint8Array };
  readonly file: { readonly name: string; readonly bytes: Uint8Array };
}

const base64 = (bytes: number) => randomBytes(bytes).toString('base64').replace(/=+$/, '');

/**
 * Sends the case conversation from `sender` into `roomId` (encrypted, with its reader
 * already joined); resolves once the sender's client has every event back from the server.
 */
export async function seedCaseConversation(sender: MatrixClient, roomId: string): Promise<CaseConversation> {
  await expect.poll(() => sender.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
  // Replies and edits written out as the spec has them, not through the SDK's helpers.
  const send = async (content: IContent) => (await sender.sendMessage(roomId, content as RoomMessageEventContent)).event_id;

  const markdown = await send({
    msgtype: MsgType.Text,
    body: 'Die **Übergabe** der Akte ist um 14 Uhr.',
    format: 'org.matrix.custom.html',
    formatted_body: 'Die <strong>Übergabe</strong> der Akte ist um 14 Uhr.',
  });
  const replyText = 'Einverstanden, ich bringe die Unterlagen mit.';
  const reply = await send({ msgtype: MsgType.Text, body: replyText, 'm.relates_to': { 'm.in_reply_to': { event_id: markdown } } });
  const edited = await send({ msgtype: MsgType.Text, body: 'Treffpunkt ist Raum 101.' });
  const editEventId = await send({
    msgtype: MsgType.Text,
    body: '* Treffpunkt ist Raum 204.',
    'm.new_content': { msgtype: MsgType.Text, body: 'Treffpunkt ist Raum 204.' },
    'm.relates_to': { rel_type: RelationType.Replace, event_id: edited },
  });
  const redacted = await send({ msgtype: MsgType.Text, body: 'Versehentlich in den falschen Raum geschrieben.' });
  await sender.redactEvent(roomId, redacted);
  const image = { name: 'Lageskizze.png', bytes: new Uint8Array(gradientPng(64, 48)) };
  const imageId = await sendEncryptedAttachment(sender, roomId, { name: image.name, mimetype: 'image/png', bytes: image.bytes, image: { width: 64, height: 48 } });
  const file = { name: 'Protokoll Übergabe.txt', bytes: new TextEncoder().encode('Protokoll der Übergabe\nAnwesend: Erika, Jörg\n') };
  const fileId = await sendEncryptedAttachment(sender, roomId, { name: file.name, mimetype: 'text/plain', bytes: file.bytes });
  // Megolm ciphertext for a session nobody has the key to: every reader sees it as undecryptable.
  const { event_id: undecryptable } = await sender.http.authedRequest<{ event_id: string }>(
    Method.Put,
    `/rooms/${encodeURIComponent(roomId)}/send/${EventType.RoomMessageEncrypted}/${base64(12).replace(/[+/]/g, 'x')}`,
    undefined,
    { algorithm: 'm.megolm.v1.aes-sha2', sender_key: base64(32), session_id: base64(32), device_id: sender.getDeviceId(), ciphertext: base64(120) },
  );
  await expect.poll(() => sender.getRoom(roomId)?.findEventById(undecryptable) !== undefined).toBe(true);
  return {
    roomId,
    messages: [
      { eventId: markdown, text: 'Die **Übergabe** der Akte ist um 14 Uhr.', kind: 'markdown' },
      { eventId: reply, text: replyText, kind: 'reply' },
      { eventId: edited, text: 'Treffpunkt ist Raum 204.', kind: 'edited' },
      { eventId: redacted, text: null, kind: 'redacted' },
      { eventId: imageId, text: image.name, kind: 'image' },
      { eventId: fileId, text: file.name, kind: 'file' },
      { eventId: undecryptable, text: null, kind: 'undecryptable' },
    ],
    editEventId,
    image,
    file,
  };
}
