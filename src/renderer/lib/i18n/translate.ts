/**
 * Message lookup for German and English. Every user-visible string goes
 * through here; the English catalog defines the keys, German must match it.
 */
import { de } from './catalogs/de';
import { en, type MessageKey } from './catalogs/en';

export type Locale = 'de' | 'en';
export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { de, en };

/** Picks German or English from the OS/browser language list; English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split('-')[0];
    if (language === 'de' || language === 'en') return language;
  }
  return 'en';
}

export function createTranslator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) =>
    catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => params?.[name] ?? placeholder);
}
