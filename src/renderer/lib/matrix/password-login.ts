/**
 * Password login against a homeserver that discovery already verified.
 * Failures become codes the login screen can translate.
 */
import { ConnectionError, createClient, MatrixError } from 'matrix-js-sdk';
import type { SessionIdentity, StoredSession } from '../../../shared/bridge';
import { LoginFailure, type LoginFailureCode } from './session-errors';

export interface LoginCredentials {
  readonly userId: string;
  readonly deviceId: string;
  readonly accessToken: string;
}

/** `deviceId` signs in again on an existing device instead of creating a new one. */
export async function passwordLogin(baseUrl: string, user: string, password: string, deviceId?: string): Promise<LoginCredentials> {
  const client = createClient({ baseUrl });
  try {
    const response = await client.loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user },
      password,
      device_id: deviceId,
      initial_device_display_name: 'Depesche',
    });
    return { userId: response.user_id, deviceId: response.device_id, accessToken: response.access_token };
  } catch (error) {
    throw new LoginFailure(failureCode(error));
  }
}

/**
 * Signs in again after a soft logout, on the same device, so its crypto store and keys
 * stay valid. A server that answers with another account or device is refused.
 */
export async function resumeWithPassword(expired: SessionIdentity, password: string): Promise<StoredSession> {
  const credentials = await passwordLogin(expired.homeserverUrl, expired.userId, password, expired.deviceId);
  if (credentials.userId !== expired.userId || credentials.deviceId !== expired.deviceId) {
    await revokeAccessToken(expired.homeserverUrl, credentials.accessToken).catch(() => undefined);
    throw new LoginFailure('unexpected');
  }
  return { homeserverUrl: expired.homeserverUrl, ...credentials };
}

/** Invalidates an access token that we could not keep (e.g. the keychain refused it). */
export async function revokeAccessToken(baseUrl: string, accessToken: string): Promise<void> {
  await createClient({ baseUrl, accessToken }).logout();
}

function failureCode(error: unknown): LoginFailureCode {
  if (error instanceof ConnectionError) return 'homeserver-unreachable';
  if (error instanceof MatrixError) {
    if (error.errcode === 'M_FORBIDDEN') return 'wrong-credentials';
    if (error.errcode === 'M_USER_DEACTIVATED') return 'user-deactivated';
    if (error.errcode === 'M_LIMIT_EXCEEDED') return 'rate-limited';
  }
  return 'unexpected';
}
