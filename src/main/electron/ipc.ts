/**
 * Registers one `ipcMain.handle` per bridge call. The sender check happens here
 * because only Electron knows the sending frame; everything else is the dispatcher's.
 */
import type { IpcMain } from 'electron';
import { bridgeCalls } from '../../shared/bridge';
import { fail } from '../../shared/errors';
import type { BridgeDispatcher } from '../core/bridge-dispatch';
import { isTrustedSender } from '../core/trusted-sender';

export function registerBridge(ipcMain: IpcMain, dispatch: BridgeDispatcher, appOrigin: string): void {
  for (const { channel } of bridgeCalls) {
    ipcMain.handle(channel, (event, args: unknown) => {
      const frame = event.senderFrame;
      const sender = frame ? { url: frame.url, isTopLevel: frame.parent === null } : null;
      if (!isTrustedSender(sender, appOrigin)) {
        return fail('forbidden-sender', 'Only the Depesche window may use the bridge.');
      }
      return dispatch(channel, args, { windowId: event.sender.id });
    });
  }
}
