/**
 * Whom this device trusts in an encrypted room: each member's cryptographic identity is
 * verified (cross-signing, after comparing emoji), unverified, or changed since this
 * device last accepted it (a reset after lost devices, or someone else in their name).
 * A change must be acknowledged; a previously verified person stays marked until
 * verified again or the verification requirement is withdrawn.
 *
 * A verified person is not yet a trustworthy room: each of their sessions must be signed
 * by them too. A session they never signed (a stolen password, a hostile server admin)
 * reads along unless policy isolates it, so the room's summary counts sessions.
 */
import { KnownMembership, RoomStateEvent, type MatrixClient, type Room } from 'matrix-js-sdk';
import { CryptoEvent, type CryptoApi, type UserVerificationStatus } from 'matrix-js-sdk/lib/crypto-api';
import { sharesOnlyWithSignedSessions } from '../matrix/device-isolation';
import { MessageOrigins } from './message-origins';
import { coalesce } from './coalesce';
import { Observable } from './observable';

export type Trust = 'verified' | 'unverified' | 'changed';

export interface ChangedIdentity {
  readonly userId: string;
  readonly name: string;
  /** They had been verified: the change withdraws that trust, which is more serious. */
  readonly wasVerified: boolean;
}

/** A member's session that its owner has not signed with their cross-signing identity. */
export interface UnsignedSession {
  readonly userId: string;
  readonly name: string;
  readonly deviceId: string;
  /** The name the session gave itself, neutralised; null if it has none. */
  readonly deviceName: string | null;
  /** One of the person's own other sessions. */
  readonly own: boolean;
}

/** `unverified-session`: every person is verified, but one of their sessions is not signed by them. */
export type RoomSummary = Trust | 'unverified-session';

export interface RoomTrustSnapshot {
  /** Each joined or invited member's identity as this device sees it (the person's own included). */
  readonly members: ReadonlyMap<string, Trust>;
  /** Identity changes still to be acknowledged. */
  readonly changed: readonly ChangedIdentity[];
  /**
   * Unsigned sessions the person must be told about: with isolation (policy) every one, as
   * it receives none of their messages; without, those of verified people and their own,
   * which read along although the person's marker says verified.
   */
  readonly unsignedSessions: readonly UnsignedSession[];
  /** Room keys go only to sessions their owners signed (policy `encryption.onlyVerifiedDevices`). */
  readonly onlySignedSessions: boolean;
  /**
   * The room as a whole, the person aside: `changed` if anyone's identity changed, `verified`
   * only if everyone else is verified and every session in the room is signed by its owner;
   * null for a room without encryption (or no one else in it).
   */
  readonly room: RoomSummary | null;
}

export const noTrust: RoomTrustSnapshot = {
  members: new Map(),
  changed: [],
  unsignedSessions: [],
  onlySignedSessions: false,
  room: null,
};

/** The marker a room summary is drawn with. */
export function summaryTrust(summary: RoomSummary): Trust {
  return summary === 'unverified-session' ? 'unverified' : summary;
}

const CHANGE_DELAY_MS = 100;

export function trustOf(status: UserVerificationStatus): Trust {
  if (status.needsUserApproval || (status.wasCrossSigningVerified() && !status.isCrossSigningVerified())) return 'changed';
  return status.isCrossSigningVerified() ? 'verified' : 'unverified';
}

