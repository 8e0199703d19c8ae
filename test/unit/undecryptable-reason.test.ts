import { DecryptionFailureCode } from 'matrix-js-sdk/lib/crypto-api';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../src/renderer/lib/i18n/translate';
import { undecryptableReason } from '../../src/renderer/lib/view-models/undecryptable-reason';

describe('undecryptableReason', () => {
  it('gives every SDK failure code a reason both catalogs explain', () => {
    for (const code of Object.values(DecryptionFailureCode)) {
      const reason = undecryptableReason(code);
      for (const catalog of Object.values(catalogs)) expect(catalog[`undecryptable.${reason}`], `${code} -> ${reason}`).toBeTruthy();
    }
  });

  it('tells apart what a reader can act on', () => {
    expect(undecryptableReason(DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID)).toBe('waiting-for-keys');
    expect(undecryptableReason(DecryptionFailureCode.MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE)).toBe('session-unverified');
    expect(undecryptableReason(DecryptionFailureCode.HISTORICAL_MESSAGE_BACKUP_UNCONFIGURED)).toBe('before-session-backup-locked');
    expect(undecryptableReason(DecryptionFailureCode.SENDER_IDENTITY_PREVIOUSLY_VERIFIED)).toBe('sender-identity-changed');
  });

  it('reads a missing or unheard-of code as unknown', () => {
    expect(undecryptableReason(null)).toBe('unknown');
    expect(undecryptableReason('SOMETHING_NEW' as DecryptionFailureCode)).toBe('unknown');
  });
});
