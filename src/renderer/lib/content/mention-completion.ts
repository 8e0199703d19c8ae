/**
 * @-completion in the composer: finding the `@…` being typed, ranking the room's members
 * for it, and putting the chosen one in as a mention (see mentions.ts).
 */
import { mentionMarkdown } from './mentions';

export interface MentionCandidate {
  readonly userId: string;
  /** As the room shows the member (neutralised, told apart where two look alike). */
  readonly name: string;
}

/** The `@…` the caret is in: where it starts (at the `@`), where its word ends, and what follows the `@`. */
export interface MentionQuery {
  readonly start: number;
  readonly end: number;
  readonly query: string;
}

export const maxSuggestions = 8;

// What a name or user id is typed with: letters, digits and the punctuation of user ids.
const idCharacter = String.raw`[\p{L}\p{N}\p{M}._=\-/+:]`;
// An @ at the start or after a space or bracket (not inside "post@bund.de"), then at least one of them.
const typedMention = new RegExp(String.raw`(?:^|[\s([{])@(${idCharacter}{1,64})$`, 'u');
const restOfWord = new RegExp(String.raw`^${idCharacter}*`, 'u');

export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = typedMention.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1]!;
  const rest = restOfWord.exec(text.slice(caret))![0];
  return { start: caret - query.length - 1, end: caret + rest.length, query };
}

/** Case and accents do not matter: "jur" finds "Jürgen". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const names = new Intl.Collator(undefined, { numeric: true });

/**
 * Members for a query, best first: a display name starting with it, then a word of the name
 * starting with it, then the user id's localpart starting with it, then names and user ids
 * merely containing it. At most `limit`.
 */
export function rankMembers<Candidate extends MentionCandidate>(query: string, members: readonly Candidate[], limit = maxSuggestions): Candidate[] {
  const needle = fold(query.replace(/^@/, ''));
  if (!needle) return [];
  const ranked: { member: Candidate; rank: number }[] = [];
  for (const member of members) {
    const rank = rankOf(needle, member);
    if (rank !== null) ranked.push({ member, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || names.compare(a.member.name, b.member.name) || (a.member.userId < b.member.userId ? -1 : 1));
  return ranked.slice(0, limit).map(({ member }) => member);
}

function rankOf(needle: string, member: MentionCandidate): number | null {
  const name = fold(member.name);
  const id = fold(member.userId.slice(1));
  if (name.startsWith(needle)) return 0;
  if (name.split(/[\s\-_.,()]+/u).some((word) => word.startsWith(needle))) return 1;
  // The localpart, and on into the server name ("erika:bund").
  if (id.startsWith(needle)) return 2;
  if (name.includes(needle)) return 3;
  return id.slice(0, id.indexOf(':')).includes(needle) ? 4 : null;
}

/**
 * The text with the typed `@…` replaced by a mention of `member`, and the caret after it: after a
 * space added to go on typing, unless a space or punctuation follows already.
 */
export function completeMention(text: string, query: MentionQuery, member: MentionCandidate): { text: string; caret: number } {
  const after = text.slice(query.end);
  const mention = `${mentionMarkdown(member.userId, member.name)}${/^[\s,.;:!?)\]}]/u.test(after) ? '' : ' '}`;
  return { text: `${text.slice(0, query.start)}${mention}${after}`, caret: query.start + mention.length };
}
