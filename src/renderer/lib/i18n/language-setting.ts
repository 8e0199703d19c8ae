/**
 * Which language the interface speaks: the one an administrator made mandatory (and
 * then locked), else the one the person picked last time, else the one policy
 * recommends, else the OS language.
 * The pick is kept in local storage; a language is not a secret.
 */
import { pickLocale, type Locale } from './translate';

const storageKey = 'depesche:language';

export interface LanguagePolicy {
  /** The policy's mandatory language, when it sets one: locked. */
  readonly language?: Locale;
  /** The policy's recommended language: used until the person picks one. */
  readonly recommended?: Locale;
}

export class LanguageSetting {
  readonly initial: Locale;
  /** Set by policy: the picker is shown but cannot change it. */
  readonly locked: boolean;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'>,
    policy: LanguagePolicy,
    osLanguages: readonly string[],
  ) {
    this.locked = policy.language !== undefined;
    const saved = storage.getItem(storageKey);
    this.initial = policy.language ?? (isLocale(saved) ? saved : (policy.recommended ?? pickLocale(osLanguages)));
  }

  /** Remembers a person's choice; under a policy lock there is nothing to remember. */
  choose(locale: Locale): void {
    if (!this.locked) this.storage.setItem(storageKey, locale);
  }
}

function isLocale(value: string | null): value is Locale {
  return value === 'de' || value === 'en';
}
