/**
 * Folds German and English text for the search index and for queries alike: lower case,
 * the sharp s as "ss", umlauts and other accents dropped ("Straße" and "strasse",
 * "Bescheid" and "BESCHEID", "café" and "cafe" meet). Both sides are folded the same
 * way, so the index never holds a form a query cannot reach.
 */

// Letters that lower-casing and NFD leave alone but a German or English reader takes as others.
const letters: Readonly<Record<string, string>> = { ß: 'ss', ẞ: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };
const marks = /\p{M}+/gu;
const special = /[ßẞæœøđłı]/g;

export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(special, (letter) => letters[letter] ?? letter)
    .normalize('NFD')
    .replace(marks, '')
    .normalize('NFC');
}

/** Words as the index sees them: letters and digits, anything else separates. */
const word = /[\p{L}\p{N}]+/gu;

export function foldedWords(text: string): string[] {
  return foldText(text).match(word) ?? [];
}
