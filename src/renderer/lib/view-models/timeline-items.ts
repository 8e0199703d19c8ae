/**
 * Turns SDK events into the timeline's display items: plain data, with names
 * resolved, HTML already sanitised and day boundaries marked.
 */
import { EventStatus, EventType, MsgType, type MatrixEvent } from 'matrix-js-sdk';

interface ItemBase {
  readonly eventId: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly timestamp: number;
  /** First item of a calendar day (local time): the view draws a day separator before it. */
  readonly startsDay: boolean;
}

export type TimelineItem =
  | (ItemBase & {
      readonly kind: 'message';
      readonly msgtype: 'text' | 'notice' | 'emote';
      readonly body: string;
      /** Sanitised HTML, or null to show `body` as text. */
      readonly html: string | null;
      readonly own: boolean;
      readonly status: 'sending' | 'sent' | 'failed';
    })
  | (ItemBase & { readonly kind: 'undecryptable'; readonly reason: string })
  | (ItemBase & { readonly kind: 'redacted' })
  | (ItemBase & { readonly kind: 'membership'; readonly change: MembershipChange; readonly targetName: string })
  | (ItemBase & { readonly kind: 'room-change'; readonly change: 'name' | 'topic' | 'encryption' | 'created'; readonly value: string });

export type MembershipChange = 'joined' | 'left' | 'invited' | 'kicked' | 'banned' | 'declined' | 'changed-name';

export interface ItemContext {
  readonly ownUserId: string;
  /** Member names as of this rebuild. */
  readonly nameOf: (userId: string) => string;
  readonly sanitize: (html: string) => string;
}

export function toTimelineItems(events: readonly MatrixEvent[], context: ItemContext): TimelineItem[] {
  const items: TimelineItem[] = [];
  let lastDay = '';
  for (const event of events) {
    const eventId = event.getId();
    if (!eventId) continue;
    const timestamp = event.getTs();
    const day = new Date(timestamp).toDateString();
    const base: Omit<ItemBase, 'startsDay'> = {
      eventId,
      senderId: event.getSender() ?? '',
      senderName: context.nameOf(event.getSender() ?? ''),
      timestamp,
    };
    const item = toItem(event, base, context);
    if (!item) continue;
    items.push({ ...item, startsDay: day !== lastDay } as TimelineItem);
    lastDay = day;
  }
  return items;
}

type Unplaced<T> = T extends TimelineItem ? Omit<T, 'startsDay'> : never;

function toItem(event: MatrixEvent, base: Omit<ItemBase, 'startsDay'>, context: ItemContext): Unplaced<TimelineItem> | null {
  if (event.isRedacted()) return { ...base, kind: 'redacted' };
  if (event.isDecryptionFailure()) return { ...base, kind: 'undecryptable', reason: event.decryptionFailureReason ?? 'UNKNOWN_ERROR' };
  switch (event.getType()) {
    case EventType.RoomMessage:
      return messageItem(event, base, context);
    case EventType.RoomMember:
      return membershipItem(event, base, context);
    case EventType.RoomName:
      return { ...base, kind: 'room-change', change: 'name', value: String(event.getContent().name ?? '') };
    case EventType.RoomTopic:
      return { ...base, kind: 'room-change', change: 'topic', value: String(event.getContent().topic ?? '') };
    case EventType.RoomEncryption:
      return { ...base, kind: 'room-change', change: 'encryption', value: '' };
    case EventType.RoomCreate:
      return { ...base, kind: 'room-change', change: 'created', value: '' };
    default:
      return null;
  }
}

const shownMsgtypes: Record<string, 'text' | 'notice' | 'emote'> = {
  [MsgType.Text]: 'text',
  [MsgType.Notice]: 'notice',
  [MsgType.Emote]: 'emote',
};

function messageItem(event: MatrixEvent, base: Omit<ItemBase, 'startsDay'>, context: ItemContext): Unplaced<TimelineItem> | null {
  // Edits are shown on the message they replace, not as messages of their own.
  if (event.isRelation('m.replace')) return null;
  const content = event.getContent();
  const msgtype = shownMsgtypes[String(content.msgtype)] ?? 'text';
  const body = typeof content.body === 'string' ? content.body : '';
  const formatted = content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string' ? content.formatted_body : null;
  const status = event.getAssociatedStatus();
  return {
    ...base,
    kind: 'message',
    msgtype,
    body,
    html: formatted === null ? null : context.sanitize(formatted),
    own: base.senderId === context.ownUserId,
    status: status === EventStatus.NOT_SENT ? 'failed' : status === null || status === EventStatus.SENT ? 'sent' : 'sending',
  };
}

function membershipItem(event: MatrixEvent, base: Omit<ItemBase, 'startsDay'>, context: ItemContext): Unplaced<TimelineItem> | null {
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
