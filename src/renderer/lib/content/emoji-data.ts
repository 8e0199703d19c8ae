/**
 * Loads the picker's emoji data for a language: emojibase's JSON, bundled with the app
 * and fetched from its own files once per language (the CSP lets the page reach nothing
 * else, and nothing comes from a CDN). Only the picker asks, so the data is not loaded
 * until someone opens it.
 */
import germanData from 'emojibase-data/de/data.json?url';
import englishData from 'emojibase-data/en/data.json?url';
import type { Locale } from '../i18n/translate';
import { emojiCatalog, type EmojiCatalog } from './emoji-catalog';

const sources: Record<Locale, string> = { de: germanData, en: englishData };
const loaded = new Map<Locale, Promise<EmojiCatalog>>();

export function loadEmojiCatalog(locale: Locale): Promise<EmojiCatalog> {
  const known = loaded.get(locale);
  if (known) return known;
  const loading = fetch(sources[locale]).then(async (response) => {
    if (!response.ok) throw new Error(`emoji data: HTTP ${response.status}`);
    return emojiCatalog(await response.json());
  });
  // A failed load is tried again the next time the picker opens.
  loading.catch(() => loaded.delete(locale));
  loaded.set(locale, loading);
  return loading;
}
