/**
 * Turns one SDK event (or one queued message) into the timeline's display item:
 * plain data, with names resolved, HTML already sanitised, edits applied, replies
 * and reactions attached. Items are built one at a time, so the timeline can build
 * again only those that changed.
 */
import { EventStatus, EventType, MatrixEvent, MsgType, RelationType } from 'matrix-js-sdk';
import { neutraliseFileName, neutraliseLine, neutraliseName } from '../content/display-text';
import { attachmentOf, type Attachment } from '../matrix/attachment-content';
import { mentionsMe } from './mentions';
import type { OutboxEntry } from './outbox';
import { undecryptableReason, type UndecryptableReason } from './undecryptable-reason';

interface ItemBase {
  /**
   * Stays the same while the item's message travels (queued, sent, echoed by the server):
   * the transaction id for the person's own messages from this device, else the event id.
   */
  readonly key: string;
  readonly eventId: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly timestamp: number;
}

/** The message a reply answers, as far as this client has it. */
export interface ReplyQuote {
  readonly eventId: string;
  /** Null while the original is not loaded. */
  readonly senderName: string | null;
  /** Null when the original is not loaded, deleted or not decryptable. */
  readonly text: string | null;
}

/** One reaction key on a message, with who chose it. */
export interface ReactionGroup {
  readonly key: string;
  readonly senders: readonly string[];
  /** The person's own reaction event with this key, so it can be taken back; null if they have none. */
  readonly ownEventId: string | null;
}

export type MessageItem = ItemBase & {
  readonly kind: 'message';
  readonly msgtype: 'text' | 'notice' | 'emote' | 'attachment';
  /** The file or image of an `attachment` message, its name neutralised for display. */
  readonly attachment: Attachment | null;
  /** The latest content: an edited message shows its last edit. */
  readonly body: string;
  /** Sanitised HTML (addresses in its text made links), or null to show `body` as text. */
  readonly html: string | null;
  readonly own: boolean;
  /** `queued`: waiting in the outbox for the connection or for earlier messages. */
  readonly status: 'queued' | 'sending' | 'sent' | 'failed';
  readonly edited: boolean;
  readonly replyTo: ReplyQuote | null;
  readonly reactions: readonly ReactionGroup[];
  /** Own, sent text messages can be edited. */
  readonly canEdit: boolean;
  /** Own messages, and others' where the power level allows. */
  readonly canRedact: boolean;
  /** Someone else's message that mentions the person (see mentions.ts). */
  readonly mentionsMe: boolean;
};

export type TimelineItem =
  | MessageItem
  | (ItemBase & { readonly kind: 'undecryptable'; readonly reason: UndecryptableReason })
  /** `deletedBy`: who deleted it, when that was not its sender (a moderator); null when the sender did. */
  | (ItemBase & { readonly kind: 'redacted'; readonly deletedBy: string | null })
  | (ItemBase & { readonly kind: 'membership'; readonly change: MembershipChange; readonly targetName: string })
  | (ItemBase & { readonly kind: 'room-change'; readonly change: 'name' | 'topic' | 'encryption' | 'created' | 'verification'; readonly value: string });

export type MembershipChange = 'joined' | 'left' | 'invited' | 'kicked' | 'banned' | 'declined' | 'changed-name';

export interface ItemContext {
  readonly ownUserId: string;
  /** The person's display name in the room, for mentions by name; empty if none. */
  readonly ownDisplayName: string;
  /** Member names as they stand. */
  readonly nameOf: (userId: string) => string;
  /** Received HTML as shown: sanitised, addresses in its text made links. */
  readonly sanitize: (html: string) => string;
  /** A plain body as shown: HTML with its addresses made links, or null when it has none. */
  readonly linkify: (text: string) => string | null;
  /** A loaded event of the room by id (reply targets); the timeline notes which were asked for. */
  readonly find: (eventId: string) => MatrixEvent | undefined;
  /** Reaction events to an event, grouped by key. */
  readonly reactionsTo: (eventId: string) => readonly (readonly [string, ReadonlySet<MatrixEvent>])[];
  readonly mayRedact: (event: MatrixEvent) => boolean;
}

