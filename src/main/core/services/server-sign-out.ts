/**
 * Main signs the kept session out on its homeserver (`POST /logout`: the server deletes
 * the device and its keys). The page does this on "End session"; main does it where the
 * page may no longer run: a kiosk's exit, OS log-off and shutdown.
 */
import type { HttpFetch } from './guarded-fetch';
import type { SessionVault } from './session-vault';

export type ServerSignOut = 'signed-out' | 'no-session' | 'refused';

export async function signOutOnServer(vault: SessionVault, fetch: HttpFetch, signal: AbortSignal): Promise<ServerSignOut> {
  const session = await vault.load();
  if (!session || !('accessToken' in session)) return 'no-session';
  const url = `${session.homeserverUrl.replace(/\/+$/, '')}/_matrix/client/v3/logout`;
  const response = await fetch(url, { method: 'POST', signal, headers: { authorization: `Bearer ${session.accessToken}` } });
  await response.body?.cancel();
  // 401: the token is no longer valid, so there is nothing left to sign out.
  return response.ok || response.status === 401 ? 'signed-out' : 'refused';
}
