/**
 * The password step of user-interactive authentication, which the server asks for
 * before sensitive account changes (uploading cross-signing keys, signing out other
 * sessions). The password is used for the one request and not kept.
 */
import { MatrixError, type AuthDict, type MatrixClient } from 'matrix-js-sdk';

export function passwordAuth(client: MatrixClient, password: string, session?: string): AuthDict {
  return { type: 'm.login.password', identifier: { type: 'm.id.user', user: client.getSafeUserId() }, password, session };
}

/** The server refused the password (UIA answers 401 with an error code once a stage failed). */
export class PasswordRejected extends Error {
  constructor() {
    super('The password was not accepted.');
    this.name = 'PasswordRejected';
  }
}

/**
 * Runs `request` as UIA wants: once without authentication to learn the session, then
 * with the password for it. A request that needs no authentication just succeeds.
 */
export async function withPassword<T>(client: MatrixClient, password: string, request: (auth?: AuthDict) => Promise<T>): Promise<T> {
  let session: string | undefined;
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof MatrixError) || error.httpStatus !== 401 || !error.data.flows) throw error;
    session = typeof error.data.session === 'string' ? error.data.session : undefined;
  }
  try {
    return await request(passwordAuth(client, password, session));
  } catch (error) {
    if (error instanceof MatrixError && (error.httpStatus === 401 || error.errcode === 'M_FORBIDDEN')) throw new PasswordRejected();
    throw error;
  }
}

/**
 * Checks the password with the homeserver by a request that changes nothing: signing out
 * an empty list of sessions, which the spec guards with the same password step.
 * Throws PasswordRejected for a wrong password.
 */
export async function confirmPassword(client: MatrixClient, password: string): Promise<void> {
  let asked = false;
  await withPassword(client, password, (auth) => {
    asked = auth !== undefined;
    return client.deleteMultipleDevices([], auth);
  });
  // A server that lets a recent sign-in skip the password step (Synapse's ui_auth.session_timeout)
  // answered without looking at the password at all.
  if (!asked) throw new PasswordNotChecked();
}

/** The homeserver did not ask for the password, so it could not say whether it was right. */
export class PasswordNotChecked extends Error {
  constructor() {
    super('The homeserver did not check the password');
    this.name = 'PasswordNotChecked';
  }
}
