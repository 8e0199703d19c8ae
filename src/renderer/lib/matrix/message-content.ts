/**
 * The event content Depesche sends for messages, replies, edits and reactions,
 * following the Matrix spec (v1.13: replies without fallback, edits with
 * `m.new_content`, reactions as `m.annotation`).
 */
import { MsgType, RelationType } from 'matrix-js-sdk';
import type { RoomMessageEventContent } from 'matrix-js-sdk/lib/types';

/** What the composer produced: the plain text body and, for Markdown, its HTML. */
export interface RenderedText {
  readonly body: string;
  readonly formattedBody: string | null;
}

type Msgtype = MsgType.Text | MsgType.Emote | MsgType.Notice;
interface TextContent {
  msgtype: Msgtype;
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
}

// The SDK's content type is a union over every relation shape; each builder below
// produces exactly one of them, so its result is declared as the union at the end.

function plainContent({ body, formattedBody }: RenderedText, msgtype: Msgtype): TextContent {
  return formattedBody === null
    ? { msgtype, body }
    : { msgtype, body, format: 'org.matrix.custom.html', formatted_body: formattedBody };
}

export function messageContent(text: RenderedText): RoomMessageEventContent {
  return plainContent(text, MsgType.Text);
}

/** A reply names its original and mentions its sender, so they are notified. */
export function replyContent(text: RenderedText, original: { eventId: string; senderId: string }): RoomMessageEventContent {
  return {
    ...plainContent(text, MsgType.Text),
    'm.mentions': { user_ids: [original.senderId] },
    'm.relates_to': { 'm.in_reply_to': { event_id: original.eventId } },
  } as RoomMessageEventContent;
}

/**
 * An edit replaces the original's content; clients without edit support show the
 * `* ` body. The message type (text or emote) stays that of the original.
 */
export function editContent(text: RenderedText, originalEventId: string, msgtype: Msgtype = MsgType.Text): RoomMessageEventContent {
  const replacement = plainContent(text, msgtype);
  const fallback = plainContent(
    { body: `* ${text.body}`, formattedBody: text.formattedBody === null ? null : `* ${text.formattedBody}` },
    msgtype,
  );
  return {
    ...fallback,
    'm.new_content': replacement,
    'm.relates_to': { rel_type: RelationType.Replace, event_id: originalEventId },
  } as RoomMessageEventContent;
}

export function reactionContent(eventId: string, key: string) {
  return { 'm.relates_to': { rel_type: RelationType.Annotation, event_id: eventId, key } } as const;
}
