/**
 * Events → record model: which events of a room's loaded timeline an export holds,
 * and what each says, taken from the SDK's (decrypted) events as this device sees
 * them now. Edits, deletions and replies are kept as links between messages, not
 * folded into one text: a record shows what was said, and what became of it.
 */
import { EventType, RelationType, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { attachmentOf, type Attachment } from '../matrix/attachment-content';
import type { MessageOrigin } from '../view-models/message-origins';
import { undecryptableReason } from '../view-models/undecryptable-reason';
import {
  organisationOf,
  serverOf,
  type CaseRecord,
  type RecordExport,
  type RecordMessage,
  type RecordParticipant,
  type RecordRoom,
  type RecordScope,
  type RecordTrust,
  type RecordVersion,
} from './case-record';

export interface RecordSource {
  readonly room: Room;
  /** Whether the room is a direct chat (`m.direct`). */
  readonly direct: boolean;
  /** The room's loaded timeline, oldest first. */
  readonly events: readonly MatrixEvent[];
  /** Each message's origin as message-origins.ts found it at export time. */
  readonly origins: ReadonlyMap<string, MessageOrigin>;
  readonly neutraliseName: (name: string) => string;
  /** The archive part an attachment's bytes went to; null when they could not be had. */
  readonly attachmentPart: (eventId: string) => string | null;
  readonly export: RecordExport;
}

const messageTypes = new Set<string>([EventType.RoomMessage, EventType.Sticker, EventType.RoomMessageEncrypted]);

/** The messages an export holds: originals (not edits, not local echoes) within the scope, in timeline order. */
export function messagesInScope(events: readonly MatrixEvent[], scope: RecordScope): MatrixEvent[] {
  const picked = scope.kind === 'selection' ? new Set(scope.eventIds) : null;
  return events.filter((event) => {
    if (!messageTypes.has(event.getType()) || event.status !== null || !event.getId() || isEdit(event)) return false;
    if (picked) return picked.has(event.getId()!);
    const at = event.getTs();
    return scope.kind === 'range' && at >= scope.from && at <= scope.to;
  });
}

/** The attachment of a message as first sent, if it has one (an edit cannot swap the file). */
export function recordedAttachment(event: MatrixEvent): Attachment | null {
  return event.isRedacted() || event.isDecryptionFailure() ? null : attachmentOf(event.getOriginalContent());
}

export function caseRecord(source: RecordSource): CaseRecord {
  const { events, neutraliseName } = source;
  const edits = editsByOriginal(events);
  const messages = messagesInScope(events, source.export.scope).map((event) => recordMessage(event, edits.get(event.getId()!) ?? [], source));
  return {
    room: recordRoom(source.room, source.direct, events, neutraliseName),
    participants: participants(source.room, messages, neutraliseName),
    messages,
    export: source.export,
  };
}

function recordMessage(event: MatrixEvent, edits: readonly MatrixEvent[], source: RecordSource): RecordMessage {
  const eventId = event.getId()!;
  const senderId = event.getSender()!;
  const undecryptable = event.isDecryptionFailure() ? undecryptableReason(event.decryptionFailureReason) : null;
  const redactedBy = event.isRedacted() ? event.getUnsigned().redacted_because : undefined;
  const readable = !undecryptable && !redactedBy;
  const attachment = recordedAttachment(event);
  const origin = source.origins.get(eventId);
  return {
    eventId,
    senderId,
    senderName: source.neutraliseName(event.sender?.name ?? senderId),
    at: event.getTs(),
    deviceId: origin?.deviceId ?? null,
    trust: trustOf(event, origin),
    undecryptable,
    versions: readable ? [version(event, event.getOriginalContent()), ...edits.map((edit) => version(edit, edit.getContent()['m.new_content'] ?? {}))] : [],
    replyTo: readable ? replyTarget(event.getOriginalContent()) : null,
    redaction: redactedBy ? { by: redactedBy.sender, at: redactedBy.origin_server_ts } : null,
    attachment: attachment && {
      kind: attachment.kind,
      name: source.neutraliseName(attachment.name),
      mimetype: attachment.media.mimetype ?? 'application/octet-stream',
      part: source.attachmentPart(eventId),
    },
  };
}

function version(event: MatrixEvent, content: Record<string, unknown>): RecordVersion {
  return { eventId: event.getId()!, at: event.getTs(), body: typeof content.body === 'string' ? content.body : '' };
}

/**
 * What this device could vouch for at export time. A message not (yet) checked by
 * message-origins.ts is `unproven`, never `signed`: the record claims no more than was shown.
 */
function trustOf(event: MatrixEvent, origin: MessageOrigin | undefined): RecordTrust {
  if (!event.isEncrypted()) return origin?.problem === 'unencrypted' ? 'unencrypted' : 'not-encrypted';
  if (!origin) return 'unproven';
  return origin.problem ?? 'signed';
}

function isEdit(event: MatrixEvent): boolean {
  return event.getWireContent()['m.relates_to']?.rel_type === RelationType.Replace || event.isRelation(RelationType.Replace);
}

/** Each original's edits by the same sender, oldest first (others' "edits" are not edits: spec, "Event replacements"). */
function editsByOriginal(events: readonly MatrixEvent[]): Map<string, MatrixEvent[]> {
  const senders = new Map(events.map((event) => [event.getId(), event.getSender()]));
  const edits = new Map<string, MatrixEvent[]>();
  for (const event of events) {
    const target = event.isRelation(RelationType.Replace) ? event.relationEventId : undefined;
    if (!target || event.isDecryptionFailure() || event.isRedacted() || senders.get(target) !== event.getSender()) continue;
    edits.set(target, [...(edits.get(target) ?? []), event]);
  }
  for (const list of edits.values()) list.sort((a, b) => a.getTs() - b.getTs());
  return edits;
}

function replyTarget(content: Record<string, unknown>): string | null {
  const relation = content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: unknown } } | undefined;
  const target = relation?.['m.in_reply_to']?.event_id;
  return typeof target === 'string' ? target : null;
}