export class RoomTrust extends Observable<RoomTrustSnapshot> {
  /** Where each message came from: its sending session, and whether its owner vouches for it. */
  readonly messages: MessageOrigins;
  private generation = 0;
  /**
   * Loading a large room's members fires one event per member, and each refresh asks the
   * crypto store about every member: changes are gathered into one refresh.
   */
  private readonly refreshes = coalesce(() => void this.refresh(), CHANGE_DELAY_MS);

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    /** Member names, asked once per refresh: they change as members join and load. */
    private readonly memberNames: (room: Room) => (userId: string) => string,
    /** Session names are chosen by their owners: shown only neutralised. */
    private readonly neutraliseName: (name: string) => string,
  ) {
    super(noTrust);
    this.messages = this.disposables.add(new MessageOrigins(client, room, neutraliseName));
    this.listen(client, CryptoEvent.UserTrustStatusChanged, this.changed);
    this.listen(client, CryptoEvent.DevicesUpdated, this.changed);
    this.listen(room, RoomStateEvent.Members, this.changed);
    this.disposables.add(this.refreshes.cancel);
    void this.refresh();
  }

  /** Accepts the new identity (and, for a formerly verified person, withdraws the verification requirement). */
  async acknowledge(userId: string): Promise<void> {
    const changed = this.value.changed.find((identity) => identity.userId === userId);
    if (!changed) return;
    const crypto = this.client.getCrypto()!;
    await (changed.wasVerified ? crypto.withdrawVerificationRequirement(userId) : crypto.pinCurrentUserIdentity(userId));
    await this.refresh();
  }

  private readonly changed = (): void => this.refreshes.schedule();

  private readonly refresh = async (): Promise<void> => {
    const crypto = this.client.getCrypto();
    if (!crypto || !this.room.hasEncryptionStateEvent()) return;
    const generation = ++this.generation;
    const own = this.client.getSafeUserId();
    const userIds = [...this.room.getMembersWithMembership(KnownMembership.Join), ...this.room.getMembersWithMembership(KnownMembership.Invite)].map(
      (member) => member.userId,
    );
    const nameOf = this.memberNames(this.room);
    const members = new Map<string, Trust>();
    const changed: ChangedIdentity[] = [];
    let unsigned: UnsignedSession[];
    try {
      for (const userId of userIds) {
        const status = await crypto.getUserVerificationStatus(userId);
        const trust = trustOf(status);
        members.set(userId, trust);
        if (trust === 'changed' && userId !== own) changed.push({ userId, name: nameOf(userId), wasVerified: status.wasCrossSigningVerified() });
      }
      unsigned = await this.unsignedSessions(crypto, userIds, nameOf);
    } catch {
      // The crypto store closed under it (signing out): the last answer stands.
      return;
    }
    // A newer refresh, or the room closed, while this one awaited: its answer is stale.
    if (this.disposed || generation !== this.generation) return;
    const onlySignedSessions = sharesOnlyWithSignedSessions(this.client);
    this.set({
      members,
      changed,
      unsignedSessions: unsigned.filter((session) => onlySignedSessions || session.own || members.get(session.userId) === 'verified'),
      onlySignedSessions,
      room: roomSummary(members, own, unsigned),
    });
  };

  /** Every member's sessions (the person's other ones included) that their owner has not signed. */
  private async unsignedSessions(crypto: CryptoApi, userIds: readonly string[], nameOf: (userId: string) => string): Promise<UnsignedSession[]> {
    const own = this.client.getSafeUserId();
    const ownDevice = this.client.getDeviceId();
    const unsigned: UnsignedSession[] = [];
    for (const [userId, devices] of await crypto.getUserDeviceInfo([...userIds])) {
      for (const device of devices.values()) {
        if (device.dehydrated || (userId === own && device.deviceId === ownDevice)) continue;
        const status = await crypto.getDeviceVerificationStatus(userId, device.deviceId);
        if (status?.signedByOwner || status?.localVerified) continue;
        unsigned.push({
          userId,
          name: nameOf(userId),
          deviceId: device.deviceId,
          deviceName: device.displayName ? this.neutraliseName(device.displayName) : null,
          own: userId === own,
        });
      }
    }
    return unsigned;
  }
}

function roomSummary(members: ReadonlyMap<string, Trust>, own: string, unsigned: readonly UnsignedSession[]): RoomSummary | null {
  const others = [...members].filter(([userId]) => userId !== own).map(([, trust]) => trust);
  if (others.length === 0) return null;
  if (others.includes('changed')) return 'changed';
  if (!others.every((trust) => trust === 'verified')) return 'unverified';
  return unsigned.length === 0 ? 'verified' : 'unverified-session';
}
