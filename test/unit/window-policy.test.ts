import { describe, expect, it } from 'vitest';
import {
  applyContentProtection,
  createWindowOpenHandler,
  devToolsAllowed,
  isPermissionGranted,
  secureWebPreferences,
  shouldHideOnClose,
} from '../../src/main/core/window-policy';

const appOrigin = 'app://depesche';

describe('window policy', () => {
  it('locks every window down', () => {
    expect(secureWebPreferences('/p.cjs', false, true)).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      devTools: false,
    });
  });

  it.each(['geolocation', 'media', 'display-capture', 'midi', 'midiSysex', 'pointerLock', 'openExternal', 'hid', 'serial', 'usb', 'idle-detection', 'clipboard-sanitized-write', 'clipboard-read', 'unknown'])(
    'denies %s even to our own page',
    (permission) => {
      expect(isPermissionGranted(permission, 'app://depesche/index.html', appOrigin)).toBe(false);
    },
  );

  it('grants notifications and fullscreen only to our own page', () => {
    for (const permission of ['notifications', 'fullscreen']) {
      expect(isPermissionGranted(permission, 'app://depesche/index.html', appOrigin)).toBe(true);
      expect(isPermissionGranted(permission, 'https://evil.example/', appOrigin)).toBe(false);
      expect(isPermissionGranted(permission, undefined, appOrigin)).toBe(false);
    }
  });

  it('never opens a window and routes web and mail links to the link service', () => {
    const routed: string[] = [];
    const handler = createWindowOpenHandler((url) => void routed.push(url));
    for (const url of ['https://bund.de/', 'mailto:a@bund.de', 'javascript:alert(1)', 'file:///etc/passwd', 'app://depesche/index.html']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(routed).toEqual(['https://bund.de/', 'mailto:a@bund.de']);
  });
});

describe('screenCapture.protection', () => {
  const protectionAsked = (enabled: boolean, platform: NodeJS.Platform) => {
    const calls: boolean[] = [];
    applyContentProtection({ setContentProtection: (enable) => void calls.push(enable) }, enabled, platform);
    return calls;
  };

  it('asks Windows and macOS to protect the window when policy turns it on', () => {
    expect(protectionAsked(true, 'win32')).toEqual([true]);
    expect(protectionAsked(true, 'darwin')).toEqual([true]);
  });

  it('asks nothing without the policy, nor on Linux, which has no such protection', () => {
    expect(protectionAsked(false, 'win32')).toEqual([]);
    expect(protectionAsked(false, 'darwin')).toEqual([]);
    expect(protectionAsked(true, 'linux')).toEqual([]);
  });
});

describe('devTools.enabled', () => {
  it('keeps the developer tools closed in a packaged build unless policy allows them', () => {
    expect(devToolsAllowed(true, false)).toBe(false);
    expect(devToolsAllowed(true, true)).toBe(true);
    expect(devToolsAllowed(false, false)).toBe(true);
  });

  it('hands the decision to every window', () => {
    expect(secureWebPreferences('/p.cjs', devToolsAllowed(true, true), true).devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', devToolsAllowed(true, false), true).devTools).toBe(false);
  });
});

describe('tray.closeToTray', () => {
  it('hides the window on close while a tray icon can bring it back and policy keeps Depesche running', () => {
    expect(shouldHideOnClose({ tray: true, closeToTray: true, quitting: false })).toBe(true);
  });

  it('closes the window when policy says so, without a tray (kiosk), and when quitting', () => {
    expect(shouldHideOnClose({ tray: true, closeToTray: false, quitting: false })).toBe(false);
    expect(shouldHideOnClose({ tray: false, closeToTray: true, quitting: false })).toBe(false);
    expect(shouldHideOnClose({ tray: true, closeToTray: true, quitting: true })).toBe(false);
  });
});
