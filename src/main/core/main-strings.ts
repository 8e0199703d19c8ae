/**
 * The few strings main shows itself (tray, dialogs, notifications), in German and
 * English. The renderer's catalogs live in src/renderer/lib/i18n.
 */
import type { RunnableKind } from './services/runnable-file';

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
    runnableTitle: 'Save a file that can run?',
    runnableProgram: 'This is a program. It can change your computer, read your files and act in your name.',
    runnableScript: 'This is a script: commands your computer carries out. It can change your computer, read your files and act in your name.',
    runnableInstaller: 'This is an installer. The software it installs can change your computer, read your files and act in your name.',
    runnableShortcut: 'This is a shortcut. It starts a program or opens an address, which can change your computer.',
    runnableDiskImage: 'This is a disk image. Programs on it can start when it is opened and change your computer.',
    runnableMacroDocument: 'This is a document that can carry macros or embedded programs, which can change your computer when it is opened.',
    runnableDetail: '“{name}” is a .{extension} file. Save it only if you expected it and trust the sender.',
    runnableConfirm: 'Save anyway',
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
    runnableTitle: 'Ausführbare Datei speichern?',
    runnableProgram: 'Das ist ein Programm. Es kann Ihren Computer verändern, Ihre Dateien lesen und in Ihrem Namen handeln.',
    runnableScript: 'Das ist ein Skript: Befehle, die Ihr Computer ausführt. Es kann Ihren Computer verändern, Ihre Dateien lesen und in Ihrem Namen handeln.',
    runnableInstaller: 'Das ist ein Installationsprogramm. Die Software, die es installiert, kann Ihren Computer verändern, Ihre Dateien lesen und in Ihrem Namen handeln.',
    runnableShortcut: 'Das ist eine Verknüpfung. Sie startet ein Programm oder öffnet eine Adresse, was Ihren Computer verändern kann.',
    runnableDiskImage: 'Das ist ein Datenträgerabbild. Programme darauf können beim Öffnen starten und Ihren Computer verändern.',
    runnableMacroDocument: 'Das ist ein Dokument, das Makros oder eingebettete Programme enthalten kann. Diese können beim Öffnen Ihren Computer verändern.',
    runnableDetail: '„{name}“ ist eine .{extension}-Datei. Speichern Sie sie nur, wenn Sie sie erwartet haben und dem Absender vertrauen.',
    runnableConfirm: 'Trotzdem speichern',
  },
} as const;

export type MainStringKey = keyof (typeof strings)['en'];

/** The sentence that names what a runnable file is (services/runnable-file.ts). */
export const runnableKindStrings = {
  program: 'runnableProgram',
  script: 'runnableScript',
  installer: 'runnableInstaller',
  shortcut: 'runnableShortcut',
  'disk-image': 'runnableDiskImage',
  'macro-document': 'runnableMacroDocument',
} as const satisfies Record<RunnableKind, MainStringKey>;
export type MainStrings = (key: MainStringKey, params?: Record<string, string>) => string;

export function mainStrings(locale: string): MainStrings {
  const catalog = locale.toLowerCase().startsWith('de') ? strings.de : strings.en;
  return (key, params) => catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => params?.[name] ?? placeholder);
}
