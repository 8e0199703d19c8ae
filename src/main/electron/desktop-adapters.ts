/**
 * The desktop adapters over Electron's dialogs, notifications, shell, clipboard and
 * network: the only place the services' side effects meet Electron. Tests use recording adapters.
 */
import { Readable } from 'node:stream';
import { app, clipboard, dialog, net, Notification, powerMonitor, shell, type BrowserWindow, type Session } from 'electron';
import { bridgeEvents, eventChannel } from '../../shared/bridge';
import type { DesktopAdapters } from '../core/main-services';
import { runnableKindStrings, type MainStrings } from '../core/main-strings';
import type { HttpFetch } from '../core/services/guarded-fetch';

export interface ElectronAdapterOptions {
  readonly window: () => BrowserWindow | null;
  /** Main's requests go through the window's session (a kiosk's keeps nothing on disk). */
  readonly session: Session;
  readonly strings: MainStrings;
  readonly setTrayUnreadCount: (count: number) => void;
  readonly reportInvalidEvent: (event: string) => void;
}

export function createElectronAdapters({ window, session, strings, setTrayUnreadCount, reportInvalidEvent }: ElectronAdapterOptions): DesktopAdapters {
  const focusWindow = () => {
    const target = window();
    if (!target) return;
    if (target.isMinimized()) target.restore();
    target.show();
    target.focus();
  };
  /** A message box with a confirming button and Cancel (the default); true when confirmed. */
  const ask = async ({ confirm, ...text }: { type: 'question' | 'warning'; title: string; message?: string; detail: string; confirm: string }) => {
    const options = { message: text.title, ...text, buttons: [confirm, strings('cancel')], defaultId: 1, cancelId: 1 };
    const target = window();
    const { response } = target ? await dialog.showMessageBox(target, options) : await dialog.showMessageBox(options);
    return response === 0;
  };
  return {
    openExternal: (url) => shell.openExternal(url),
    confirmLink: ({ url, text }) =>
      ask({ type: 'question', title: strings('openLinkTitle'), detail: strings('openLinkMessage', { text, url }), confirm: strings('openLinkConfirm') }),
    async chooseSavePath(suggestedName) {
      const options = { title: strings('saveTitle'), defaultPath: suggestedName };
      const target = window();
      const result = target ? await dialog.showSaveDialog(target, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    confirmRunnableSave: ({ name, kind, extension }) =>
      ask({
        type: 'warning',
        title: strings('runnableTitle'),
        message: strings(runnableKindStrings[kind]),
        detail: strings('runnableDetail', { name, extension }),
        confirm: strings('runnableConfirm'),
      }),
    showNotification({ title, body, silent, onClick }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, silent });
      notification.on('click', onClick);
      notification.show();
    },
    setUnreadCount(count) {
      app.setBadgeCount(count);
      setTrayUnreadCount(count);
    },
    focusWindow,
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    emit(event, payload) {
      // Payloads are checked against the contract even though main built them.
      if (!bridgeEvents[event].safeParse(payload).success) return reportInvalidEvent(event);
      window()?.webContents.send(eventChannel(event), payload);
    },
    fetch: (url, init) => fetchWithoutRedirects(session, url, init),
    // Chromium's resolver, as the request itself will use; a name it cannot resolve may still be reachable through a proxy.
    resolveHost: async (hostname) => (await session.resolveHost(hostname).catch(() => ({ endpoints: [] }))).endpoints.map(({ address }) => address),
    clipboard: {
      writeText: (text) => clipboard.writeText(text),
      readText: () => clipboard.readText(),
      clear: async () => clipboard.clear(),
    },
  };
}

const nullBodyStatuses = new Set([204, 205, 304]);

/**
 * A GET (or a POST without body) through Chromium's network stack (system proxy, OS certificate store) that hands
 * redirects back instead of following them. `net.fetch` cannot: with `redirect: 'manual'`
 * it fails without saying where the redirect pointed, so this uses `net.request` directly.
 */
const fetchWithoutRedirects = (session: Session, ...[url, { signal, headers, method = 'GET' }]: Parameters<HttpFetch>): Promise<Response> =>
  new Promise((resolve, reject) => {
    const request = net.request({ url, method, session, redirect: 'manual', credentials: 'omit', useSessionCookies: false, cache: 'no-store' });
    for (const [name, value] of Object.entries(headers)) request.setHeader(name, value);
    signal.addEventListener(
      'abort',
      () => {
        request.abort();
        reject(signal.reason);
      },
      { once: true },
    );
    request.on('redirect', (status, _method, location) => {
      resolve(new Response(null, { status, headers: { location } }));
      request.abort();
    });
    request.on('response', (message) => {
      try {
        const body = Readable.toWeb(message as unknown as Readable) as ReadableStream<Uint8Array>;
        resolve(new Response(nullBodyStatuses.has(message.statusCode) ? null : body, { status: message.statusCode }));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
    request.end();
  });
