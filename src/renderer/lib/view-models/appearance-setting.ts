/**
 * How the interface looks on this device: theme, text size and layout density. Kept in
 * local storage (a look is not a secret, and another workstation may want another one)
 * and applied as attributes on <html>, which tokens.css turns into token values, at
 * once and on every start before the first paint.
 */
import { Observable } from './observable';

export const themes = ['system', 'light', 'dark'] as const;
export const textSizes = ['normal', 'large', 'larger', 'largest'] as const;
export const densities = ['comfortable', 'compact'] as const;

export interface Appearance {
  /** "system" follows the OS (and with it more contrast and forced colours). */
  readonly theme: (typeof themes)[number];
  readonly textSize: (typeof textSizes)[number];
  readonly density: (typeof densities)[number];
}

const storageKey = 'depesche:appearance';
const standard: Appearance = { theme: 'system', textSize: 'normal', density: 'comfortable' };

export class AppearanceSetting extends Observable<Appearance> {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'>,
    /** <html>'s dataset in the app. */
    private readonly target: DOMStringMap,
  ) {
    super(stored(storage));
    this.apply();
  }

  choose(change: Partial<Appearance>): void {
    this.set(valid({ ...this.value, ...change }));
    this.storage.setItem(storageKey, JSON.stringify(this.value));
    this.apply();
  }

  private apply(): void {
    this.target.theme = this.value.theme;
    this.target.textSize = this.value.textSize;
    this.target.density = this.value.density;
  }
}

/** What was stored, each part checked: an unknown or damaged value is the standard one. */
function stored(storage: Pick<Storage, 'getItem'>): Appearance {
  try {
    const saved: unknown = JSON.parse(storage.getItem(storageKey) ?? '{}');
    return valid(typeof saved === 'object' && saved !== null ? saved : {});
  } catch {
    return standard;
  }
}

function valid(value: Partial<Record<keyof Appearance, unknown>>): Appearance {
  const pick = <T extends string>(allowed: readonly T[], given: unknown, fallback: T): T => (allowed.includes(given as T) ? (given as T) : fallback);
  return {
    theme: pick(themes, value.theme, standard.theme),
    textSize: pick(textSizes, value.textSize, standard.textSize),
    density: pick(densities, value.density, standard.density),
  };
}
