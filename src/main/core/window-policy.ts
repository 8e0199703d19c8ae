/**
 * The security decisions behind the main window, free of Electron so tests can
 * run them: web preferences, permissions, and what happens to new windows.
 */
import { isAppUrl } from './trusted-sender';

/** Every window: sandboxed, isolated, no Node, no webviews, no mixed content; spell checking as spellcheck.ts decides. */
export function secureWebPreferences(preloadPath: string, devTools: boolean, spellcheck: boolean) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck,
    devTools,
  } as const;
}

/**
 * Only what a current feature needs, and only for our own page. Calls and screen
 * sharing (media, display-capture) join this list when calls exist. No clipboard
 * writing: the one thing copied, the recovery key, goes through main, which clears it.
 */
export const grantedPermissions: ReadonlySet<string> = new Set(['notifications', 'fullscreen']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined, appOrigin: string): boolean {
  return grantedPermissions.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl, appOrigin);
}

/**
 * `window.open` and `target=_blank` never create a window: links go to the
 * external-link service (which applies the link policy and asks when needed).
 */
export function createWindowOpenHandler(openExternal: (url: string) => void) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    if (/^(https|mailto):/i.test(url)) openExternal(url);
    return { action: 'deny' };
  };
}

/** The one call content protection needs from a window. */
export interface ProtectableWindow {
  setContentProtection(enable: boolean): void;
}

/**
 * screenCapture.protection: Windows and macOS keep a protected window out of
 * screenshots and screen sharing. Linux compositors have no such request, so
 * nothing is asked there (the README says so).
 */
export function applyContentProtection(window: ProtectableWindow, enabled: boolean, platform: NodeJS.Platform): void {
  if (enabled && (platform === 'win32' || platform === 'darwin')) window.setContentProtection(true);
}

/** Developer tools: always in development, in a packaged build only where policy allows them. */
export function devToolsAllowed(packaged: boolean, policyAllows: boolean): boolean {
  return !packaged || policyAllows;
}

/**
 * Closing the window hides it when a tray icon remains to bring it back and
 * policy keeps Depesche running there; quitting (menu, tray, OS) always closes.
 */
export function shouldHideOnClose(state: { readonly tray: boolean; readonly closeToTray: boolean; readonly quitting: boolean }): boolean {
  return state.tray && state.closeToTray && !state.quitting;
}
