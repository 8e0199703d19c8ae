/**
 * Why the homeserver refused a change to a room, as a code the UI can put in words a clerk
 * understands (never the server's own text, which may be anything).
 */
import { ConnectionError, MatrixError } from 'matrix-js-sdk';

export type ServerRefusal = 'forbidden' | 'taken' | 'too-large' | 'rate-limited' | 'invalid' | 'unsupported' | 'unreachable' | 'unexpected';

export function refusalOf(error: unknown): ServerRefusal {
  if (error instanceof ConnectionError) return 'unreachable';
  if (!(error instanceof MatrixError)) return 'unexpected';
  switch (error.errcode) {
    case 'M_FORBIDDEN':
      return 'forbidden';
    // Synapse answers a taken address with 409 and M_UNKNOWN; the spec names M_ROOM_IN_USE.
    case 'M_ROOM_IN_USE':
      return 'taken';
    case 'M_TOO_LARGE':
      return 'too-large';
    case 'M_LIMIT_EXCEEDED':
      return 'rate-limited';
    case 'M_UNSUPPORTED_ROOM_VERSION':
      return 'unsupported';
    case 'M_INVALID_PARAM':
    case 'M_BAD_JSON':
    case 'M_BAD_ALIAS':
    case 'M_EXCLUSIVE':
      return 'invalid';
  }
  if (error.httpStatus === 409) return 'taken';
  if (error.httpStatus === 413) return 'too-large';
  if (error.httpStatus === 429) return 'rate-limited';
  if (error.httpStatus === 403) return 'forbidden';
  if (error.httpStatus === 400) return 'invalid';
  return 'unexpected';
}
