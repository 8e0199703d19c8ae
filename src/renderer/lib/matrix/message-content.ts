/**
 * The event content Depesche sends for messages, replies, edits and reactions,
 * following the Matrix spec (v1.13: replies without fallback, edits with
 * `m.new_content`, reactions as `m.annotation`, intentional mentions in `m.mentions`).
 */
import { MsgType, RelationType } from 'matrix-js-sdk';
import type { RoomMessageEventContent } from 'matrix-js-sdk/lib/types';
import { parseMatrixToLink } from './matrix-to-link';

/** What the composer produced: the plain text body and, for Markdown, its HTML. */
export interface RenderedText {
  readonly body: string;
  readonly formattedBody: string | null;
}

type Msgtype = MsgType.Text | MsgType.Emote | MsgType.Notice;
interface Mentions {
  user_ids?: string[];
}
interface TextContent {
  msgtype: Msgtype;
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
  'm.mentions': Mentions;
}

// The sanitiser serialises every attribute in double quotes, with these characters escaped.
const linkTarget = /<a\s[^>]*?\bhref="([^"]*)"/g;
const entities: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };

/** The people a message's HTML links to by their matrix.to permalink: the pills it shows. */
export function mentionedUserIds(html: string | null): string[] {
  const userIds = [...(html ?? '').matchAll(linkTarget)].flatMap(([, href]) => {
    const target = parseMatrixToLink(href!.replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => entities[entity]!));
    return target?.kind === 'user' ? [target.userId] : [];
  });
  return [...new Set(userIds)];
}

// Always present, empty too: the spec's recommendation, so that the old rules that notify
// whoever's name appears in the body do not apply.
function mentions(userIds: readonly string[]): Mentions {
  return userIds.length > 0 ? { user_ids: [...new Set(userIds)] } : {};
}

// The SDK's content type is a union over every relation shape; each builder below
// produces exactly one of them, so its result is declared as the union at the end.

function plainContent({ body, formattedBody }: RenderedText, msgtype: Msgtype, mentioned = mentionedUserIds(formattedBody)): TextContent {
  return formattedBody === null
    ? { msgtype, body, 'm.mentions': mentions(mentioned) }
    : { msgtype, body, format: 'org.matrix.custom.html', formatted_body: formattedBody, 'm.mentions': mentions(mentioned) };
}

export function messageContent(text: RenderedText): RoomMessageEventContent {
  return plainContent(text, MsgType.Text);
}

/**
 * A reply names its original and mentions its sender, so they are notified, besides anyone
 * it links to; never the person replying (answering one's own message notifies nobody).
 */
export function replyContent(text: RenderedText, original: { eventId: string; senderId: string }, ownUserId: string): RoomMessageEventContent {
  const mentioned = [original.senderId, ...mentionedUserIds(text.formattedBody)].filter((userId) => userId !== ownUserId);
  return {
    ...plainContent(text, MsgType.Text, mentioned),
    'm.relates_to': { 'm.in_reply_to': { event_id: original.eventId } },
  } as RoomMessageEventContent;
}

/**
 * An edit replaces the original's content; clients without edit support show the
 * `* ` body. The message type (text or emote) stays that of the original.
 * `m.new_content` names everyone the message now mentions; the edit itself only those it
 * adds, so nobody is notified again for each correction (spec: edits of events with
 * mentions). `original` is the message's current content: whom it mentioned without a
 * pill (the sender of the message it replies to) stays mentioned.
 */
export function editContent(
  text: RenderedText,
  originalEventId: string,
  msgtype: Msgtype = MsgType.Text,
  original: Readonly<Record<string, unknown>> = {},
): RoomMessageEventContent {
  const before = mentionsIn(original);
  const linkedBefore = mentionedUserIds(original.format === 'org.matrix.custom.html' && typeof original.formatted_body === 'string' ? original.formatted_body : null);
  const now = [...new Set([...mentionedUserIds(text.formattedBody), ...before.filter((userId) => !linkedBefore.includes(userId))])];
  const fallback = plainContent(
    { body: `* ${text.body}`, formattedBody: text.formattedBody === null ? null : `* ${text.formattedBody}` },
    msgtype,
    now.filter((userId) => !before.includes(userId)),
  );
  return {
    ...fallback,
    'm.new_content': plainContent(text, msgtype, now),
    'm.relates_to': { rel_type: RelationType.Replace, event_id: originalEventId },
  } as RoomMessageEventContent;
}

/** The user ids in a received content's `m.mentions`, ignoring anything malformed. */
function mentionsIn(content: Readonly<Record<string, unknown>>): string[] {
  const userIds = (content['m.mentions'] as { user_ids?: unknown } | undefined)?.user_ids;
  return Array.isArray(userIds) ? userIds.filter((userId): userId is string => typeof userId === 'string') : [];
}

export function reactionContent(eventId: string, key: string) {
  return { 'm.relates_to': { rel_type: RelationType.Annotation, event_id: eventId, key } } as const;
}
