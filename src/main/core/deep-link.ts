/**
 * `depesche://` links, which any web page or program can hand to the OS. Only
 * one form is understood, opening a room (optionally at an event):
 *   depesche://room/!roomid:server.tld[/$eventid]  (room versions up to 11)
 *   depesche://room/!roomid[/$eventid]             (room version 12+: no server part)
 *   depesche://room/#alias:server.tld[/$eventid]   (also written %23alias:server.tld)
 * The string is parsed here rather than with `new URL`, which would read a
 * literal `#alias` as a fragment. Everything else is refused with null.
 */

import { isEventId, isRoomIdOrAlias } from '../../shared/matrix-ids';

export type DeepLink = { kind: 'room'; roomIdOrAlias: string; eventId?: string };

const scheme = 'depesche://';
const host = 'room';
const maxLinkLength = 2048;

export function parseDeepLink(url: string): DeepLink | null {
  if (typeof url !== 'string' || url.length > maxLinkLength) return null;
  if (url.slice(0, scheme.length).toLowerCase() !== scheme) return null;
  const rest = url.slice(scheme.length);
  const slash = rest.indexOf('/');
  // The authority must be exactly "room": no credentials, port or other host.
  if (slash < 0 || rest.slice(0, slash).toLowerCase() !== host) return null;

  const segments = rest.slice(slash + 1).split('/');
  if (segments.length > 1 && segments.at(-1) === '') segments.pop(); // tolerate one trailing slash
  if (segments.length < 1 || segments.length > 2) return null;
  const [room, event] = segments as [string, string | undefined];
  // A raw '#' may only open a literal alias; anywhere else it would be a fragment, and '?' a query.
  if ([room.slice(1), event ?? ''].some((segment) => segment.includes('#') || segment.includes('?'))) return null;

  const roomIdOrAlias = decodeOnce(room);
  if (roomIdOrAlias === null || !isRoomIdOrAlias(roomIdOrAlias)) return null;
  if (event === undefined) return { kind: 'room', roomIdOrAlias };
  const eventId = decodeOnce(event);
  if (eventId === null || !isEventId(eventId)) return null;
  return { kind: 'room', roomIdOrAlias, eventId };
}

function decodeOnce(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
