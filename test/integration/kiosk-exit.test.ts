import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { cleanKioskProfile } from '../../src/main/core/kiosk-profile';
import { createMemorySecretStore } from '../../src/main/core/services/secret-store';
import { loginNewDevice, whoamiStatus } from '../support/matrix-api';
import { createMainForTests } from '../support/main-for-tests';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function deviceIds(accessToken: string): Promise<string[]> {
  const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/devices`, { headers: { authorization: `Bearer ${accessToken}` } });
  const { devices } = (await response.json()) as { devices: { device_id: string }[] };
  return devices.map(({ device_id }) => device_id);
}

describe("a kiosk's exit, log-off and shutdown", () => {
  it('main signs the kept session out on the homeserver: the device is gone from the account', async () => {
    const erika = await registerUser(synapse, uniqueLocalpart('erika'));
    const main = await createMainForTests({ secretStore: createMemorySecretStore(), profile: 'kiosk-exit' });
    const kiosk = await loginNewDevice(synapse.baseUrl, erika, 'Kiosk');
    await main.keepSession({ homeserverUrl: synapse.baseUrl, ...kiosk });
    expect(await deviceIds(erika.accessToken)).toContain(kiosk.deviceId);

    expect(await main.signOutOnServer(AbortSignal.timeout(5000))).toBe('signed-out');
    expect(await whoamiStatus(synapse.baseUrl, kiosk.accessToken)).toBe(401);
    expect(await deviceIds(erika.accessToken)).not.toContain(kiosk.deviceId);
    // Nothing kept, nothing to sign out: the exit goes on to wipe.
    await main.sessionVault.clear();
    expect(await main.signOutOnServer(AbortSignal.timeout(5000))).toBe('no-session');
  });

  it('the next start removes what a crashed kiosk session left in the profile folder', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'depesche-kiosk-profile-'));
    folders.push(profile);
    await mkdir(join(profile, 'IndexedDB', 'app_depesche_0.indexeddb.leveldb'), { recursive: true });
    await writeFile(join(profile, 'IndexedDB', 'app_depesche_0.indexeddb.leveldb', '000003.log'), 'syt_secret_token');
    await mkdir(join(profile, 'logs'));
    await writeFile(join(profile, 'logs', 'depesche.log'), '@erika:bund.de');
    await writeFile(join(profile, 'SingletonLock'), '');
    expect(await cleanKioskProfile(profile)).toEqual({ removed: ['IndexedDB', 'logs'], failed: [] });
    expect(await readdir(profile)).toEqual(['SingletonLock']);
    expect(await cleanKioskProfile(join(profile, 'not-there'))).toEqual({ removed: [], failed: [] });
  });
});
