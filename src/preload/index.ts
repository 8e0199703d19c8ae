/**
 * Exposes `window.depesche`, built from the bridge contract, and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from '../shared/bridge';
import type { BridgeResult } from '../shared/errors';

contextBridge.exposeInMainWorld(
  'depesche',
  buildBridge(
    (channel, args) => ipcRenderer.invoke(channel, args) as Promise<BridgeResult<unknown>>,
    (channel, listener) => {
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => void ipcRenderer.removeListener(channel, forward);
    },
  ),
);
