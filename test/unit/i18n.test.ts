import { describe, expect, it } from 'vitest';
import { de } from '../../src/renderer/lib/i18n/catalogs/de';
import { en } from '../../src/renderer/lib/i18n/catalogs/en';
import { catalogs, createTranslator, pickLocale, type Locale, type MessageKey } from '../../src/renderer/lib/i18n/translate';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the catalogs', () => {
  it('are German and English, as used by the translator', () => {
    expect(Object.keys(catalogs).sort()).toEqual(['de', 'en']);
    expect(catalogs.de).toBe(de);
    expect(catalogs.en).toBe(en);
  });

  it('have the same keys in German and English', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in both languages for every key (a language may name one twice)', () => {
    const distinct = (text: string) => [...new Set(placeholders(text))];
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(distinct(de[key]), key).toEqual(distinct(en[key]));
    }
  });

  it('use at least one placeholder somewhere, so the check above checks something', () => {
    expect(Object.values(en).some((text) => placeholders(text).length > 0)).toBe(true);
  });

  it.each(['de', 'en'] as const)('have no empty or whitespace-only string in %s', (locale) => {
    for (const [key, text] of Object.entries(catalogs[locale])) {
      expect(text.trim(), `${locale}: ${key}`).not.toBe('');
    }
  });

  it.each(['de', 'en'] as const)('never put two words of one stem side by side in %s ("eine sichere Sicherung")', (locale) => {
    for (const [key, text] of Object.entries(catalogs[locale])) {
      const words = text.replace(/\{\w+\}/g, ' ').toLocaleLowerCase(locale).match(/\p{L}+/gu) ?? [];
      const stem = (word: string | undefined) => (word && word.length >= 5 ? word.slice(0, 5) : null);
      const repeated = words.filter((word, index) => stem(word) !== null && stem(word) === stem(words[index - 1]));
      expect(repeated, `${locale}: ${key}`).toEqual([]);
    }
  });

  it('have no unbalanced braces, which would be a broken placeholder', () => {
    for (const locale of ['de', 'en'] as const) {
      for (const [key, text] of Object.entries(catalogs[locale])) {
        expect(text.replace(/\{\w+\}/g, ''), `${locale}: ${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('pickLocale', () => {
  it.each<[readonly string[], Locale]>([
    [['de-DE'], 'de'],
    [['de'], 'de'],
    [['de-AT', 'en-US'], 'de'],
    [['DE-ch'], 'de'],
    [['en-US'], 'en'],
    [['en-GB', 'de-DE'], 'en'],
    [['fr-FR', 'en-GB'], 'en'],
    [['fr-FR', 'de-DE'], 'de'],
    [['fr'], 'en'],
    [['fr-FR', 'it-IT'], 'en'],
    [['deu'], 'en'],
    [[''], 'en'],
    [[], 'en'],
  ])('picks from %j: %s', (preferred, expected) => {
    expect(pickLocale(preferred)).toBe(expected);
  });
});

describe('createTranslator', () => {
  it('looks the key up in the chosen language', () => {
    expect(createTranslator('en')('login.title')).toBe(en['login.title']);
    expect(createTranslator('de')('login.title')).toBe(de['login.title']);
    expect(createTranslator('de')('login.title')).not.toBe(createTranslator('en')('login.title'));
  });

  it('substitutes the named parameters', () => {
    expect(createTranslator('en')('session.signedInAs', { userId: '@alice:example.org' })).toBe('Signed in as @alice:example.org');
    expect(createTranslator('de')('session.signedInAs', { userId: '@alice:example.org' })).toBe('Angemeldet als @alice:example.org');
    expect(createTranslator('en')('session.device', { deviceId: 'ABCDEF' })).toBe('Session ABCDEF');
  });

  it('leaves a placeholder without a parameter as it is', () => {
    const t = createTranslator('en');
    expect(t('session.signedInAs')).toBe('Signed in as {userId}');
    expect(t('session.signedInAs', {})).toBe('Signed in as {userId}');
    expect(t('session.signedInAs', { deviceId: 'ABCDEF' })).toBe('Signed in as {userId}');
  });

  it('inserts parameter values literally, without expanding placeholders or replacement patterns in them', () => {
    const t = createTranslator('en');
    expect(t('session.signedInAs', { userId: '{deviceId}' })).toBe('Signed in as {deviceId}');
    expect(t('session.signedInAs', { userId: "$& $1 $' $`" })).toBe("Signed in as $& $1 $' $`");
  });

  it('returns a string without placeholders unchanged, whatever parameters are given', () => {
    expect(createTranslator('en')('login.submit', { userId: 'x' })).toBe('Sign in');
  });

  it('counts in the plural form of the language, with the number written as the language writes it', () => {
    const en = createTranslator('en');
    const de = createTranslator('de');
    expect([en.count('chat.members', 1), en.count('chat.members', 0), en.count('chat.members', 2)]).toEqual(['1 member', '0 members', '2 members']);
    expect([de.count('chat.members', 1), de.count('chat.members', 1500)]).toEqual(['1 Mitglied', '1.500 Mitglieder']);
    expect(en.count('chat.mentions', 1)).toBe('1 mention');
  });

  it('has both plural forms for every counted message', () => {
    for (const key of Object.keys(en).filter((candidate) => /\.(one|other)$/.test(candidate))) {
      const base = key.replace(/\.(one|other)$/, '');
      expect(Object.keys(en), base).toEqual(expect.arrayContaining([`${base}.one`, `${base}.other`]));
    }
  });
});
