/**
 * The application menu as a template, in the language of main's strings. The roles bring
 * the platform's usual actions and shortcuts; every item gets our label, because Electron
 * labels role items (and the menus a role like editMenu expands to) in English only.
 */
import type { MainStringKey, MainStrings } from './main-strings';

/** The roles this menu uses: a subset of Electron's, checked where the adapter builds the menu. */
export type MenuRole =
  | 'appMenu' | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit'
  | 'fileMenu' | 'close'
  | 'editMenu' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll'
  | 'showSubstitutions' | 'toggleSmartQuotes' | 'toggleSmartDashes' | 'toggleTextReplacement' | 'startSpeaking' | 'stopSpeaking'
  | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'toggleDevTools'
  | 'windowMenu' | 'minimize' | 'zoom' | 'front'
  | 'help';

/** The shape of Electron's `MenuItemConstructorOptions` used here, so this module stays free of Electron. */
export type MenuEntry =
  | { type: 'separator' }
  | { label: string; role?: MenuRole; submenu?: MenuEntry[]; click?: () => void };

export interface AppMenuOptions {
  readonly platform: string;
  readonly kiosk: boolean;
  readonly devTools: boolean;
  /** Null where policy forbids saving files: the menu then does not offer it. */
  readonly exportLogs: (() => void) | null;
  readonly strings: MainStrings;
}

const separator: MenuEntry = { type: 'separator' };

/** The menu bar, or null for none (kiosk terminals get no menu at all). */
export function appMenuTemplate({ platform, kiosk, devTools, exportLogs, strings }: AppMenuOptions): MenuEntry[] | null {
  if (kiosk) return null;
  const mac = platform === 'darwin';
  const item = (role: MenuRole, label: MainStringKey): MenuEntry => ({ role, label: strings(label) });
  const macOnly = (entries: MenuEntry[]) => (mac ? entries : []);

  const appMenu: MenuEntry = {
    role: 'appMenu',
    label: 'Depesche',
    submenu: [
      item('about', 'menuAbout'),
      separator,
      item('services', 'menuServices'),
      separator,
      item('hide', 'menuHide'),
      item('hideOthers', 'menuHideOthers'),
      item('unhide', 'menuShowAll'),
      separator,
      item('quit', 'menuQuitApp'),
    ],
  };
  const fileMenu: MenuEntry = {
    role: 'fileMenu',
    label: strings('menuFile'),
    // On macOS, quitting is in the app menu.
    submenu: [mac ? item('close', 'menuCloseWindow') : item('quit', platform === 'win32' ? 'menuExit' : 'menuQuit')],
  };
  const editMenu: MenuEntry = {
    role: 'editMenu',
    label: strings('menuEdit'),
    submenu: [
      item('undo', 'menuUndo'),
      item('redo', 'menuRedo'),
      separator,
      item('cut', 'menuCut'),
      item('copy', 'menuCopy'),
      item('paste', 'menuPaste'),
      ...macOnly([item('pasteAndMatchStyle', 'menuPasteAndMatchStyle')]),
      item('delete', 'menuDelete'),
      ...(mac ? [] : [separator]),
      item('selectAll', 'menuSelectAll'),
      ...macOnly([
        separator,
        {
          label: strings('menuSubstitutions'),
          submenu: [
            item('showSubstitutions', 'menuShowSubstitutions'),
            separator,
            item('toggleSmartQuotes', 'menuSmartQuotes'),
            item('toggleSmartDashes', 'menuSmartDashes'),
            item('toggleTextReplacement', 'menuTextReplacement'),
          ],
        },
        { label: strings('menuSpeech'), submenu: [item('startSpeaking', 'menuStartSpeaking'), item('stopSpeaking', 'menuStopSpeaking')] },
      ]),
    ],
  };
  const viewMenu: MenuEntry = {
    label: strings('menuView'),
    submenu: [
      item('resetZoom', 'menuActualSize'),
      item('zoomIn', 'menuZoomIn'),
      item('zoomOut', 'menuZoomOut'),
      separator,
      item('togglefullscreen', 'menuFullScreen'),
      ...(devTools ? [separator, item('toggleDevTools', 'menuDevTools')] : []),
    ],
  };
  const windowMenu: MenuEntry = {
    role: 'windowMenu',
    label: strings('menuWindow'),
    // Electron's zoom role does something on macOS only; elsewhere it would be an item that does nothing.
    submenu: [item('minimize', 'menuMinimize'), ...(mac ? [item('zoom', 'menuZoom'), separator, item('front', 'menuBringAllToFront')] : [item('close', 'menuClose')])],
  };
  const helpMenu: MenuEntry | null = exportLogs
    ? { role: 'help', label: strings('menuHelp'), submenu: [{ label: strings('menuExportLogs'), click: exportLogs }] }
    : null;

  return [...macOnly([appMenu]), fileMenu, editMenu, viewMenu, windowMenu, ...(helpMenu ? [helpMenu] : [])];
}
