/**
 * What the room list shows of one room, derived from the SDK's `Room`, and how a
 * filter text matches it.
 */
import { EventType, KnownMembership, NotificationCountType, RelationType, type IPushRules, type MatrixClient, type Room } from 'matrix-js-sdk';
import { roomModeOf, type RoomNotificationMode } from '../matrix/push-rules';
import { lastMessageOf, type LastMessage } from './last-message';
import { sectionOf, type RoomSection } from './sorted-rooms';

export const favouriteTag = 'm.favourite';
export const lowPriorityTag = 'm.lowpriority';

export interface RoomSummary {
  readonly roomId: string;
  readonly name: string;
  readonly kind: 'invite' | 'direct' | 'room';
  readonly section: RoomSection;
  readonly favourite: boolean;
  readonly lowPriority: boolean;
  /**
   * Timestamp (ms) of the latest event, 0 if none. Invitations come as stripped state
   * without timestamps; for them it is when the list first saw the invitation.
   */
  readonly lastActivity: number;
  /** Notifications (unread messages that notify). */
  readonly unread: number;
  /** Mentions and other highlights. */
  readonly highlights: number;
  /** The person's notification setting for the room (its push rules). */
  readonly notifications: RoomNotificationMode;
  /** In a room set to "off": unread messages, shown quietly (they count nowhere else). */
  readonly quietUnread: number;
  readonly encrypted: boolean;
  /** The room's avatar (mxc); in a direct chat the other person's. */
  readonly avatar: string | null;
  readonly lastMessage: LastMessage | null;
  /** Who sent the invitation (user id); null for rooms already joined. */
  readonly inviter: string | null;
  /** The inviter's display name as the invitation's room state gives it, neutralised; null if they set none. */
  readonly inviterName: string | null;
}

export interface SummaryContext {
  readonly userId: string;
  /** Room id → the other person, from `m.direct`. */
  readonly directRooms: ReadonlyMap<string, string>;
  readonly neutraliseName: (name: string) => string;
  readonly invitationSeenAt: (roomId: string) => number;
  readonly pushRules: IPushRules | undefined;
}

/** The list shows rooms the user has joined or is invited to; not left, banned or knocked. */
export function isListed(room: Room | null): room is Room {
  const membership = room?.getMyMembership();
  return membership === KnownMembership.Join || membership === KnownMembership.Invite;
}

export function summariseRoom(room: Room, context: SummaryContext): RoomSummary {
  const invited = room.getMyMembership() === KnownMembership.Invite;
  const invitation = invited ? room.currentState.getStateEvents(EventType.RoomMember, context.userId) : null;
  const inviter = invitation?.getSender() ?? null;
  // The inviter's own membership comes with the invitation's stripped state (MSC4319, as Synapse sends it).
  const inviterMember = inviter ? room.currentState.getStateEvents(EventType.RoomMember, inviter)?.getContent() : undefined;
  const partner = invited ? undefined : context.directRooms.get(room.roomId);
  const direct = partner !== undefined;
  const favourite = favouriteTag in room.tags;
  const lowPriority = lowPriorityTag in room.tags;
  const notifications = invited ? 'all' : roomModeOf(context.pushRules, room.roomId);
  // Counts the server made before the room was muted stay until read; a muted room counts nowhere.
  const muted = notifications === 'off';
  return {
    roomId: room.roomId,
    name: context.neutraliseName(room.name),
    kind: invited ? 'invite' : direct ? 'direct' : 'room',
    section: sectionOf({ invited, direct, favourite, lowPriority }),
    favourite,
    lowPriority,
    lastActivity: invited
      ? invitation?.getTs() || context.invitationSeenAt(room.roomId)
      : Math.max(0, room.getLastActiveTimestamp()),
    unread: muted ? 0 : room.getUnreadNotificationCount(NotificationCountType.Total),
    highlights: muted ? 0 : room.getUnreadNotificationCount(NotificationCountType.Highlight),
    notifications,
    quietUnread: muted ? unreadMessages(room, context.userId) : 0,
    encrypted: room.hasEncryptionStateEvent(),
    avatar:
      (direct ? room.getMember(partner)?.getMxcAvatarUrl() : null) ||
      room.getMxcAvatarUrl() ||
      (invitation?.getContent().is_direct === true ? stringOrNull(inviterMember?.avatar_url) : null),
    lastMessage: invited
      ? null
      : lastMessageOf(room.getLiveTimeline().getEvents(), {
          ownUserId: context.userId,
          direct,
          nameOf: (userId) => context.neutraliseName(room.getMember(userId)?.name ?? '') || userId,
        }),
    inviter,
    inviterName: context.neutraliseName(stringOrNull(inviterMember?.displayname) ?? '') || null,
  };
}

/** Field by field, the last message too: an unchanged room keeps its summary object. */
export function sameSummary(a: RoomSummary, b: RoomSummary): boolean {
  return (Object.keys(a) as (keyof RoomSummary)[]).every((key) => a[key] === b[key] || (key === 'lastMessage' && sameMessage(a.lastMessage, b.lastMessage)));
}

function sameMessage(a: LastMessage | null, b: LastMessage | null): boolean {
  return a !== null && b !== null && (Object.keys(a) as (keyof LastMessage)[]).every((key) => a[key] === b[key]);
}

const countedTypes = new Set<string>([EventType.RoomMessage, EventType.RoomMessageEncrypted, EventType.Sticker]);

/** Others' messages after the person's read position, among the events the client has. */
function unreadMessages(room: Room, userId: string): number {
  const readUpTo = room.getEventReadUpTo(userId);
  const events = room.getLiveTimeline().getEvents();
  let count = 0;
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index]!;
    if (event.getId() === readUpTo) break;
    if (event.getSender() !== userId && countedTypes.has(event.getType()) && !event.isRedacted() && !event.isRelation(RelationType.Replace)) count++;
  }
  return count;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The room's canonical and alternative aliases, lower-cased, for `#` filters. */
export function searchableAliases(room: Room): string {
  return [room.getCanonicalAlias(), ...room.getAltAliases()].filter(Boolean).join(' ').toLowerCase();
}

/** Matches names case-insensitively; a text starting with `!` also matches room ids, `#` aliases. */
export function roomFilter(text: string, aliases: ReadonlyMap<string, string>): (summary: RoomSummary) => boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return () => true;
  return ({ roomId, name }) =>
    name.toLowerCase().includes(needle) ||
    (needle.startsWith('!') && roomId.toLowerCase().includes(needle)) ||
    (needle.startsWith('#') && (aliases.get(roomId) ?? '').includes(needle));
}

/** Direct chats from the user's `m.direct` account data (user id → room ids), as room id → the other person. */
export function directRooms(client: MatrixClient): ReadonlyMap<string, string> {
  const content: unknown = client.getAccountData(EventType.Direct)?.getContent();
  const rooms = new Map<string, string>();
  if (!content || typeof content !== 'object') return rooms;
  for (const [userId, roomIds] of Object.entries(content)) {
    if (Array.isArray(roomIds)) for (const roomId of roomIds) if (typeof roomId === 'string') rooms.set(roomId, userId);
  }
  return rooms;
}
