/**
 * The account's sessions (devices): name, when last seen, and whether each is verified
 * by the account's cross-signing. A person renames them and signs out those they no
 * longer use; the server asks for the password for that.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { CryptoEvent } from 'matrix-js-sdk/lib/crypto-api';
import { PasswordRejected, withPassword } from '../matrix/password-auth';
import { Observable } from './observable';

export interface DeviceSummary {
  readonly deviceId: string;
  /** The name the person gave it (neutralised), or null. */
  readonly name: string | null;
  readonly lastSeen: number | null;
  readonly verified: boolean;
  readonly current: boolean;
}

export type DeviceProblem = 'load-failed' | 'rename-failed' | 'password-required' | 'wrong-password' | 'sign-out-failed';

export interface DeviceListSnapshot {
  readonly status: 'loading' | 'ready';
  /** This session first, then the others by when they were last seen. */
  readonly devices: readonly DeviceSummary[];
  readonly busy: boolean;
  readonly problem: DeviceProblem | null;
}

const maxNameLength = 100;

/** A list before its first answer (and the sessions dialog while closed). */
export const loadingDevices: DeviceListSnapshot = { status: 'loading', devices: [], busy: false, problem: null };

export class DeviceListViewModel extends Observable<DeviceListSnapshot> {
  constructor(
    private readonly client: MatrixClient,
    private readonly neutraliseName: (name: string) => string,
  ) {
    super(loadingDevices);
    // A session verified (or signed out) elsewhere, or by an emoji verification from here, shows at once.
    this.listen(client, CryptoEvent.DevicesUpdated, this.devicesUpdated);
  }

  async load(): Promise<void> {
    try {
      const { devices } = await this.client.getDevices();
      const crypto = this.client.getCrypto()!;
      const userId = this.client.getSafeUserId();
      const current = this.client.getDeviceId();
      const summaries = await Promise.all(
        devices.map(async (device): Promise<DeviceSummary> => ({
          deviceId: device.device_id,
          name: device.display_name ? this.neutraliseName(device.display_name) : null,
          lastSeen: device.last_seen_ts ?? null,
          verified: (await crypto.getDeviceVerificationStatus(userId, device.device_id))?.crossSigningVerified ?? false,
          current: device.device_id === current,
        })),
      );
      summaries.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastSeen ?? 0) - (a.lastSeen ?? 0));
      this.set({ ...this.value, status: 'ready', devices: summaries });
    } catch {
      this.set({ ...this.value, status: 'ready', problem: 'load-failed' });
    }
  }

  async rename(deviceId: string, name: string): Promise<void> {
    const displayName = name.trim().slice(0, maxNameLength);
    await this.act('rename-failed', () => this.client.setDeviceDetails(deviceId, { display_name: displayName }));
  }

  /** Signs out another session; this one signs out through the user menu. */
  async signOut(deviceId: string, password: string): Promise<void> {
    if (deviceId === this.client.getDeviceId()) return;
    if (!password) return this.set({ ...this.value, problem: 'password-required' });
    await this.act('sign-out-failed', () => withPassword(this.client, password, (auth) => this.client.deleteMultipleDevices([deviceId], auth)));
  }

  dismissProblem(): void {
    this.set({ ...this.value, problem: null });
  }

  private readonly devicesUpdated = (userIds: string[]): void => {
    if (userIds.includes(this.client.getSafeUserId())) void this.load();
  };

  private async act(problem: DeviceProblem, action: () => Promise<unknown>): Promise<void> {
    if (this.value.busy) return;
    this.set({ ...this.value, busy: true, problem: null });
    try {
      await action();
      this.set({ ...this.value, busy: false });
      await this.load();
    } catch (error) {
      this.set({ ...this.value, busy: false, problem: error instanceof PasswordRejected ? 'wrong-password' : problem });
    }
  }
}
