import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type AppMenuOptions, type MenuEntry } from '../../src/main/core/app-menu-template';
import { mainStrings } from '../../src/main/core/main-strings';

const exportLogs = () => undefined;
const menu = (locale: string, options: Partial<AppMenuOptions> = {}) =>
  appMenuTemplate({ platform: 'linux', kiosk: false, devTools: false, exportLogs, strings: mainStrings(locale), ...options }) ?? [];

/** Each menu as `label: item labels`, roles in brackets: what a person sees, and what Electron does with it. */
function outline(entries: MenuEntry[]): unknown[] {
  return entries.map((entry) => {
    if ('type' in entry) return '—';
    const name = entry.role ? `${entry.label} [${entry.role}]` : entry.label;
    return entry.submenu ? { [name]: outline(entry.submenu) } : name;
  });
}

function everyEntry(entries: MenuEntry[]): MenuEntry[] {
  return entries.flatMap((entry) => ('submenu' in entry && entry.submenu ? [entry, ...everyEntry(entry.submenu)] : [entry]));
}

describe('the application menu', () => {
  it('is German where main speaks German, with the roles kept', () => {
    expect(outline(menu('de-DE'))).toEqual([
      { 'Datei [fileMenu]': ['Beenden [quit]'] },
      {
        'Bearbeiten [editMenu]': [
          'Rückgängig [undo]',
          'Wiederholen [redo]',
          '—',
          'Ausschneiden [cut]',
          'Kopieren [copy]',
          'Einfügen [paste]',
          'Löschen [delete]',
          '—',
          'Alles auswählen [selectAll]',
        ],
      },
      { Ansicht: ['Originalgröße [resetZoom]', 'Vergrößern [zoomIn]', 'Verkleinern [zoomOut]', '—', 'Vollbildmodus ein/aus [togglefullscreen]'] },
      { 'Fenster [windowMenu]': ['Minimieren [minimize]', 'Schließen [close]'] },
      { 'Hilfe [help]': ['Protokolle für den Support exportieren…'] },
    ]);
  });

  it('is English otherwise', () => {
    expect(outline(menu('en-GB'))).toEqual([
      { 'File [fileMenu]': ['Quit [quit]'] },
      { 'Edit [editMenu]': ['Undo [undo]', 'Redo [redo]', '—', 'Cut [cut]', 'Copy [copy]', 'Paste [paste]', 'Delete [delete]', '—', 'Select All [selectAll]'] },
      { View: ['Actual Size [resetZoom]', 'Zoom In [zoomIn]', 'Zoom Out [zoomOut]', '—', 'Toggle Full Screen [togglefullscreen]'] },
      { 'Window [windowMenu]': ['Minimize [minimize]', 'Close [close]'] },
      { 'Help [help]': ['Export logs for support…'] },
    ]);
    expect(outline(menu('fr-FR'))).toEqual(outline(menu('en-GB')));
  });

  it('on macOS has the app menu, Close Window in File, and the macOS edit and window items, in German too', () => {
    const [appMenu, file, edit, , window] = outline(menu('de', { platform: 'darwin' }));
    expect(appMenu).toEqual({
      'Depesche [appMenu]': [
        'Über Depesche [about]',
        '—',
        'Dienste [services]',
        '—',
        'Depesche ausblenden [hide]',
        'Andere ausblenden [hideOthers]',
        'Alle einblenden [unhide]',
        '—',
        'Depesche beenden [quit]',
      ],
    });
    expect(file).toEqual({ 'Datei [fileMenu]': ['Fenster schließen [close]'] });
    expect(edit).toMatchObject({
      'Bearbeiten [editMenu]': expect.arrayContaining([
        'Einfügen und Stil anpassen [pasteAndMatchStyle]',
        { Sprachausgabe: ['Sprachausgabe starten [startSpeaking]', 'Sprachausgabe stoppen [stopSpeaking]'] },
      ]),
    });
    expect(window).toEqual({ 'Fenster [windowMenu]': ['Minimieren [minimize]', 'Zoomen [zoom]', '—', 'Alle nach vorne bringen [front]'] });
  });

  it('says Exit on Windows, as Windows programs do', () => {
    expect(outline(menu('en', { platform: 'win32' }))[0]).toEqual({ 'File [fileMenu]': ['Exit [quit]'] });
  });

  it('leaves no item to Electron’s English labels, on any platform', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      const entries = everyEntry(menu('de', { platform, devTools: true }));
      const english = new Set(everyEntry(menu('en', { platform, devTools: true })).map((entry) => ('label' in entry ? entry.label : '—')));
      for (const entry of entries) {
        if ('type' in entry) continue;
        expect(entry.label, `${platform} ${entry.role ?? ''}`).not.toBe('');
        // Only the product name reads the same in both languages.
        if (entry.label !== 'Depesche') expect(english.has(entry.label), `${platform}: ${entry.label}`).toBe(false);
      }
    }
  });

  it('offers the developer tools only where they are allowed', () => {
    const view = (devTools: boolean) => everyEntry(menu('en', { devTools })).filter((entry) => 'role' in entry && entry.role === 'toggleDevTools');
    expect(view(false)).toEqual([]);
    expect(view(true)).toEqual([{ role: 'toggleDevTools', label: 'Toggle Developer Tools' }]);
  });

  it('offers the log export only where policy lets files be saved, and runs it when chosen', () => {
    expect(menu('en', { exportLogs: null }).some((entry) => 'role' in entry && entry.role === 'help')).toBe(false);
    let exported = 0;
    const [help] = menu('en', { exportLogs: () => (exported += 1) }).slice(-1);
    const item = help && 'submenu' in help ? help.submenu?.[0] : undefined;
    if (!item || !('click' in item)) throw new Error('the Help menu has no export item');
    item.click?.();
    expect(exported).toBe(1);
  });

  it('is no menu at all at a kiosk', () => {
    expect(appMenuTemplate({ platform: 'linux', kiosk: true, devTools: true, exportLogs, strings: mainStrings('de') })).toBeNull();
  });
});
