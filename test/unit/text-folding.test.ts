import { describe, expect, it } from 'vitest';
import { highlightParts } from '../../src/renderer/lib/search/highlight';
import { foldedWords, foldText } from '../../src/renderer/lib/search/text-folding';

describe('folding text for search', () => {
  it('writes the sharp s as "ss", in lower and upper case', () => {
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('STRAẞE')).toBe('strasse');
    expect(foldText('strasse')).toBe(foldText('Straße'));
  });

  it('drops umlauts and accents, also when they come as combining marks', () => {
    expect(foldText('Größe Übergabe Änderung')).toBe('grosse ubergabe anderung');
    expect(foldText('Café résumé naïve')).toBe('cafe resume naive');
    expect(foldText('Mu\u0308ller')).toBe('muller');
    expect(foldText('Ærø, Œuvre, Łódź')).toBe('aero, oeuvre, lodz');
  });

  it('folds case of German and English alike', () => {
    expect(foldText('BESCHEID Bescheid bescheid')).toBe('bescheid bescheid bescheid');
    expect(foldText('Meeting NOTES')).toBe('meeting notes');
  });

  it('splits words at anything but letters and digits', () => {
    expect(foldedWords('Az. 12-345/2026: Bescheid (Entwurf), bitte prüfen!')).toEqual(['az', '12', '345', '2026', 'bescheid', 'entwurf', 'bitte', 'prufen']);
    expect(foldedWords('  …  ')).toEqual([]);
  });
});

describe('highlighting the words a query matched', () => {
  const marked = (body: string, words: string[]) =>
    highlightParts(body, words)
      .filter((part) => part.match)
      .map((part) => part.text);

  it('marks the original spelling of words whose folded form starts with a query word', () => {
    expect(marked('Die Straße ist gesperrt, Strassenbau bis Mai.', ['strasse'])).toEqual(['Straße', 'Strassenbau']);
    expect(marked('Der Bescheide liegt vor; kein Bescheid nötig.', ['bescheid'])).toEqual(['Bescheide', 'Bescheid']);
  });

  it('keeps the whole text of a short message, matched or not', () => {
    const parts = highlightParts('Bitte um Rückruf', ['ruckruf']);
    expect(parts.map((part) => part.text).join('')).toBe('Bitte um Rückruf');
  });

  it('cuts a long message to the context around its first match', () => {
    const body = `${'vorher '.repeat(60)}Aktenzeichen ${'nachher '.repeat(60)}`;
    const text = highlightParts(body, ['aktenzeichen'])
      .map((part) => part.text)
      .join('');
    expect(text.startsWith('… ')).toBe(true);
    expect(text.endsWith(' …')).toBe(true);
    expect(text).toContain('Aktenzeichen');
    expect(text.length).toBeLessThan(body.length / 2);
  });
});
