/**
 * The desktop adapters over Electron's dialogs, notifications, shell and clipboard: the only
 * place the services' side effects meet Electron. Tests use recording adapters.
 */
import { app, clipboard, dialog, Notification, shell, type BrowserWindow } from 'electron';
import { bridgeEvents, eventChannel } from '../shared/bridge';
import type { DesktopAdapters } from './main-services';
import type { MainStrings } from './main-strings';

export interface ElectronAdapterOptions {
  readonly window: () => BrowserWindow | null;
  readonly strings: MainStrings;
  readonly setTrayUnreadCount: (count: number) => void;
  readonly reportInvalidEvent: (event: string) => void;
}

export function createElectronAdapters({ window, strings, setTrayUnreadCount, reportInvalidEvent }: ElectronAdapterOptions): DesktopAdapters {
  const focusWindow = () => {
    const target = window();
    if (!target) return;
    if (target.isMinimized()) target.restore();
    target.show();
    target.focus();
  };
  return {
    openExternal: (url) => shell.openExternal(url),
    async confirmLink({ url, text }) {
      const options = {
        type: 'question' as const,
        title: strings('openLinkTitle'),
        message: strings('openLinkTitle'),
        detail: strings('openLinkMessage', { text, url }),
        buttons: [strings('openLinkConfirm'), strings('cancel')],
        defaultId: 1,
        cancelId: 1,
      };
      const target = window();
      const { response } = target ? await dialog.showMessageBox(target, options) : await dialog.showMessageBox(options);
      return response === 0;
    },
    async chooseSavePath(suggestedName) {
      const options = { title: strings('saveTitle'), defaultPath: suggestedName };
      const target = window();
      const result = target ? await dialog.showSaveDialog(target, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    showNotification({ title, body, onClick }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, silent: false });
      notification.on('click', onClick);
      notification.show();
    },
    setUnreadCount(count) {
      app.setBadgeCount(count);
      setTrayUnreadCount(count);
    },
    focusWindow,
    emit(event, payload) {
      // Payloads are checked against the contract even though main built them.
      if (!bridgeEvents[event].safeParse(payload).success) return reportInvalidEvent(event);
      window()?.webContents.send(eventChannel(event), payload);
    },
    clipboard: {
      writeText: (text) => clipboard.writeText(text),
      readText: () => clipboard.readText(),
      clear: async () => clipboard.clear(),
    },
  };
}
