/**
 * A conversation as it goes to the files: the record model every part of an export
 * (the xdomea message, the PDF, the manifest) is written from. Plain data, so the
 * writers are tested in Node without a client.
 */
import type { OriginProblem } from '../view-models/message-origins';
import type { UndecryptableReason } from '../view-models/undecryptable-reason';

/** What was exported: every message between two instants, or the ones picked by id. */
export type RecordScope =
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'selection'; readonly eventIds: readonly string[] };

export interface RecordParticipant {
  readonly userId: string;
  /** The server part of the user id. */
  readonly server: string;
  /** The organisation behind the server; see `organisationOf`. */
  readonly organisation: string;
  /** The display name at the participant's first message in scope (or now, for members who wrote nothing). */
  readonly displayName: string;
}

export interface RoomNameChange {
  readonly name: string;
  readonly by: string;
  readonly at: number;
}

export interface RecordRoom {
  readonly roomId: string;
  readonly name: string;
  readonly nameChanges: readonly RoomNameChange[];
  readonly type: 'direct' | 'room' | 'space';
  /** `m.federate` of the room's creation: whether other servers may take part. */
  readonly federated: boolean;
  readonly joinRule: string;
  readonly historyVisibility: string;
  /** The encryption algorithm, or null for a room in the clear. */
  readonly encryption: string | null;
}

/**
 * How this device vouched for the sending session when the export was made:
 * `signed` (encrypted, from a session its owner cross-signed), a problem
 * message-origins.ts names, or `not-encrypted` for a room in the clear.
 */
export type RecordTrust = 'signed' | OriginProblem | 'not-encrypted';

export interface RecordVersion {
  readonly eventId: string;
  readonly at: number;
  readonly body: string;
}

export interface RecordAttachment {
  readonly kind: 'image' | 'file';
  /** The sender's file name, neutralised. */
  readonly name: string;
  readonly mimetype: string;
  /** The attachment's own part in the archive; null when its bytes could not be had. */
  readonly part: string | null;
}

export interface RecordMessage {
  readonly eventId: string;
  readonly senderId: string;
  /** The sender's display name when the message was sent. */
  readonly senderName: string;
  readonly at: number;
  readonly deviceId: string | null;
  readonly trust: RecordTrust;
  /** Null when the message cannot be decrypted. */
  readonly undecryptable: UndecryptableReason | null;
  /** The text as first sent, then every edit in order; empty for a deleted or undecryptable message. */
  readonly versions: readonly RecordVersion[];
  readonly replyTo: string | null;
  readonly redaction: { readonly by: string; readonly at: number } | null;
  readonly attachment: RecordAttachment | null;
}

export interface RecordExport {
  readonly by: string;
  readonly byName: string;
  readonly at: number;
  /** The IANA time zone the local times are given in. */
  readonly timeZone: string;
  readonly scope: RecordScope;
  /** The file reference (Aktenzeichen) the person entered. */
  readonly fileReference: string;
  readonly title: string;
  readonly application: { readonly name: string; readonly version: string };
}

export interface CaseRecord {
  readonly room: RecordRoom;
  readonly participants: readonly RecordParticipant[];
  readonly messages: readonly RecordMessage[];
  readonly export: RecordExport;
}

/** The server part of a Matrix user id (`@erika:bund.de` → `bund.de`). */
export function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(':') + 1);
}

/**
 * The organisation a server belongs to. The policy that will name them
 * (`federation.organisations`, server → organisation) does not exist yet: until it
 * does, the server name stands for its organisation. This is the one place to change.
 */
export function organisationOf(server: string, organisations: ReadonlyMap<string, string> = new Map()): string {
  return organisations.get(server) ?? server;
}

/** An instant in a time zone as ISO 8601 with its offset (`2026-12-02T05:24:00+01:00`). */
export function localTime(at: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map(({ type, value }) => [type, value]),
  );
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const offsetMinutes = Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hours}:${minutes}`;
}

/** An instant in UTC, to the second (`2026-12-02T04:24:00Z`). */
export function utcTime(at: number): string {
  return new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
