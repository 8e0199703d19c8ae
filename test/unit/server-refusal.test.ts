import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../src/renderer/lib/matrix/server-refusal';

const refusal = (errcode: string, status: number) => refusalOf(new MatrixError({ errcode, error: 'server text' }, status));

describe('why the server refused a room change', () => {
  it('reads the error codes of the spec', () => {
    expect(refusal('M_FORBIDDEN', 403)).toBe('forbidden');
    expect(refusal('M_ROOM_IN_USE', 400)).toBe('taken');
    expect(refusal('M_TOO_LARGE', 413)).toBe('too-large');
    expect(refusal('M_LIMIT_EXCEEDED', 429)).toBe('rate-limited');
    expect(refusal('M_UNSUPPORTED_ROOM_VERSION', 400)).toBe('unsupported');
    expect(refusal('M_INVALID_PARAM', 400)).toBe('invalid');
  });

  it('falls back on the HTTP status where the code says nothing (Synapse answers a taken address with 409 M_UNKNOWN)', () => {
    expect(refusal('M_UNKNOWN', 409)).toBe('taken');
    expect(refusal('M_UNKNOWN', 413)).toBe('too-large');
    expect(refusal('M_UNKNOWN', 429)).toBe('rate-limited');
    expect(refusal('M_UNKNOWN', 500)).toBe('unexpected');
  });

  it('tells a lost connection from anything else', () => {
    expect(refusalOf(new ConnectionError('fetch failed'))).toBe('unreachable');
    expect(refusalOf(new Error('boom'))).toBe('unexpected');
  });
});
