/**
 * The composer's formatting keys: Ctrl+B bold, Ctrl+I italic, Ctrl+E code, Ctrl+K link
 * (Cmd on macOS, where Ctrl moves the caret in text fields), as in Teams and Element.
 */
import type { MarkdownFormat } from '../content/markdown-format';

const keys: Partial<Record<MarkdownFormat, string>> = { bold: 'B', italic: 'I', code: 'E', link: 'K' };

const onMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** The format a key press in the composer asks for, or null. */
export function formatOfShortcut(event: KeyboardEvent): MarkdownFormat | null {
  if (!(onMac ? event.metaKey : event.ctrlKey) || event.altKey || event.shiftKey) return null;
  const pressed = event.key.toUpperCase();
  return (Object.keys(keys) as MarkdownFormat[]).find((format) => keys[format] === pressed) ?? null;
}

/** The shortcut as `aria-keyshortcuts` names it ("Control+B"), and its letter and platform for people to read. */
export function shortcutOf(format: MarkdownFormat): { aria: string; key: string; mac: boolean } | null {
  const key = keys[format];
  return key ? { aria: `${onMac ? 'Meta' : 'Control'}+${key}`, key, mac: onMac } : null;
}
