/**
 * Errors cross the bridge as values: a stable `code` the UI translates, and an
 * English `message` for logs and support. Nothing else (no stack, no cause).
 */
export const errorCodes = [
  'invalid-argument',
  'unknown-call',
  'forbidden-sender',
  'keychain-unavailable',
  'no-session',
  'session-mismatch',
  'invalid-url',
  'homeserver-unreachable',
  'not-a-matrix-server',
  'homeserver-refused',
  'link-refused',
  'policy-forbidden',
  'rate-limited',
  'io-failed',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface BridgeError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type BridgeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BridgeError };

/** Thrown by main-process services; the bridge turns it into a `BridgeError` value. */
export class DepescheError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DepescheError';
  }
}

export function ok<T>(value: T): BridgeResult<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): BridgeResult<never> {
  return { ok: false, error: { code, message } };
}
