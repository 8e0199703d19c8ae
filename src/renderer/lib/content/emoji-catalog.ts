/**
 * The emoji the picker offers, from emojibase's data for the app's language (German or
 * English CLDR names and search keywords): grouped as Unicode groups them, searchable by
 * name and keyword. Pure: the data comes in parsed (emoji-data.ts loads it).
 */

/** One emoji in the picker. */
export interface Emoji {
  /** What is inserted or sent as the reaction key (see `emojiKey`). */
  readonly unicode: string;
  /** Its name in the app's language, e.g. "Daumen hoch" / "thumbs up". */
  readonly label: string;
  /** Unicode's group: 0 smileys, 1 people, 3 animals … 9 flags. */
  readonly group: EmojiGroupNumber;
  readonly order: number;
  /** The name's words and the keywords, lower case without accents, for search. */
  readonly terms: readonly string[];
}

export interface EmojiGroup {
  readonly group: EmojiGroupNumber;
  readonly emoji: readonly Emoji[];
}

export interface EmojiCatalog {
  readonly groups: readonly EmojiGroup[];
  /** Emoji matching every word of the query, best first; empty for an empty query. */
  search(query: string): Emoji[];
}

/** The groups shown, in order; 2 ("component": skin tones and hair styles alone) is not offered. */
export const emojiGroups = [0, 1, 3, 4, 5, 6, 7, 8, 9] as const;
export type EmojiGroupNumber = (typeof emojiGroups)[number];

// The newest emoji the bundled font (Twemoji 15) draws; newer ones would show as empty boxes.
const newestVersion = 15;

/**
 * The key a reaction is sent with and the text inserted: emojibase adds the emoji
 * presentation selector (U+FE0F) even after characters that are emoji by default, where
 * Unicode's fully-qualified form (and the key other clients send for 👍) has none. Without
 * this, the picker's 👍 and another client's 👍 would count as two different reactions.
 */
export function emojiKey(unicode: string): string {
  return unicode.replace(/(\p{Emoji_Presentation})\uFE0F/gu, '$1');
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Builds the catalog from emojibase's `data.json`; entries of another shape are skipped. */
export function emojiCatalog(data: unknown): EmojiCatalog {
  const all = (Array.isArray(data) ? data : []).flatMap((entry: unknown) => {
    const emoji = emojiOf(entry);
    return emoji ? [emoji] : [];
  });
  all.sort((a, b) => a.order - b.order);
  const groups = emojiGroups.map((group) => ({ group, emoji: all.filter((emoji) => emoji.group === group) })).filter(({ emoji }) => emoji.length > 0);
  const offered = groups.flatMap(({ emoji }) => emoji.map((entry) => ({ emoji: entry, name: fold(entry.label) })));
  return { groups, search: (query) => search(offered, query) };
}

interface EmojibaseEntry {
  readonly label?: unknown;
  readonly emoji?: unknown;
  readonly group?: unknown;
  readonly order?: unknown;
  readonly version?: unknown;
  readonly tags?: unknown;
}

function isOffered(group: number): group is EmojiGroupNumber {
  return (emojiGroups as readonly number[]).includes(group);
}

function emojiOf(entry: unknown): Emoji | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { label, emoji, group, order, version, tags } = entry as EmojibaseEntry;
  if (typeof label !== 'string' || typeof emoji !== 'string' || typeof group !== 'number' || typeof order !== 'number') return null;
  if (typeof version !== 'number' || version > newestVersion || !isOffered(group)) return null;
  const keywords = Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
  const terms = [...new Set([...fold(label).split(/[\s:,.()]+/u), ...keywords.map(fold)].filter(Boolean))];
  return { unicode: emojiKey(emoji), label, group, order, terms };
}

/**
 * Ranks by the query's first word: the name starting with it as a word ("Daumen" → "Daumen
 * hoch"), the name starting with it, a word of the name being it ("Herz" → "rotes Herz"), a
 * word of the name or a keyword starting with it, the name containing it. Every further
 * word must start a term or appear in the name. Ties keep Unicode's order.
 */
function search(offered: readonly { emoji: Emoji; name: string }[], query: string): Emoji[] {
  const [first, ...others] = fold(query).split(/\s+/u).filter(Boolean);
  if (!first) return [];
  const ranked: { emoji: Emoji; rank: number }[] = [];
  for (const { emoji, name } of offered) {
    const rank = rankOf(first, name, emoji.terms);
    const rest = others.every((word) => name.includes(word) || emoji.terms.some((term) => term.startsWith(word)));
    if (rank !== null && rest) ranked.push({ emoji, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank || a.emoji.order - b.emoji.order).map(({ emoji }) => emoji);
}

function rankOf(word: string, name: string, terms: readonly string[]): number | null {
  if (name === word || name.startsWith(`${word} `)) return 0;
  if (name.startsWith(word)) return 1;
  if (terms.includes(word)) return 2;
  if (terms.some((term) => term.startsWith(word))) return 3;
  return name.includes(word) ? 4 : null;
}
