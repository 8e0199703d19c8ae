import de from 'emojibase-data/de/data.json';
import en from 'emojibase-data/en/data.json';
import { describe, expect, it } from 'vitest';
import { emojiCatalog, emojiGroups, emojiKey } from '../../src/renderer/lib/content/emoji-catalog';

const german = emojiCatalog(de);
const english = emojiCatalog(en);
const firstOf = (found: readonly { unicode: string }[], count = 1) => found.slice(0, count).map((emoji) => emoji.unicode);

describe('the emoji catalog (emojibase data, German and English)', () => {
  it('finds by German names and keywords in German, by English ones in English', () => {
    expect(firstOf(german.search('Daumen'), 2)).toEqual(['👍', '👎']);
    expect(firstOf(english.search('thumbs'), 2)).toEqual(['👍', '👎']);
    expect(firstOf(german.search('herz'), 20)).toContain('❤️');
    expect(firstOf(english.search('heart'), 20)).toContain('❤️');
    expect(firstOf(german.search('Konfetti'))).toEqual(['🎉']);
    expect(firstOf(english.search('party'), 2)).toEqual(['🎉', '🥳']);
    expect(german.search('thumbs up')).toEqual([]);
  });

  it('names each emoji in the language', () => {
    expect(german.search('daumen hoch')[0]?.label).toBe('Daumen hoch');
    expect(english.search('thumbs up')[0]?.label).toBe('thumbs up');
  });

  it('ignores case and accents, and needs every word of the query', () => {
    expect(firstOf(german.search('LACHELND'))).toEqual(firstOf(german.search('lächelnd')));
    expect(german.search('lächelnd').length).toBeGreaterThan(german.search('lächelnd augen').length);
    expect(german.search('lächelnd augen').every((emoji) => emoji.label.toLowerCase().includes('lächelnd') || emoji.terms.some((term) => term.startsWith('lachelnd')))).toBe(true);
    expect(german.search('   ')).toEqual([]);
  });

  it('offers Unicode groups in order without the bare skin-tone components, and nothing newer than the font draws', () => {
    expect(german.groups.map(({ group }) => group)).toEqual([...emojiGroups]);
    expect(german.groups[0]!.emoji[0]!.unicode).toBe('😀');
    const offered = german.groups.flatMap(({ emoji }) => emoji.map(({ unicode }) => unicode));
    expect(offered).not.toContain('🏻');
    // U+1FAE9 "face with bags under eyes" is from Emoji 16.0.
    expect(offered).not.toContain('\u{1FAE9}');
    expect(offered.length).toBeGreaterThan(1800);
  });

  it('skips entries of another shape instead of failing', () => {
    const catalog = emojiCatalog([null, 'x', { label: 'ok', emoji: '🆗', group: 8, order: 1, version: 0.6 }, { label: 7 }]);
    expect(catalog.groups).toEqual([{ group: 8, emoji: [{ unicode: '🆗', label: 'ok', group: 8, order: 1, terms: ['ok'] }] }]);
    expect(emojiCatalog({ not: 'a list' }).groups).toEqual([]);
  });
});

describe('emojiKey', () => {
  it('drops the presentation selector after characters that are emoji already, as other clients send them', () => {
    expect(emojiKey('👍\uFE0F')).toBe('👍');
    expect(emojiKey('✅\uFE0F')).toBe('✅');
  });

  it('keeps it where it makes a text character an emoji', () => {
    expect(emojiKey('❤\uFE0F')).toBe('❤\uFE0F');
    expect(emojiKey('☺\uFE0F')).toBe('☺\uFE0F');
    expect(emojiKey('🏳\uFE0F\u200D🌈')).toBe('🏳\uFE0F\u200D🌈');
  });
});
