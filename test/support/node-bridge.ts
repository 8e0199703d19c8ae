/**
 * `window.depesche` for view-model tests in Node: the same `buildBridge` and the
 * same main-process services, without a browser in between.
 */
import { buildBridge, eventChannel, type DepescheBridge } from '../../src/shared/bridge';
import type { SecretStore } from '../../src/main/core/services/secret-store';
import { createMainForTests, type MainForTests } from './main-for-tests';

export async function createNodeBridge(secretStore: SecretStore, profile: string): Promise<{ bridge: DepescheBridge; main: MainForTests }> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const main = await createMainForTests({
    secretStore,
    profile,
    deliver: (event, payload) => listeners.get(eventChannel(event))?.forEach((listener) => listener(payload)),
  });
  // One window, as in the app.
  const bridge = buildBridge((channel, args) => main.dispatch(channel, args, { windowId: 1 }), (channel, listener) => {
    const forChannel = listeners.get(channel) ?? new Set();
    listeners.set(channel, forChannel.add(listener));
    return () => void forChannel.delete(listener);
  });
  return { bridge, main };
}
