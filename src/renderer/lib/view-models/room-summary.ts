/**
 * What the room list shows of one room, derived from the SDK's `Room`, and how a
 * filter text matches it.
 */
import { EventType, KnownMembership, NotificationCountType, type MatrixClient, type Room } from 'matrix-js-sdk';

export interface RoomSummary {
  readonly roomId: string;
  readonly name: string;
  readonly kind: 'invite' | 'direct' | 'room';
  /**
   * Timestamp (ms) of the latest event, 0 if none. Invitations come as stripped state
   * without timestamps; for them it is when the list first saw the invitation.
   */
  readonly lastActivity: number;
  /** Notifications (unread messages that notify). */
  readonly unread: number;
  /** Mentions and other highlights. */
  readonly highlights: number;
  readonly encrypted: boolean;
  /** Who sent the invitation; null for rooms already joined. */
  readonly inviter: string | null;
}

export interface SummaryContext {
  readonly userId: string;
  readonly directRoomIds: ReadonlySet<string>;
  readonly neutraliseName: (name: string) => string;
  readonly invitationSeenAt: (roomId: string) => number;
}

/** The list shows rooms the user has joined or is invited to; not left, banned or knocked. */
export function isListed(room: Room | null): room is Room {
  const membership = room?.getMyMembership();
  return membership === KnownMembership.Join || membership === KnownMembership.Invite;
}

export function summariseRoom(room: Room, context: SummaryContext): RoomSummary {
  const invited = room.getMyMembership() === KnownMembership.Invite;
  const invitation = invited ? room.currentState.getStateEvents(EventType.RoomMember, context.userId) : null;
  return {
    roomId: room.roomId,
    name: context.neutraliseName(room.name),
    kind: invited ? 'invite' : context.directRoomIds.has(room.roomId) ? 'direct' : 'room',
    lastActivity: invited
      ? invitation?.getTs() || context.invitationSeenAt(room.roomId)
      : Math.max(0, room.getLastActiveTimestamp()),
    unread: room.getUnreadNotificationCount(NotificationCountType.Total),
    highlights: room.getUnreadNotificationCount(NotificationCountType.Highlight),
    encrypted: room.hasEncryptionStateEvent(),
    inviter: invitation?.getSender() ?? null,
  };
}

export function sameSummary(a: RoomSummary, b: RoomSummary): boolean {
  return (Object.keys(a) as (keyof RoomSummary)[]).every((key) => a[key] === b[key]);
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

/** Room ids listed in the user's `m.direct` account data (user id → room ids). */
export function directRoomIds(client: MatrixClient): ReadonlySet<string> {
  const content: unknown = client.getAccountData(EventType.Direct)?.getContent();
  const ids = new Set<string>();
  if (!content || typeof content !== 'object') return ids;
  for (const rooms of Object.values(content)) {
    if (Array.isArray(rooms)) for (const roomId of rooms) if (typeof roomId === 'string') ids.add(roomId);
  }
  return ids;
}
