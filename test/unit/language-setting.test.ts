import { describe, expect, it } from 'vitest';
import { LanguageSetting } from '../../src/renderer/lib/i18n/language-setting';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

describe('LanguageSetting', () => {
  it('follows the OS until a language is picked, then keeps the pick', () => {
    const storage = memoryStorage();
    const first = new LanguageSetting(storage, {}, ['de-AT', 'en']);
    expect(first).toMatchObject({ initial: 'de', locked: false });
    first.choose('en');
    expect(new LanguageSetting(storage, {}, ['de-AT']).initial).toBe('en');
  });

  it('ignores a stored value that is not one of our languages', () => {
    expect(new LanguageSetting(memoryStorage({ 'depesche:language': 'fr' }), {}, ['de']).initial).toBe('de');
  });

  it('uses and locks the policy language over a personal pick, and does not overwrite the pick', () => {
    const storage = memoryStorage({ 'depesche:language': 'en' });
    const setting = new LanguageSetting(storage, { language: 'de' }, ['en-GB']);
    expect(setting).toMatchObject({ initial: 'de', locked: true });
    setting.choose('en');
    setting.choose('de');
    expect(storage.items.get('depesche:language')).toBe('en');
  });
});

describe('a recommended language', () => {
  it('is used until the person picks one, and never locks the picker', () => {
    const kept = memoryStorage();
    const first = new LanguageSetting(kept, { recommended: 'de' }, ['en-GB']);
    expect(first.initial).toBe('de');
    expect(first.locked).toBe(false);
    first.choose('en');
    expect(new LanguageSetting(kept, { recommended: 'de' }, ['en-GB']).initial).toBe('en');
  });
});
