/**
 * Where spell checking may run without fetching anything from public servers.
 * Chromium checks with Hunspell dictionaries it downloads from a Google CDN on
 * Linux; Windows and macOS have their own spell checker. So Linux checks only
 * with an internal mirror named by policy. Windows can still fall back to
 * Hunspell for a language it has no checker for, so it is given the mirror too,
 * or without one an address on this computer where nothing answers.
 */
import type { Policy } from '../../shared/policy';

export interface SpellcheckSettings {
  readonly enabled: boolean;
  /** Where Hunspell dictionaries are fetched from; null: Chromium is not told (nothing to fetch, or checking is off). */
  readonly dictionaryUrl: string | null;
}

/** Loopback, the discard port: a fallback download fails here instead of reaching Google's CDN. */
export const nowhere = 'http://127.0.0.1:9/';

export function spellcheckSettings(platform: string, policy: Pick<Policy, 'spellcheck.enabled' | 'spellcheck.dictionaryUrl'>): SpellcheckSettings {
  const mirror = policy['spellcheck.dictionaryUrl'] ?? null;
  if (!policy['spellcheck.enabled']) return { enabled: false, dictionaryUrl: null };
  if (platform === 'darwin') return { enabled: true, dictionaryUrl: null };
  if (platform === 'win32') return { enabled: true, dictionaryUrl: mirror ?? nowhere };
  return { enabled: mirror !== null, dictionaryUrl: mirror };
}
