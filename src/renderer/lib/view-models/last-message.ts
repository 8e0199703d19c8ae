/**
 * The newest message of a room as the room list previews it: who wrote it, its text
 * as one plain line (no formatting), or what it is when it has no text to show (an
 * image, a file, deleted, not decrypted yet), and when.
 */
import { EventType, MsgType, RelationType, type MatrixEvent } from 'matrix-js-sdk';
import { neutraliseLine } from '../content/display-text';
import { shownBody } from './timeline-items';

export interface LastMessage {
  readonly eventId: string;
  readonly timestamp: number;
  readonly own: boolean;
  /** The sender's name; null for the person's own messages and for the other person in a direct chat. */
  readonly senderName: string | null;
  readonly kind: 'text' | 'image' | 'file' | 'deleted' | 'encrypted';
  /** The text of a `text` message, neutralised; '' for the other kinds. */
  readonly text: string;
}

export interface LastMessageContext {
  readonly ownUserId: string;
  /** In a direct chat the other person's name is the room's name already. */
  readonly direct: boolean;
  /** A member's name as the list shows it. */
  readonly nameOf: (userId: string) => string;
}

/** How far back the list looks for a message past reactions, edits and state changes. */
const lookBack = 30;

const fileTypes = new Set<string>([MsgType.File, MsgType.Video, MsgType.Audio]);

/** The newest message among a room's live timeline events (oldest first), or null if none is near the end. */
export function lastMessageOf(events: readonly MatrixEvent[], context: LastMessageContext): LastMessage | null {
  for (let index = events.length - 1; index >= Math.max(0, events.length - lookBack); index--) {
    const event = events[index]!;
    const kind = previewKind(event);
    const eventId = event.getId();
    if (!kind || !eventId) continue;
    const senderId = event.getSender() ?? '';
    const own = senderId === context.ownUserId;
    const body = shownBody(event);
    return {
      eventId,
      timestamp: event.getTs(),
      own,
      senderName: own || context.direct ? null : context.nameOf(senderId),
      kind,
      text: kind === 'text' && body !== null ? neutraliseLine(body) : '',
    };
  }
  return null;
}

/** What an event shows as in the list, or null when it is no message of its own (reactions, edits, state). */
function previewKind(event: MatrixEvent): LastMessage['kind'] | null {
  // Relations travel unencrypted, so reactions and edits are skipped before they decrypt.
  if (event.isRelation(RelationType.Replace) || event.isRelation(RelationType.Annotation)) return null;
  const type = event.getType();
  const message = type === EventType.RoomMessage || type === EventType.Sticker || type === EventType.RoomMessageEncrypted;
  if (!message || event.isState()) return null;
  if (event.isRedacted()) return 'deleted';
  if (type === EventType.RoomMessageEncrypted || event.isDecryptionFailure()) return 'encrypted';
  if (type === EventType.Sticker) return 'image';
  const msgtype = String(event.getContent().msgtype ?? '');
  // A verification request's text is a fallback for clients that cannot verify.
  if (msgtype === 'm.key.verification.request') return null;
  if (msgtype === MsgType.Image) return 'image';
  return fileTypes.has(msgtype) ? 'file' : 'text';
}
