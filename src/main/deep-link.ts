/**
 * `depesche://` links, which any web page or program can hand to the OS. Only
 * one form is understood, opening a room (optionally at an event):
 *   depesche://room/!roomid:server.tld[/$eventid]  (room versions up to 11)
 *   depesche://room/!roomid[/$eventid]             (room version 12+: no server part)
 *   depesche://room/#alias:server.tld[/$eventid]   (also written %23alias:server.tld)
 * The string is parsed here rather than with `new URL`, which would read a
 * literal `#alias` as a fragment. Everything else is refused with null.
 */

export type DeepLink = { kind: 'room'; roomIdOrAlias: string; eventId?: string };

const scheme = 'depesche://';
const host = 'room';
const maxLinkLength = 2048;
const maxIdLength = 255;

// Matrix server name: DNS name or IPv4 (1-255 of [A-Za-z0-9.-]) or [IPv6], with an optional port.
// Localparts are opaque but never hold the ':' that ends them. Room ids of room version 12
// and later are `!` plus a hash with no server; aliases always have one.
const serverName = String.raw`(?:[A-Za-z0-9.-]{1,255}|\[[0-9A-Fa-f:.]{2,45}\])(?::(?<port>[0-9]{1,5}))?`;
const roomIdPattern = new RegExp(String.raw`^![^:]+(?::${serverName})?$`);
const aliasPattern = new RegExp(String.raw`^#[^:]+:${serverName}$`);
const eventIdPattern = /^\$.+$/;
// Control, format (bidi overrides, zero-width), unassigned and private-use characters; whitespace
// and separators; '/' and '\' (paths); '%' (left over from a second round of encoding).
const forbidden = /[\p{C}\p{Z}\s/\\%]/u;

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
  if (roomIdOrAlias === null || !isValidId(roomIdOrAlias, roomIdOrAlias.startsWith('#') ? aliasPattern : roomIdPattern)) return null;
  if (event === undefined) return { kind: 'room', roomIdOrAlias };
  const eventId = decodeOnce(event);
  if (eventId === null || !isValidId(eventId, eventIdPattern)) return null;
  return { kind: 'room', roomIdOrAlias, eventId };
}

function decodeOnce(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function isValidId(id: string, pattern: RegExp): boolean {
  const match = id.length <= maxIdLength && !forbidden.test(id) ? pattern.exec(id) : null;
  const port = match?.groups?.port;
  return match !== null && (port === undefined || (Number(port) >= 1 && Number(port) <= 65_535));
}