function recordRoom(room: Room, direct: boolean, events: readonly MatrixEvent[], neutralise: (name: string) => string): RecordRoom {
  const state = room.currentState;
  const create = state.getStateEvents(EventType.RoomCreate, '')?.getContent() ?? {};
  const stateContent = (type: string) => state.getStateEvents(type, '')?.getContent() ?? {};
  return {
    roomId: room.roomId,
    name: neutralise(room.name),
    nameChanges: events
      .filter((event) => event.getType() === EventType.RoomName && event.getStateKey() === '')
      .map((event) => ({ name: neutralise(String(event.getContent().name ?? '')), by: event.getSender()!, at: event.getTs() })),
    type: create.type === 'm.space' ? 'space' : direct ? 'direct' : 'room',
    federated: create['m.federate'] !== false,
    joinRule: String(stateContent(EventType.RoomJoinRules).join_rule ?? 'invite'),
    historyVisibility: String(stateContent(EventType.RoomHistoryVisibility).history_visibility ?? 'shared'),
    encryption: typeof stateContent(EventType.RoomEncryption).algorithm === 'string' ? String(stateContent(EventType.RoomEncryption).algorithm) : null,
  };
}

/** Everyone who wrote in scope (named as at their first message), then the other members as named now. */
function participants(room: Room, messages: readonly RecordMessage[], neutralise: (name: string) => string): RecordParticipant[] {
  const names = new Map<string, string>();
  for (const { senderId, senderName } of messages) if (!names.has(senderId)) names.set(senderId, senderName);
  for (const member of room.getMembers()) {
    if (!names.has(member.userId) && (member.membership === 'join' || member.membership === 'invite')) names.set(member.userId, neutralise(member.name));
  }
  return [...names].map(([userId, displayName]) => ({ userId, server: serverOf(userId), organisation: organisationOf(serverOf(userId)), displayName }));
}
