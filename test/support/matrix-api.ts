/** Small, direct client-server API calls for assertions from the outside. */
export async function whoamiStatus(baseUrl: string, accessToken: string): Promise<number> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/account/whoami`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.body?.cancel();
  return response.status;
}

/** How the server refuses a token: `softLogout` tells an expired token from a revoked one; null if accepted. */
export async function refusal(baseUrl: string, accessToken: string): Promise<{ errcode: string; softLogout: boolean } | null> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/account/whoami`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const body = (await response.json()) as { errcode?: string; soft_logout?: boolean };
  return response.ok ? null : { errcode: body.errcode ?? '', softLogout: body.soft_logout === true };
}

/** The ed25519 key the server publishes for a device, or null if it has none. */
export async function publishedDeviceKey(baseUrl: string, accessToken: string, userId: string, deviceId: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/keys/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ device_keys: { [userId]: [deviceId] } }),
  });
  const body = (await response.json()) as { device_keys?: Record<string, Record<string, { keys?: Record<string, string> }>> };
  return body.device_keys?.[userId]?.[deviceId]?.keys?.[`ed25519:${deviceId}`] ?? null;
}

/** The user's published cross-signing master key, or null if they have none. */
export async function crossSigningMasterKey(baseUrl: string, accessToken: string, userId: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/keys/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ device_keys: { [userId]: [] } }),
  });
  const body = (await response.json()) as { master_keys?: Record<string, { keys?: Record<string, string> }> };
  return Object.values(body.master_keys?.[userId]?.keys ?? {})[0] ?? null;
}

/** The version of the account's current key backup, or null when there is none. */
export async function keyBackupVersion(baseUrl: string, accessToken: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/room_keys/version`, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = (await response.json()) as { version?: string };
  return response.ok ? (body.version ?? null) : null;
}

/** How many room keys the account's current key backup holds. */
export async function backedUpKeyCount(baseUrl: string, accessToken: string): Promise<number> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/room_keys/version`, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = (await response.json()) as { count?: number };
  return body.count ?? 0;
}

export async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

export interface DeviceLogin {
  readonly userId: string;
  readonly deviceId: string;
  readonly accessToken: string;
}

/** Signs in with the password on a new device of the account, as another client would. */
export async function loginNewDevice(baseUrl: string, user: { localpart: string; password: string }, deviceName?: string): Promise<DeviceLogin> {
  const { login } = await passwordLogin(baseUrl, user, { initial_device_display_name: deviceName });
  return login;
}

/**
 * Signs in on a new device with a token that expires within seconds: the test Synapse
 * gives short-lived tokens to logins that ask for a refresh token (the refresh token is
 * dropped), and then answers with a soft logout, as after a server's session lifetime.
 */
export async function loginWithExpiringToken(baseUrl: string, user: { localpart: string; password: string }): Promise<DeviceLogin> {
  const { login, expiresInMs } = await passwordLogin(baseUrl, user, { refresh_token: true });
  if (!expiresInMs) throw new Error('The login did not get an expiring token.');
  return login;
}

async function passwordLogin(
  baseUrl: string,
  user: { localpart: string; password: string },
  extra: Record<string, unknown>,
): Promise<{ login: DeviceLogin; expiresInMs?: number }> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'm.login.password', identifier: { type: 'm.id.user', user: user.localpart }, password: user.password, ...extra }),
  });
  const body = (await response.json()) as { user_id?: string; device_id?: string; access_token?: string; expires_in_ms?: number };
  if (!body.user_id || !body.device_id || !body.access_token) throw new Error(`Login failed: ${response.status}`);
  return { login: { userId: body.user_id, deviceId: body.device_id, accessToken: body.access_token }, expiresInMs: body.expires_in_ms };
}

/** Resolves once the server refuses the token. */
export function tokenRefused(baseUrl: string, accessToken: string): Promise<true> {
  return waitFor(async () => ((await whoamiStatus(baseUrl, accessToken)) === 401 ? true : null), 'the token to be refused', 60_000);
}

/**
 * Ends the long-polling syncs of all the user's devices (account data is per user), so
 * their next request meets the server's current view of their tokens at once.
 */
export async function wakeSyncs(baseUrl: string, user: { userId: string; accessToken: string }): Promise<void> {
  const type = 'org.depesche.test.wake';
  const response = await fetch(`${baseUrl}/_matrix/client/v3/user/${encodeURIComponent(user.userId)}/account_data/${type}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ at: Date.now() }),
  });
  if (!response.ok) throw new Error(`Waking the syncs failed: ${response.status}`);
}
