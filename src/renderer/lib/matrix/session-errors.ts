/**
 * How signing in or opening a session fails. Kept apart from the modules that use the
 * SDK, so the session view model can tell the failures apart before the SDK is loaded.
 */

export type LoginFailureCode = 'wrong-credentials' | 'user-deactivated' | 'rate-limited' | 'homeserver-unreachable' | 'unexpected';

export class LoginFailure extends Error {
  constructor(readonly code: LoginFailureCode) {
    super(code);
    this.name = 'LoginFailure';
  }
}

/**
 * How the server ended a session. `expired` is a soft logout: only the access token is
 * gone, the device and its keys stay valid. `revoked` means the device itself is gone
 * (signed out remotely, or deactivated).
 */
export type SessionEnd = 'expired' | 'revoked';

/** The server no longer accepts the stored access token. */
export class SessionEnded extends Error {
  constructor(readonly end: SessionEnd) {
    super(end === 'expired' ? 'The access token has expired.' : 'The homeserver no longer accepts this session.');
    this.name = 'SessionEnded';
  }
}

/** The recovery key given does not open this account's secure backup (mistyped, or an old one). */
export class RecoveryKeyRejected extends Error {
  constructor() {
    super('The recovery key does not match this account.');
    this.name = 'RecoveryKeyRejected';
  }
}
