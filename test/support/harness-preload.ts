/**
 * The test harness's stand-in for src/preload/index.ts: the same `buildBridge`,
 * with calls routed to a Playwright binding instead of Electron IPC.
 */
import { buildBridge } from '../../src/shared/bridge';
import type { BridgeResult } from '../../src/shared/errors';

type Binding = (channel: string, args: unknown) => Promise<BridgeResult<unknown>>;
const scope = window as unknown as { __depescheInvoke?: Binding };
const invoke = scope.__depescheInvoke;
// Like the real preload, the page gets the named calls only, not the raw channel.
delete scope.__depescheInvoke;
if (invoke) {
  Object.defineProperty(window, 'depesche', { value: Object.freeze(buildBridge((channel, args) => invoke(channel, args))) });
}
