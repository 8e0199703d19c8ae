/** The application menu; its roles bring the platform's usual keyboard shortcuts. */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function installAppMenu(options: { devTools: boolean; kiosk: boolean; exportLogs(): void }): void {
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
    { role: 'help', submenu: [{ label: 'Export logs for support…', click: options.exportLogs }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
