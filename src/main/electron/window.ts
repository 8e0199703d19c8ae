/**
 * The main window, locked down: sandboxed renderer with context isolation, no
 * Node, no webviews, navigation kept on our own origin, new windows refused.
 */
import { BrowserWindow, type Session } from 'electron';
import { isAppUrl } from '../core/trusted-sender';
import { applyContentProtection, createWindowOpenHandler, secureWebPreferences } from '../core/window-policy';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly startUrl: string;
  readonly appOrigin: string;
  readonly devTools: boolean;
  readonly kiosk: boolean;
  /** The app's session: the default one, or a kiosk's in-memory partition. */
  readonly session: Session;
  readonly contentProtection: boolean;
  readonly spellcheck: boolean;
  readonly showOnReady: boolean;
  readonly openExternal: (url: string) => void;
  /** loadURL rejects when the page does not load (did-fail-load); main logs it and runs on. */
  readonly reportLoadFailure: (error: unknown) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 480,
    minHeight: 400,
    show: false,
    title: 'Depesche',
    kiosk: options.kiosk,
    autoHideMenuBar: options.kiosk,
    webPreferences: { ...secureWebPreferences(options.preloadPath, options.devTools, options.spellcheck), session: options.session },
  });
  applyContentProtection(window, options.contentProtection, process.platform);

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
  webContents.setWindowOpenHandler(createWindowOpenHandler(options.openExternal));

  if (options.showOnReady) window.once('ready-to-show', () => window.show());
  window.loadURL(options.startUrl).catch(options.reportLoadFailure);
  return window;
}
