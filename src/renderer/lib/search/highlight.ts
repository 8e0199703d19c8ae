/**
 * The text of a hit cut to its context and split into plain and matched parts: a word
 * of the message is marked when its folded form starts with a folded word of the query
 * (the index's prefix match), so "Straße" is marked for the query "strasse".
 */
import { foldText } from './text-folding';

export interface TextPart {
  readonly text: string;
  readonly match: boolean;
}

const word = /[\p{L}\p{N}]+/gu;
/** Characters of context kept on each side of the first match in a long message. */
const contextChars = 80;

export function highlightParts(body: string, queryWords: readonly string[]): TextPart[] {
  const matches = [...body.matchAll(word)].filter((found) => {
    const folded = foldText(found[0]);
    return queryWords.some((query) => folded.startsWith(query));
  });
  const first = matches[0]?.index ?? 0;
  const start = body.length > contextChars * 2 && first > contextChars ? body.lastIndexOf(' ', first - contextChars) + 1 : 0;
  const end = body.length - start > contextChars * 3 ? Math.max(body.indexOf(' ', start + contextChars * 3), start + contextChars * 3) : body.length;
  const parts: TextPart[] = [];
  let at = start;
  for (const found of matches) {
    const index = found.index;
    if (index < start) continue;
    if (index >= end) break;
    if (index > at) parts.push({ text: body.slice(at, index), match: false });
    parts.push({ text: found[0], match: true });
    at = index + found[0].length;
  }
  if (end > at) parts.push({ text: body.slice(at, end), match: false });
  if (start > 0) parts.unshift({ text: '… ', match: false });
  if (end < body.length) parts.push({ text: ' …', match: false });
  return parts;
}
