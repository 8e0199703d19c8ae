/**
 * The workspace's verifications: requests from other people (or from the person's other
 * sessions) as they arrive, and those the person starts from a member's profile or the
 * sessions list. One is under way at a time; requests arriving meanwhile wait their turn.
 * An incoming request is announced first and opened only when the person chooses to, so
 * that nobody can take the keyboard away from someone typing.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { CryptoEvent, type CryptoApi, type VerificationRequest } from 'matrix-js-sdk/lib/crypto-api';
import { existingDirectChat, startDirectChat } from '../matrix/room-actions';
import { ChildSlot } from './disposables';
import { Observable } from './observable';
import { Verification } from './verification';

export interface VerificationsSnapshot {
  readonly current: Verification | null;
  /** The person has the current verification open (those started here are, incoming ones once chosen). */
  readonly opened: boolean;
  /** A request is being sent (a direct chat may have to be created first). */
  readonly starting: boolean;
  /** `no-identity`: the person has no cross-signing identity (an older client or a bot), so there is nothing to verify. */
  readonly problem: 'request-failed' | 'no-identity' | null;
}

export class Verifications extends Observable<VerificationsSnapshot> {
  private readonly waiting: VerificationRequest[] = [];
  /** The verification shown (or announced); replacing it disposes it, which cancels it if unfinished. */
  private readonly current = this.disposables.add(new ChildSlot<Verification>());

  constructor(private readonly client: MatrixClient) {
    super({ current: null, opened: false, starting: false, problem: null });
    this.listen(client, CryptoEvent.VerificationRequestReceived, this.received);
    // Requests still waiting are declined when the workspace closes.
    this.disposables.add(() => {
      for (const request of this.waiting.splice(0)) void request.cancel().catch(() => undefined);
    });
  }

  /**
   * Asks another person to verify, in a direct chat with them (created if there is none):
   * verifying a person confirms their cross-signing identity, whichever device they answer on.
   */
  async verifyUser(userId: string): Promise<void> {
    await this.request(userId, async (crypto) => {
      // Checked before a direct chat is created for a request that could never be answered.
      if (!(await crypto.userHasCrossSigningKeys(userId, true))) throw new NoIdentity();
      const roomId = (await existingDirectChat(this.client, userId)) ?? (await startDirectChat(this.client, userId));
      return crypto.requestVerificationDM(userId, roomId);
    });
  }

  /**
   * Whether a person can be verified by emoji at all: only with a cross-signing identity
   * (older clients and bots have none). Asked when the person's profile opens, so it is
   * the server's current answer rather than what this device had seen of them.
   */
  async canVerify(userId: string): Promise<boolean> {
    // Unknown (offline, a failed key query) is not "no": the button stays, and verifyUser asks again.
    return (await this.client.getCrypto()?.userHasCrossSigningKeys(userId, true).catch(() => true)) ?? false;
  }

  /** Asks another session of this account to verify (or to be verified by) this one. */
  async verifyOwnDevice(deviceId: string): Promise<void> {
    const userId = this.client.getSafeUserId();
    await this.request(userId, (crypto) => crypto.requestDeviceVerification(userId, deviceId));
  }

  /** Opens the announced incoming request. */
  open(): void {
    if (this.value.current) this.set({ ...this.value, opened: true });
  }

  /** Closes the shown verification (cancelling it if unfinished) and shows the next waiting request. */
  close(): void {
    // Replacing it in its slot disposes it, which cancels it if unfinished.
    this.showNext();
  }

  dismissProblem(): void {
    this.showNext();
  }

  private showNext(): void {
    let next: VerificationRequest | undefined;
    while ((next = this.waiting.shift()) && !next.pending);
    this.set({ current: this.current.set(next ? new Verification(next) : null), opened: false, starting: false, problem: null });
  }

  private async request(userId: string, send: (crypto: CryptoApi) => Promise<VerificationRequest>): Promise<void> {
    if (this.value.starting || (this.value.current && !this.value.current.finished)) return;
    this.set({ current: this.current.set(null), opened: false, starting: true, problem: null });
    try {
      const crypto = this.client.getCrypto()!;
      // Their identity and devices must be known to address the request; for someone new they may not be yet.
      await crypto.getUserDeviceInfo([userId], true);
      const request = await send(crypto);
      this.set({ current: this.current.set(new Verification(request)), opened: true, starting: false, problem: null });
    } catch (error) {
      this.set({ current: null, opened: false, starting: false, problem: error instanceof NoIdentity ? 'no-identity' : 'request-failed' });
    }
  }

  private readonly received = (request: VerificationRequest): void => {
    const { current, starting } = this.value;
    if (starting || (current && !current.finished)) {
      this.waiting.push(request);
      return;
    }
    this.set({ ...this.value, current: this.current.set(new Verification(request)), opened: false });
  };
}

class NoIdentity extends Error {}
