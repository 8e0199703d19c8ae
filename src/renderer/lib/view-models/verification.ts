/**
 * One interactive verification by emoji (SAS), from either side: someone asks, the other
 * accepts, both compare seven emoji and confirm they match. Whoever asked starts the
 * emoji exchange once the other side accepts.
 */
import {
  VerificationPhase,
  VerificationRequestEvent,
  VerifierEvent,
  type ShowSasCallbacks,
  type VerificationRequest,
  type Verifier,
} from 'matrix-js-sdk/lib/crypto-api';
import { sasMethod } from '../matrix/matrix-session';
import { Observable } from './observable';

export interface SasEmoji {
  readonly symbol: string;
  /** The specification's English name; the UI shows it translated. */
  readonly name: string;
}

/**
 * `mismatch`: the emoji differed (or the keys did); `declined`: the other side said no to
 * the request; `timeout`: nobody answered in time; `elsewhere`: another of the person's
 * sessions took the request; `by-me`/`by-them`: stopped by one side; `failed`: anything else.
 */
export type CancelReason = 'mismatch' | 'declined' | 'timeout' | 'elsewhere' | 'by-me' | 'by-them' | 'failed';

export type VerificationStep =
  /** Asked; waiting for the other side to accept. */
  | { readonly kind: 'requested' }
  /** The other side asks; accept or decline. */
  | { readonly kind: 'incoming' }
  /** Accepted; the emoji are being worked out. */
  | { readonly kind: 'starting' }
  | { readonly kind: 'compare'; readonly emoji: readonly SasEmoji[] }
  /** This side confirmed the match; waiting for the other side to do the same. */
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'done' }
  | { readonly kind: 'cancelled'; readonly reason: CancelReason };

export interface VerificationSnapshot {
  readonly step: VerificationStep;
  /** Between two sessions of the same person. */
  readonly self: boolean;
  readonly otherUserId: string;
  readonly otherDeviceId: string | null;
}

const mismatchCodes = new Set(['m.mismatched_sas', 'm.key_mismatch', 'm.mismatched_commitment']);

export class Verification extends Observable<VerificationSnapshot> {
  private sas: ShowSasCallbacks | null = null;
  private verifier: Verifier | null = null;
  private starting = false;
  private confirmed = false;
  private cancelledHere = false;
  private failed = false;
  /** An answer is on its way; a second press of the same button must not send another. */
  private acting = false;
  /** The step before a cancellation: a request cancelled unanswered was declined. */
  private answered = false;

  constructor(private readonly request: VerificationRequest) {
    super({ step: { kind: 'requested' }, self: request.isSelfVerification, otherUserId: request.otherUserId, otherDeviceId: request.otherDeviceId ?? null });
    this.listen(request, VerificationRequestEvent.Change, this.changed);
    this.changed();
  }

  get finished(): boolean {
    const { kind } = this.value.step;
    return kind === 'done' || kind === 'cancelled';
  }

  async accept(): Promise<void> {
    if (this.value.step.kind !== 'incoming') return;
    await this.attempt(() => this.request.accept());
  }

  /** The emoji on both screens are the same. */
  async confirm(): Promise<void> {
    if (this.value.step.kind !== 'compare' || !this.sas) return;
    this.confirmed = true;
    this.publish();
    await this.attempt(() => this.sas!.confirm());
  }

  /** The emoji differ: someone may be in between; the verification is cancelled. */
  mismatch(): void {
    if (this.value.step.kind !== 'compare' || !this.sas) return;
    this.cancelledHere = true;
    this.sas.mismatch();
  }

  /** Declines an incoming request or stops one under way. */
  async cancel(): Promise<void> {
    if (this.finished) return;
    this.cancelledHere = true;
    // Not held back by an answer on its way: stopping must always be possible.
    await this.request.cancel().catch(() => {
      this.failed = true;
      this.publish();
    });
  }

  /** Stops listening; an unfinished verification is cancelled, so the other side is not left waiting. */
  override dispose(): void {
    if (!this.finished) void this.cancel();
    super.dispose();
  }

  private readonly changed = (): void => {
    const { phase, initiatedByMe, verifier } = this.request;
    if (phase === VerificationPhase.Ready || phase === VerificationPhase.Started) this.answered = true;
    if (phase === VerificationPhase.Ready && initiatedByMe && !this.starting) {
      this.starting = true;
      void this.attempt(() => this.request.startVerification(sasMethod));
    }
    if (verifier && !this.verifier) this.run(verifier);
    this.publish();
  };

  private run(verifier: Verifier): void {
    this.verifier = verifier;
    this.listen(verifier, VerifierEvent.ShowSas, this.showSas);
    const shown = verifier.getShowSasCallbacks();
    if (shown) this.sas = shown;
    // Failure shows as the request's cancellation; the promise itself says no more.
    verifier.verify().catch(() => this.publish());
  }

  private readonly showSas = (sas: ShowSasCallbacks): void => {
    this.sas = sas;
    this.publish();
  };

  private async attempt(action: () => Promise<unknown>): Promise<void> {
    if (this.acting) return;
    this.acting = true;
    try {
      await action();
    } catch {
      // Stopped for both sides, so the other one is not left waiting.
      this.failed = true;
      this.publish();
      if (!this.request.cancellationCode) await this.request.cancel().catch(() => undefined);
    } finally {
      this.acting = false;
    }
  }

  private publish(): void {
    this.set({ ...this.value, step: this.step() });
  }

  private step(): VerificationStep {
    const { phase, initiatedByMe, cancellationCode } = this.request;
    if (phase === VerificationPhase.Done) return { kind: 'done' };
    if (phase === VerificationPhase.Cancelled) return { kind: 'cancelled', reason: this.cancelReason(cancellationCode) };
    if (this.failed) return { kind: 'cancelled', reason: 'failed' };
    if (phase === VerificationPhase.Unsent || phase === VerificationPhase.Requested) return initiatedByMe ? { kind: 'requested' } : { kind: 'incoming' };
    const emoji = this.sas?.sas.emoji;
    if (!emoji) return { kind: 'starting' };
    if (this.confirmed) return { kind: 'confirmed' };
    return { kind: 'compare', emoji: emoji.map(([symbol, name]) => ({ symbol, name })) };
  }

  private cancelReason(code: string | null): CancelReason {
    if (code && mismatchCodes.has(code)) return 'mismatch';
    if (code === 'm.timeout') return 'timeout';
    if (code === 'm.accepted') return 'elsewhere';
    if (this.cancelledHere) return 'by-me';
    if (code === 'm.user') return this.answered || !this.request.initiatedByMe ? 'by-them' : 'declined';
    return 'failed';
  }
}
