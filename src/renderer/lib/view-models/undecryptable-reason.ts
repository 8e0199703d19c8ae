/**
 * Why a message cannot be read, in the few cases a person can tell apart and act on.
 * The SDK's failure codes are precise but technical; several mean the same thing to a
 * reader ("the keys have not arrived yet"), so they share one explanation.
 */
import { DecryptionFailureCode } from 'matrix-js-sdk/lib/crypto-api';

export type UndecryptableReason =
  /** The keys may still come (from the sender or the key backup): the message updates in place. */
  | 'waiting-for-keys'
  /** The sender's device decided not to share the keys with this session. */
  | 'withheld'
  /** The sender shares keys only with verified sessions, and this one is not verified. */
  | 'session-unverified'
  /** Sent before this session existed, and there is no key backup to fetch the keys from. */
  | 'before-session-no-backup'
  /** Sent before this session existed; the key backup exists but this session cannot open it yet. */
  | 'before-session-backup-locked'
  /** Sent before this person joined the room. */
  | 'before-joining'
  /** Hidden because the sender's identity changed after it had been verified. */
  | 'sender-identity-changed'
  /** Hidden because the sender's device is not verified by its owner. */
  | 'sender-device-unverified'
  | 'unknown';

const reasons: Record<DecryptionFailureCode, UndecryptableReason> = {
  [DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID]: 'waiting-for-keys',
  [DecryptionFailureCode.OLM_UNKNOWN_MESSAGE_INDEX]: 'waiting-for-keys',
  [DecryptionFailureCode.HISTORICAL_MESSAGE_WORKING_BACKUP]: 'waiting-for-keys',
  [DecryptionFailureCode.MEGOLM_KEY_WITHHELD]: 'withheld',
  [DecryptionFailureCode.MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE]: 'session-unverified',
  [DecryptionFailureCode.HISTORICAL_MESSAGE_NO_KEY_BACKUP]: 'before-session-no-backup',
  [DecryptionFailureCode.HISTORICAL_MESSAGE_BACKUP_UNCONFIGURED]: 'before-session-backup-locked',
  [DecryptionFailureCode.HISTORICAL_MESSAGE_USER_NOT_JOINED]: 'before-joining',
  [DecryptionFailureCode.SENDER_IDENTITY_PREVIOUSLY_VERIFIED]: 'sender-identity-changed',
  [DecryptionFailureCode.UNSIGNED_SENDER_DEVICE]: 'sender-device-unverified',
  [DecryptionFailureCode.UNKNOWN_SENDER_DEVICE]: 'sender-device-unverified',
  [DecryptionFailureCode.UNKNOWN_ERROR]: 'unknown',
};

/** The reader's reason for an SDK failure code; codes added by later SDK versions read as unknown. */
export function undecryptableReason(code: DecryptionFailureCode | null): UndecryptableReason {
  return (code !== null && reasons[code]) || 'unknown';
}
