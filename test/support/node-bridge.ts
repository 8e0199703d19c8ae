/**
 * `window.depesche` for view-model tests in Node: the same `buildBridge` and the
 * same main-process dispatcher, without a browser in between.
 */
import { randomBytes } from 'node:crypto';
import { buildBridge, type DepescheBridge } from '../../src/shared/bridge';
import { createBridgeDispatcher } from '../../src/main/bridge-dispatch';
import { createBridgeHandlers } from '../../src/main/bridge-handlers';
import { discoverHomeserver } from '../../src/main/services/homeserver-discovery';
import type { SecretStore } from '../../src/main/services/secret-store';
import { createSessionVault, type SessionVault } from '../../src/main/services/session-vault';

export function createNodeBridge(secretStore: SecretStore, profile: string): { bridge: DepescheBridge; sessionVault: SessionVault } {
  const sessionVault = createSessionVault(secretStore, profile, randomBytes);
  const handlers = createBridgeHandlers({
    appInfo: { name: 'Depesche', version: 'test', platform: process.platform, secretStorage: secretStore.kind },
    sessionVault,
    discoverHomeserver: (input) => discoverHomeserver(input),
  });
  const dispatch = createBridgeDispatcher(handlers, (channel, error) => {
    throw new Error(`internal error in ${channel}`, { cause: error });
  });
  return { bridge: buildBridge(dispatch), sessionVault };
}
