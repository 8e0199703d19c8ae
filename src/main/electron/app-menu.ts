/** Installs the application menu built by core/app-menu-template.ts. */
import { Menu } from 'electron';
import { appMenuTemplate, type AppMenuOptions } from '../core/app-menu-template';

export function installAppMenu(options: AppMenuOptions): void {
  const template = appMenuTemplate(options);
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
}
