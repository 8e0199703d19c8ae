/**
 * Whether a message mentions the person. A sender's client that knows intentional
 * mentions (Matrix 1.7) lists whom it means in `m.mentions`, and then only that list
 * counts; without it, as in older clients, the person's display name or user id
 * standing as a word in the text does (the spec's legacy push rules).
 */
import type { IContent } from 'matrix-js-sdk';

export interface Mentionable {
  readonly userId: string;
  /** The person's display name in the room; empty if they have none. */
  readonly displayName: string;
}

export function mentionsMe(content: IContent, body: string, me: Mentionable): boolean {
  const mentions: unknown = content['m.mentions'];
  if (mentions !== undefined) {
    const userIds = typeof mentions === 'object' && mentions !== null ? (mentions as { user_ids?: unknown }).user_ids : undefined;
    return Array.isArray(userIds) && userIds.includes(me.userId);
  }
  return [me.userId, me.displayName.trim()].some((name) => name !== '' && containsWord(body, name));
}

/** Case-insensitive, and not as part of a longer word ("Erika" is not in "Erikas", nor "@erika:bund.de" in "@erika:bund.dev"). */
function containsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
}
