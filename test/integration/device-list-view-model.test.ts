import { describe, expect, inject, it } from 'vitest';
import { neutraliseName } from '../../src/renderer/lib/content/display-text';
import { DeviceListViewModel } from '../../src/renderer/lib/view-models/device-list-view-model';
import { loginNewDevice, whoamiStatus } from '../support/matrix-api';
import { startCrossSignedPeer, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

describe('DeviceListViewModel against Synapse', () => {
  it('lists the sessions with their verification, renames one, and signs another out with the password', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const { client } = await startCrossSignedPeer(synapse.baseUrl, alice);
    const other = await loginNewDevice(synapse.baseUrl, alice, 'Laptop\u202Egnp.exe');

    const devices = new DeviceListViewModel(client, neutraliseName);
    await devices.load();
    expect(devices.value.devices.map(({ deviceId, current, verified }) => ({ deviceId, current, verified }))).toEqual([
      { deviceId: alice.deviceId, current: true, verified: true },
      { deviceId: other.deviceId, current: false, verified: false },
    ]);
    // A name from the server is shown without its direction tricks.
    expect(devices.value.devices[1]!.name).not.toContain('\u202E');

    // The other session starts its crypto and is verified meanwhile (here by cross-signing it
    // directly): the open list follows without being reloaded.
    const otherClient = await startPeer(synapse.baseUrl, { ...alice, ...other });
    await expect.poll(async () => (await client.getCrypto()!.getUserDeviceInfo([alice.userId], true)).get(alice.userId)?.has(other.deviceId)).toBe(true);
    await client.getCrypto()!.crossSignDevice(other.deviceId);
    await expect.poll(() => devices.value.devices.find((device) => device.deviceId === other.deviceId)?.verified).toBe(true);
    otherClient.stopClient();

    await devices.rename(other.deviceId, '  Dienstlaptop Raum 4.12  ');
    expect(devices.value.devices.find((device) => device.deviceId === other.deviceId)?.name).toBe('Dienstlaptop Raum 4.12');

    await devices.signOut(other.deviceId, '');
    expect(devices.value.problem).toBe('password-required');
    await devices.signOut(other.deviceId, `${alice.password}-falsch`);
    expect(devices.value.problem).toBe('wrong-password');
    expect(await whoamiStatus(synapse.baseUrl, other.accessToken)).toBe(200);
    await devices.signOut(other.deviceId, alice.password);
    expect(devices.value.problem).toBeNull();
    expect(devices.value.devices.map((device) => device.deviceId)).toEqual([alice.deviceId]);
    expect(await whoamiStatus(synapse.baseUrl, other.accessToken)).toBe(401);

    // This session is not signed out from here.
    await devices.signOut(alice.deviceId, alice.password);
    expect(await whoamiStatus(synapse.baseUrl, alice.accessToken)).toBe(200);
    devices.dispose();
    client.stopClient();
  });
});
