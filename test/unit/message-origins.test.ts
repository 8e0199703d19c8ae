import { EventShieldColour, EventShieldReason } from 'matrix-js-sdk/lib/crypto-api';
import { describe, expect, it } from 'vitest';
import { originProblem } from '../../src/renderer/lib/view-models/message-origins';

describe('originProblem', () => {
  it('raises nothing for a message without a shield', () => {
    expect(originProblem(null)).toBeNull();
    expect(originProblem({ shieldColour: EventShieldColour.NONE, shieldReason: null })).toBeNull();
  });

  it('names the session problems the crypto reports', () => {
    const red = (shieldReason: EventShieldReason) => originProblem({ shieldColour: EventShieldColour.RED, shieldReason });
    expect(red(EventShieldReason.UNSIGNED_DEVICE)).toBe('unsigned-session');
    expect(red(EventShieldReason.UNKNOWN_DEVICE)).toBe('unknown-session');
    expect(red(EventShieldReason.MISMATCHED_SENDER)).toBe('mismatched-sender');
    expect(red(EventShieldReason.UNKNOWN)).toBe('unproven');
  });

  it('calls a key from the backup or another session unproven', () => {
    expect(originProblem({ shieldColour: EventShieldColour.GREY, shieldReason: EventShieldReason.AUTHENTICITY_NOT_GUARANTEED })).toBe('unproven');
  });

  it("leaves the person's own problems to the person's marker", () => {
    expect(originProblem({ shieldColour: EventShieldColour.RED, shieldReason: EventShieldReason.VERIFICATION_VIOLATION })).toBeNull();
    expect(originProblem({ shieldColour: EventShieldColour.GREY, shieldReason: EventShieldReason.UNVERIFIED_IDENTITY })).toBeNull();
  });
});
