/** The application menu; its roles bring the platform's usual keyboard shortcuts. */
import { Menu, type MenuItemConstructorOptions } from 'electron';

/** `exportLogs` is null where policy forbids saving files: the menu then does not offer it. */
export function installAppMenu(options: { devTools: boolean; kiosk: boolean; exportLogs: (() => void) | null }): void {
  // Kiosk terminals get no menu at all.
  if (options.kiosk) return Menu.setApplicationMenu(null);
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.devTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
    ...(options.exportLogs ? [{ role: 'help' as const, submenu: [{ label: 'Export logs for support…', click: options.exportLogs }] }] : []),
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
