/**
 * Which sessions receive this device's room keys. By default every session of every
 * member does, as in other Matrix clients; policy `encryption.onlyVerifiedDevices` limits
 * them to sessions their owners cross-signed (the SDK's only-signed isolation mode), so a
 * session added with a stolen password or by a hostile server admin reads nothing.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { AllDevicesIsolationMode, OnlySignedDevicesIsolationMode } from 'matrix-js-sdk/lib/crypto-api';

/** What each client was told, for the view models that must say so. */
const onlySigned = new WeakMap<MatrixClient, boolean>();

export function isolateUnsignedSessions(client: MatrixClient, isolate: boolean): void {
  // `false`: as the SDK's default, a verified person's changed identity is warned about, not a send error.
  client.getCrypto()!.setDeviceIsolationMode(isolate ? new OnlySignedDevicesIsolationMode() : new AllDevicesIsolationMode(false));
  onlySigned.set(client, isolate);
}

/** Whether room keys go only to sessions their owners signed. */
export function sharesOnlyWithSignedSessions(client: MatrixClient): boolean {
  return onlySigned.get(client) ?? false;
}
