/**
 * The main window, locked down: sandboxed renderer with context isolation, no
 * Node, no webviews, and navigation kept on our own origin.
 */
import { BrowserWindow } from 'electron';
import { isAppUrl } from './trusted-sender';

export function createMainWindow(options: { preloadPath: string; startUrl: string; appOrigin: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 480,
    minHeight: 400,
    show: false,
    title: 'Depesche',
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    },
  });

  const staysHome = (url: string) => isAppUrl(url, options.appOrigin);
  const { webContents } = window;
  webContents.on('will-navigate', (event, url) => {
    if (!staysHome(url)) event.preventDefault();
  });
  webContents.on('will-redirect', (event, url) => {
    if (!staysHome(url)) event.preventDefault();
  });
  webContents.on('will-frame-navigate', (event) => {
    if (!staysHome(event.url)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.startUrl);
  return window;
}