/** Long enough to recognise the original, short enough for one line. */
const quoteLength = 160;
/** A reaction key is free text chosen by the sender; keep it to what fits a button. */
const reactionKeyLength = 32;

/** The item an event of the room shows as, or null for events the timeline does not show (edits, reactions, most state). */
export function eventItem(event: MatrixEvent, key: string, context: ItemContext): TimelineItem | null {
  const eventId = event.getId();
  return eventId ? toItem(event, baseOf(event, key, eventId, context), context) : null;
}

/** A message still in the outbox, shown exactly as it will look once sent: the same content through the same rules. */
export function queuedItem(entry: OutboxEntry, key: string, context: ItemContext): TimelineItem | null {
  const event = new MatrixEvent({
    type: EventType.RoomMessage,
    room_id: entry.roomId,
    sender: context.ownUserId,
    content: entry.content,
    origin_server_ts: entry.queuedAt,
  });
  return messageItem(event, baseOf(event, key, key, context), context, entry.state);
}

function baseOf(event: MatrixEvent, key: string, eventId: string, context: ItemContext): ItemBase {
  return { key, eventId, senderId: event.getSender() ?? '', senderName: context.nameOf(event.getSender() ?? ''), timestamp: event.getTs() };
}

function toItem(event: MatrixEvent, base: ItemBase, context: ItemContext): TimelineItem | null {
  if (event.isRedacted()) return { ...base, kind: 'redacted', deletedBy: deletedBy(event, base.senderId, context) };
  if (event.isDecryptionFailure()) return { ...base, kind: 'undecryptable', reason: undecryptableReason(event.decryptionFailureReason) };
  switch (event.getType()) {
    case EventType.RoomMessage:
      // A verification request travels as a message; its text is a fallback for clients without verification.
      if (event.getContent().msgtype === verificationRequest) {
        return { ...base, kind: 'room-change', change: 'verification', value: context.nameOf(String(event.getContent().to ?? '')) };
      }
      return messageItem(event, base, context);
    case EventType.RoomMember:
      return membershipItem(event, base, context);
    // Shown as the header shows them: a room name like every name, a topic as one line.
    case EventType.RoomName:
      return { ...base, kind: 'room-change', change: 'name', value: neutraliseName(String(event.getContent().name ?? '')) };
    case EventType.RoomTopic:
      return { ...base, kind: 'room-change', change: 'topic', value: neutraliseLine(String(event.getContent().topic ?? '')) };
    case EventType.RoomEncryption:
      return { ...base, kind: 'room-change', change: 'encryption', value: '' };
    case EventType.RoomCreate:
      return { ...base, kind: 'room-change', change: 'created', value: '' };
    default:
      return null;
  }
}

const verificationRequest = 'm.key.verification.request';

const shownMsgtypes: Record<string, 'text' | 'notice' | 'emote'> = {
  [MsgType.Text]: 'text',
  [MsgType.Notice]: 'notice',
  [MsgType.Emote]: 'emote',
};

function messageItem(
  event: MatrixEvent,
  base: ItemBase,
  context: ItemContext,
  status: MessageItem['status'] = sendStatus(event.getAssociatedStatus()),
): TimelineItem | null {
  // Edits are shown on the message they replace, not as messages of their own.
  if (event.isRelation(RelationType.Replace)) return null;
  // The SDK applies the latest edit to getContent(); the reply relation stays on the original.
  const content = event.getContent();
  const attached = attachmentOf(content);
  const attachment = attached && { ...attached, name: neutraliseFileName(attached.name) };
  const msgtype = attachment ? 'attachment' : (shownMsgtypes[String(content.msgtype)] ?? 'text');
  const replyEventId = event.replyEventId ?? null;
  const body = shownBody(event) ?? '';
  const formatted = content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string' ? content.formatted_body : null;
  const own = base.senderId === context.ownUserId;
  return {
    ...base,
    kind: 'message',
    msgtype,
    attachment,
    body,
    html: formatted !== null ? context.sanitize(formatted) : attachment ? null : context.linkify(body),
    own,
    status,
    edited: event.replacingEventId() !== undefined,
    replyTo: replyEventId ? quote(replyEventId, context) : null,
    reactions: status === 'sent' ? reactionGroups(base.eventId, context) : [],
    canEdit: own && status === 'sent' && (msgtype === 'text' || msgtype === 'emote'),
    canRedact: status === 'sent' && (own || context.mayRedact(event)),
    mentionsMe: !own && mentionsMe(content, body, { userId: context.ownUserId, displayName: context.ownDisplayName }),
  };
}

