/**
 * Message lookup for German and English. Every user-visible string goes
 * through here; the English catalog defines the keys, German must match it.
 */
import { de } from './catalogs/de';
import { en, type MessageKey } from './catalogs/en';

export type Locale = 'de' | 'en';
export type { MessageKey };
/** Keys that come in plural forms: `<base>.one` and `<base>.other`. */
type PluralBase = MessageKey extends infer Key ? (Key extends `${infer Base}.one` ? Base : never) : never;

export interface Translate {
  (key: MessageKey, params?: Record<string, string>): string;
  /** The message for a number of things, in the form the language uses for that number; `{count}` is the number. */
  count(base: PluralBase, count: number): string;
  /** The language messages are in (for content that comes in languages of its own, such as emoji names). */
  readonly locale: Locale;
}

export const catalogs: Record<Locale, Record<MessageKey, string>> = { de, en };

/** Whether a key made at run time (e.g. from a name the SDK gives) has a message. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

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
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const translate = (key: MessageKey, params?: Record<string, string>) =>
    catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => params?.[name] ?? placeholder);
  // German and English have two forms; any other category the rules name reads as "other".
  const count = (base: PluralBase, n: number) =>
    translate(`${base}.${plurals.select(n) === 'one' ? 'one' : 'other'}`, { count: numbers.format(n) });
  return Object.assign(translate, { count, locale });
}
