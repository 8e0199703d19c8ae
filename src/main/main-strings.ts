/**
 * The few strings main shows itself (tray, dialogs, notifications), in German and
 * English. The renderer's catalogs live in src/renderer/lib/i18n.
 */
const strings = {
  en: {
    newMessage: 'New message',
    trayShow: 'Show Depesche',
    trayQuit: 'Quit',
    trayUnread: '{count} unread',
    openLinkTitle: 'Open link?',
    openLinkMessage: 'The link shown as\n\n{text}\n\nleads to\n\n{url}\n\nOpen it in your browser?',
    openLinkConfirm: 'Open link',
    cancel: 'Cancel',
    saveTitle: 'Save file',
  },
  de: {
    newMessage: 'Neue Nachricht',
    trayShow: 'Depesche anzeigen',
    trayQuit: 'Beenden',
    trayUnread: '{count} ungelesen',
    openLinkTitle: 'Link öffnen?',
    openLinkMessage: 'Der als\n\n{text}\n\nangezeigte Link führt zu\n\n{url}\n\nIm Browser öffnen?',
    openLinkConfirm: 'Link öffnen',
    cancel: 'Abbrechen',
    saveTitle: 'Datei speichern',
  },
} as const;

export type MainStringKey = keyof (typeof strings)['en'];
export type MainStrings = (key: MainStringKey, params?: Record<string, string>) => string;

export function mainStrings(locale: string): MainStrings {
  const catalog = locale.toLowerCase().startsWith('de') ? strings.de : strings.en;
  return (key, params) => catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => params?.[name] ?? placeholder);
}
