/**
 * Whom this device trusts in an encrypted room: each member's cryptographic identity is
 * verified (cross-signing, after comparing emoji), unverified, or changed since this
 * device last accepted it (a reset after lost devices, or someone else in their name).
 * A change must be acknowledged; a previously verified person stays marked until
 * verified again or the verification requirement is withdrawn.
 */
import { KnownMembership, RoomStateEvent, type MatrixClient, type Room } from 'matrix-js-sdk';
import { CryptoEvent, type UserVerificationStatus } from 'matrix-js-sdk/lib/crypto-api';
import { Observable } from './observable';

export type Trust = 'verified' | 'unverified' | 'changed';

export interface ChangedIdentity {
  readonly userId: string;
  readonly name: string;
  /** They had been verified: the change withdraws that trust, which is more serious. */
  readonly wasVerified: boolean;
}

export interface RoomTrustSnapshot {
  /** Each joined or invited member's identity as this device sees it (the person's own included). */
  readonly members: ReadonlyMap<string, Trust>;
  /** Identity changes still to be acknowledged. */
  readonly changed: readonly ChangedIdentity[];
  /**
   * The room as a whole, the person aside: `changed` if anyone's identity changed, `verified`
   * if everyone else is verified; null for a room without encryption (or no one else in it).
   */
  readonly room: Trust | null;
}

export const noTrust: RoomTrustSnapshot = { members: new Map(), changed: [], room: null };

const CHANGE_DELAY_MS = 100;

export function trustOf(status: UserVerificationStatus): Trust {
  if (status.needsUserApproval || (status.wasCrossSigningVerified() && !status.isCrossSigningVerified())) return 'changed';
  return status.isCrossSigningVerified() ? 'verified' : 'unverified';
}

export class RoomTrust extends Observable<RoomTrustSnapshot> {
  private disposed = false;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly nameOf: (userId: string) => string,
  ) {
    super(noTrust);
    client.on(CryptoEvent.UserTrustStatusChanged, this.changed);
    room.on(RoomStateEvent.Members, this.changed);
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

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.client.off(CryptoEvent.UserTrustStatusChanged, this.changed);
    this.room.off(RoomStateEvent.Members, this.changed);
  }

  /**
   * Loading a large room's members fires one event per member, and each refresh asks the
   * crypto store about every member: changes are gathered into one refresh.
   */
  private readonly changed = (): void => {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, CHANGE_DELAY_MS);
  };

  private readonly refresh = async (): Promise<void> => {
    const crypto = this.client.getCrypto();
    if (!crypto || !this.room.hasEncryptionStateEvent()) return;
    const generation = ++this.generation;
    const own = this.client.getSafeUserId();
    const userIds = [...this.room.getMembersWithMembership(KnownMembership.Join), ...this.room.getMembersWithMembership(KnownMembership.Invite)].map(
      (member) => member.userId,
    );
    const members = new Map<string, Trust>();
    const changed: ChangedIdentity[] = [];
    try {
      for (const userId of userIds) {
        const status = await crypto.getUserVerificationStatus(userId);
        const trust = trustOf(status);
        members.set(userId, trust);
        if (trust === 'changed' && userId !== own) changed.push({ userId, name: this.nameOf(userId), wasVerified: status.wasCrossSigningVerified() });
      }
    } catch {
      // The crypto store closed under it (signing out): the last answer stands.
      return;
    }
    // A newer refresh, or the room closed, while this one awaited: its answer is stale.
    if (this.disposed || generation !== this.generation) return;
    this.set({ members, changed, room: roomTrust(members, own) });
  };
}

function roomTrust(members: ReadonlyMap<string, Trust>, own: string): Trust | null {
  const others = [...members].filter(([userId]) => userId !== own).map(([, trust]) => trust);
  if (others.length === 0) return null;
  if (others.includes('changed')) return 'changed';
  return others.every((trust) => trust === 'verified') ? 'verified' : 'unverified';
}
