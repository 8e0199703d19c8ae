import { createClient } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { neutraliseName } from '../../src/renderer/lib/content/display-text';
import { setUpEncryption } from '../../src/renderer/lib/matrix/encryption-setup';
import { SecretStorageKeys } from '../../src/renderer/lib/matrix/secret-storage-keys';
import { DeviceListViewModel } from '../../src/renderer/lib/view-models/device-list-view-model';
import { whoamiStatus } from '../support/matrix-api';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

describe('DeviceListViewModel against Synapse', () => {
  it('lists the sessions with their verification, renames one, and signs another out with the password', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const keys = new SecretStorageKeys();
    const client = await startPeer(synapse.baseUrl, alice, { cryptoCallbacks: keys.callbacks });
    await setUpEncryption(client, keys, alice.password);
    const other = await createClient({ baseUrl: synapse.baseUrl }).loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: alice.localpart },
      password: alice.password,
      initial_device_display_name: 'Laptop\u202Egnp.exe',
    });

    const devices = new DeviceListViewModel(client, neutraliseName);
    await devices.load();
    expect(devices.value.devices.map(({ deviceId, current, verified }) => ({ deviceId, current, verified }))).toEqual([
      { deviceId: alice.deviceId, current: true, verified: true },
      { deviceId: other.device_id, current: false, verified: false },
    ]);
    // A name from the server is shown without its direction tricks.
    expect(devices.value.devices[1]!.name).not.toContain('\u202E');

    await devices.rename(other.device_id, '  Dienstlaptop Raum 4.12  ');
    expect(devices.value.devices.find((device) => device.deviceId === other.device_id)?.name).toBe('Dienstlaptop Raum 4.12');

    await devices.signOut(other.device_id, '');
    expect(devices.value.problem).toBe('password-required');
    await devices.signOut(other.device_id, `${alice.password}-falsch`);
    expect(devices.value.problem).toBe('wrong-password');
    expect(await whoamiStatus(synapse.baseUrl, other.access_token)).toBe(200);
    await devices.signOut(other.device_id, alice.password);
    expect(devices.value.problem).toBeNull();
    expect(devices.value.devices.map((device) => device.deviceId)).toEqual([alice.deviceId]);
    expect(await whoamiStatus(synapse.baseUrl, other.access_token)).toBe(401);

    // This session is not signed out from here.
    await devices.signOut(alice.deviceId, alice.password);
    expect(await whoamiStatus(synapse.baseUrl, alice.accessToken)).toBe(200);
    client.stopClient();
  });
});
