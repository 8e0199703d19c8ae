/** Small, direct client-server API calls for assertions from the outside. */
export async function whoamiStatus(baseUrl: string, accessToken: string): Promise<number> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/account/whoami`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.body?.cancel();
  return response.status;
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

export async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}
