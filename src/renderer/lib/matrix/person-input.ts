/**
 * What a person typed or pasted into the people picker: a user id (`@erika:bund.de`, or a
 * matrix.to link to one), something meant as an id that cannot be one (explained, never
 * sent), or words to search the user directory with. Pure, so the picker decides before
 * anything reaches the server.
 */
import { isUserId } from '../../../shared/matrix-ids';
import { parseMatrixToLink } from './matrix-to-link';
import { serverNameOf } from './federation-scope';

export type PersonInput =
  | { readonly kind: 'id'; readonly userId: string }
  | { readonly kind: 'malformed'; readonly text: string }
  | { readonly kind: 'search'; readonly term: string }
  | { readonly kind: 'empty' };

/** One person as the picker shows them: from the directory, or a looked-up profile. */
export interface PersonCandidate {
  readonly userId: string;
  /** Neutralised display name; the user id where there is none. */
  readonly name: string;
  readonly avatar: string | null;
  /** The server part of the user id (people from elsewhere are marked with it). */
  readonly server: string;
}

const matrixTo = /^https:\/\/matrix\.to\//i;

export function parsePersonInput(text: string): PersonInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (matrixTo.test(trimmed)) {
    const link = parseMatrixToLink(trimmed);
    return link?.kind === 'user' ? { kind: 'id', userId: link.userId } : { kind: 'malformed', text: trimmed };
  }
  if (trimmed.startsWith('@')) return isUserId(trimmed) ? { kind: 'id', userId: trimmed } : { kind: 'malformed', text: trimmed };
  return { kind: 'search', term: trimmed };
}

/**
 * The suggestions to show: the exact person first (a typed id, once its profile is known),
 * then the directory's answers, each person once, without the hidden ones (chosen already,
 * the person themselves, members of the room).
 */
export function mergeCandidates<T extends PersonCandidate>(exact: T | null, found: readonly T[], hidden: readonly string[]): T[] {
  const seen = new Set(hidden);
  const merged: T[] = [];
  for (const candidate of exact ? [exact, ...found] : found) {
    if (seen.has(candidate.userId)) continue;
    seen.add(candidate.userId);
    merged.push(candidate);
  }
  return merged;
}

export function candidateOf(userId: string, displayName: unknown, avatarUrl: unknown, neutraliseName: (name: string) => string): PersonCandidate {
  const name = typeof displayName === 'string' ? neutraliseName(displayName) : '';
  return {
    userId,
    name: name || userId,
    avatar: typeof avatarUrl === 'string' && avatarUrl.startsWith('mxc://') ? avatarUrl : null,
    server: serverNameOf(userId) ?? '',
  };
}