function deletedBy(event: MatrixEvent, senderId: string, context: ItemContext): string | null {
  const redacter = event.getUnsigned().redacted_because?.sender;
  return redacter && redacter !== senderId ? context.nameOf(redacter) : null;
}

function sendStatus(status: EventStatus | null): MessageItem['status'] {
  if (status === EventStatus.NOT_SENT) return 'failed';
  return status === null || status === EventStatus.SENT ? 'sent' : 'sending';
}

function quote(eventId: string, context: ItemContext): ReplyQuote {
  const original = context.find(eventId);
  if (!original) return { eventId, senderName: null, text: null };
  const body = shownBody(original);
  const readable = !original.isRedacted() && !original.isDecryptionFailure();
  return {
    eventId,
    senderName: context.nameOf(original.getSender() ?? ''),
    text: readable && body !== null ? shorten(body) : null,
  };
}

/**
 * A message's text as shown, null if it has none. Older clients put the quoted original
 * into a reply's body as "> " lines and a blank line; the quote is shown from the
 * original itself, so the copy goes (from replies only: a message may start with a quote).
 */
export function shownBody(event: MatrixEvent): string | null {
  const body = event.getContent().body;
  if (typeof body !== 'string') return null;
  return event.replyEventId ? withoutReplyFallback(body) : body;
}

export function withoutReplyFallback(body: string): string {
  if (!body.startsWith('> <')) return body;
  const lines = body.split('\n');
  const end = lines.findIndex((line) => !line.startsWith('>'));
  return end > 0 && lines[end] === '' ? lines.slice(end + 1).join('\n') : body;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const characters = [...line];
  return characters.length <= quoteLength ? line : `${characters.slice(0, quoteLength - 1).join('')}…`;
}

function reactionGroups(eventId: string, context: ItemContext): ReactionGroup[] {
  const groups: ReactionGroup[] = [];
  for (const [key, events] of context.reactionsTo(eventId)) {
    const live = [...events].filter((reaction) => !reaction.isRedacted() && reaction.status !== EventStatus.NOT_SENT);
    if (live.length === 0) continue;
    const ownReaction = live.find((reaction) => reaction.getSender() === context.ownUserId);
    groups.push({
      key: [...key].slice(0, reactionKeyLength).join(''),
      senders: [...new Set(live.map((reaction) => context.nameOf(reaction.getSender() ?? '')))],
      ownEventId: ownReaction?.getId() ?? null,
    });
  }
  return groups;
}

function membershipItem(event: MatrixEvent, base: ItemBase, context: ItemContext): TimelineItem | null {
  const target = event.getStateKey() ?? '';
  const membership = event.getContent().membership;
  const previous = event.getPrevContent().membership;
  const sameSender = target === base.senderId;
  let change: MembershipChange | null = null;
  if (membership === 'join') change = previous === 'join' ? 'changed-name' : 'joined';
  else if (membership === 'invite') change = 'invited';
  else if (membership === 'leave') change = previous === 'invite' && sameSender ? 'declined' : sameSender ? 'left' : 'kicked';
  else if (membership === 'ban') change = 'banned';
  return change === null ? null : { ...base, kind: 'membership', change, targetName: context.nameOf(target) };
}
