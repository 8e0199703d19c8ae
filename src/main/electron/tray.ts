/** The tray icon: unread count in the tooltip, Show and Quit in its menu. */
import { Menu, Tray, nativeImage } from 'electron';
import type { MainStrings } from '../core/main-strings';

export function createTray(iconPath: string, strings: MainStrings, actions: { show(): void; quit(): void }) {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: strings('trayShow'), click: actions.show },
      { type: 'separator' },
      { label: strings('trayQuit'), click: actions.quit },
    ]),
  );
  tray.on('click', actions.show);
  const setUnreadCount = (count: number) =>
    tray.setToolTip(count > 0 ? `Depesche – ${strings('trayUnread', { count: String(count) })}` : 'Depesche');
  setUnreadCount(0);
  return { setUnreadCount, destroy: () => tray.destroy() };
}
