/**
 * Who in an encrypted room has a new cryptographic identity since this device last
 * accepted theirs: a reset after a lost device, or someone else in their name. The
 * person must acknowledge each change; a previously verified person stays marked until
 * verified again or the verification requirement is withdrawn.
 */
import { KnownMembership, RoomStateEvent, type MatrixClient, type Room } from 'matrix-js-sdk';
import { CryptoEvent } from 'matrix-js-sdk/lib/crypto-api';
import { Observable } from './observable';

export interface ChangedIdentity {
  readonly userId: string;
  readonly name: string;
  /** They had been verified: the change withdraws that trust, which is more serious. */
  readonly wasVerified: boolean;
}

const CHANGE_DELAY_MS = 100;

export class IdentityWarnings extends Observable<readonly ChangedIdentity[]> {
  private disposed = false;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly nameOf: (userId: string) => string,
  ) {
    super([]);
    client.on(CryptoEvent.UserTrustStatusChanged, this.changed);
    room.on(RoomStateEvent.Members, this.changed);
    void this.refresh();
  }

  /** Accepts the new identity (and, for a formerly verified person, withdraws the verification requirement). */
  async acknowledge(userId: string): Promise<void> {
    const changed = this.value.find((identity) => identity.userId === userId);
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
    const userIds = [...this.room.getMembersWithMembership(KnownMembership.Join), ...this.room.getMembersWithMembership(KnownMembership.Invite)]
      .map((member) => member.userId)
      .filter((userId) => userId !== own);
    const changed: ChangedIdentity[] = [];
    for (const userId of userIds) {
      const status = await crypto.getUserVerificationStatus(userId);
      const lostVerification = status.wasCrossSigningVerified() && !status.isCrossSigningVerified();
      if (status.needsUserApproval || lostVerification) changed.push({ userId, name: this.nameOf(userId), wasVerified: status.wasCrossSigningVerified() });
    }
    // A newer refresh, or the room closed, while this one awaited: its answer is stale.
    if (!this.disposed && generation === this.generation) this.set(changed);
  };
}
