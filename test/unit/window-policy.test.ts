import { describe, expect, it } from 'vitest';
import { createWindowOpenHandler, isPermissionGranted, secureWebPreferences } from '../../src/main/window-policy';

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
