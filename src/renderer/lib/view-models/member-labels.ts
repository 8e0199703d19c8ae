/**
 * How each member of a room is named on screen: neutralised display names, with
 * the user id added where two members would otherwise look alike. Taken fresh
 * for every timeline rebuild, so a renamed member never shows a stale name.
 */
import type { Room } from 'matrix-js-sdk';
import { disambiguateNames } from '../content/display-text';

export function memberLabels(room: Room): (userId: string) => string {
  const labels = disambiguateNames(room.getMembers().map((member) => ({ userId: member.userId, displayName: member.rawDisplayName })));
  return (userId) => labels.get(userId) ?? userId;
}
