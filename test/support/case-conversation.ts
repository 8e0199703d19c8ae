/**
 * The case conversation of issue #18's acceptance tests (search and records export): in
 * an encrypted room, one person (a peer client in Node) writes a Markdown message, a reply
 * to it, a message and then its edit, a message and then its redaction, an image, a file
 * and one message that cannot be decrypted (megolm ciphertext under a session nobody has).
 */
import { EventType, Method, MsgType, Preset, RelationType, type MatrixClient } from 'matrix-js-sdk';
import type { RoomMessageEventContent } from 'matrix-js-sdk/lib/types';
import { expect } from 'vitest';
import { sendEncryptedAttachment } from './attachments';
import { gradientPng } from './png';

/** German on purpose: the search folds "Poststraße" and finds "Bescheide" by "Bescheid". */
export const caseTexts = {
  markdown: '**Bescheid** zum Antrag aus der Poststraße: bitte _bis Montag_ prüfen',
  markdownHtml: '<strong>Bescheid</strong> zum Antrag aus der Poststraße: bitte <em>bis Montag</em> prüfen',
  reply: 'Die Bescheide gehen heute an die Antragsteller',
  beforeEdit: 'Ortstermin am Donnerstag im Rathaus',
  afterEdit: 'Ortstermin am Freitag im Rathaus',
  redacted: 'Versehentlich gesendet: Kennwort Kürbisfeld',
  imageName: 'Lageplan.png',
  fileName: 'Protokoll Übergabe.txt',
} as const;

export interface CaseMessage {
  readonly eventId: string;
  /** What a reader should find for it (the latest text of the edited one); null for the redacted and the undecryptable one. */
  readonly text: string | null;
  readonly kind: 'markdown' | 'reply' | 'edited' | 'redacted' | 'image' | 'file' | 'undecryptable';
}

export interface CaseConversation {
  readonly roomId: string;
  readonly events: {
    readonly markdown: string;
    readonly reply: string;
    /** The message that was edited (the edit is `edit`). */
    readonly edited: string;
    readonly edit: string;
    readonly redacted: string;
    readonly image: string;
    readonly file: string;
    readonly undecryptable: string;
  };
  /** The messages in the order they were sent (the edit is not a message of its own). */
  readonly messages: readonly CaseMessage[];
  readonly texts: typeof caseTexts;
  readonly image: { readonly name: string; readonly bytes: Uint8Array };
  readonly file: { readonly name: string; readonly bytes: Uint8Array };
}

/** An encrypted room `writer` creates and `invite` joins the way the test chooses (in the app, or as a peer). */
export async function caseRoom(
  writer: MatrixClient,
  options: { readonly name: string; readonly invite: string; readonly join: (roomId: string) => Promise<void> },
): Promise<string> {
  const { room_id: roomId } = await writer.createRoom({
    preset: Preset.PrivateChat,
    name: options.name,
    invite: [options.invite],
    initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
  await options.join(roomId);
  await expect.poll(() => writer.getRoom(roomId)?.getMember(options.invite)?.membership, { timeout: 30_000 }).toBe('join');
  return roomId;
}

/**
 * Sends the case conversation from `writer` into `roomId` (encrypted, its reader already
 * joined, so their devices get the keys); resolves once the writer has every event back.
 */
export async function seedCaseConversation(writer: MatrixClient, roomId: string): Promise<CaseConversation> {
  await expect.poll(() => writer.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
  // Replies and edits written out as the spec has them, not through the SDK's helpers.
  const send = async (content: RoomMessageEventContent) => (await writer.sendMessage(roomId, content)).event_id;
  const markdown = await send({ msgtype: MsgType.Text, body: caseTexts.markdown, format: 'org.matrix.custom.html', formatted_body: caseTexts.markdownHtml });
  const reply = await send({ msgtype: MsgType.Text, body: caseTexts.reply, 'm.relates_to': { 'm.in_reply_to': { event_id: markdown } } });
  const edited = await send({ msgtype: MsgType.Text, body: caseTexts.beforeEdit });
  const edit = await send({
    msgtype: MsgType.Text,
    body: `* ${caseTexts.afterEdit}`,
    'm.new_content': { msgtype: MsgType.Text, body: caseTexts.afterEdit },
    'm.relates_to': { rel_type: RelationType.Replace, event_id: edited },
  });
  const redacted = await send({ msgtype: MsgType.Text, body: caseTexts.redacted });
  await writer.redactEvent(roomId, redacted);
  const image = { name: caseTexts.imageName, bytes: new Uint8Array(gradientPng(64, 48)) };
  const imageId = await sendEncryptedAttachment(writer, roomId, { name: image.name, mimetype: 'image/png', bytes: image.bytes, image: { width: 64, height: 48 } });
  const file = { name: caseTexts.fileName, bytes: new TextEncoder().encode('Protokoll der Übergabe\nAnwesend: Erika, Jörg\n') };
  const fileId = await sendEncryptedAttachment(writer, roomId, { name: file.name, mimetype: 'text/plain', bytes: file.bytes });
  const undecryptable = await sendUndecryptable(writer, roomId);
  await expect.poll(() => writer.getRoom(roomId)?.findEventById(undecryptable) !== undefined).toBe(true);
  return {
    roomId,
    events: { markdown, reply, edited, edit, redacted, image: imageId, file: fileId, undecryptable },
    messages: [
      { eventId: markdown, text: caseTexts.markdown, kind: 'markdown' },
      { eventId: reply, text: caseTexts.reply, kind: 'reply' },
      { eventId: edited, text: caseTexts.afterEdit, kind: 'edited' },
      { eventId: redacted, text: null, kind: 'redacted' },
      { eventId: imageId, text: image.name, kind: 'image' },
      { eventId: fileId, text: file.name, kind: 'file' },
      { eventId: undecryptable, text: null, kind: 'undecryptable' },
    ],
    texts: caseTexts,
    image,
    file,
  };
}

/** A megolm event whose session no device has: every client shows it as undecryptable. */
async function sendUndecryptable(writer: MatrixClient, roomId: string): Promise<string> {
  const content = {
    algorithm: 'm.megolm.v1.aes-sha2',
    sender_key: 'bm9ib2R5a25vd3N0aGlzc2Vzc2lvbmtleWF0YWxsMQ',
    session_id: 'c2Vzc2lvbi10aGF0LXdhcy1uZXZlci1zaGFyZWQ',
    device_id: writer.getDeviceId() ?? 'UNKNOWN',
    ciphertext: 'AwgAEnACgAkLmt6qF84IK++J7UDH2Za1YVchHyprqTqs',
  };
  const path = `/rooms/${encodeURIComponent(roomId)}/send/${EventType.RoomMessageEncrypted}/${encodeURIComponent(`undecryptable-${Date.now()}`)}`;
  const { event_id: eventId } = await writer.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content);
  return eventId;
}
