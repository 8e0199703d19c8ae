/**
 * The test harness's stand-in for src/preload/index.ts: the same `buildBridge`,
 * with calls routed to a Playwright binding instead of Electron IPC, and events
 * delivered by the harness through `__depescheHarnessEmit` (test-only).
 */
import { buildBridge } from '../../src/shared/bridge';
import type { BridgeResult } from '../../src/shared/errors';

type Binding = (channel: string, args: unknown) => Promise<BridgeResult<unknown>>;
const scope = window as unknown as { __depescheInvoke?: Binding };
const invoke = scope.__depescheInvoke;
// Like the real preload, the page gets the named calls only, not the raw channel.
delete scope.__depescheInvoke;

const listeners = new Map<string, Set<(payload: unknown) => void>>();
Object.defineProperty(window, '__depescheHarnessEmit', {
  value: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener(payload)),
});

if (invoke) {
  const bridge = buildBridge(
    (channel, args) => invoke(channel, args),
    (channel, listener) => {
      const forChannel = listeners.get(channel) ?? new Set();
      listeners.set(channel, forChannel.add(listener));
      return () => void forChannel.delete(listener);
    },
  );
  Object.defineProperty(window, 'depesche', { value: Object.freeze(bridge) });
}
