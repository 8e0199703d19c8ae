/**
 * The Matrix identifiers a link may carry, checked the same way wherever a link arrives
 * (main for depesche://, the page for matrix.to): printable, bounded, and of the spec's shape.
 */

const maxIdLength = 255;

// Matrix server name: DNS name or IPv4 (1-255 of [A-Za-z0-9.-]) or [IPv6], with an optional port.
// Localparts are opaque but never hold the ':' that ends them. Room ids of room version 12
// and later are `!` plus a hash with no server; aliases and user ids always have one.
const serverName = String.raw`(?:[A-Za-z0-9.-]{1,255}|\[[0-9A-Fa-f:.]{2,45}\])(?::(?<port>[0-9]{1,5}))?`;
const roomIdPattern = new RegExp(String.raw`^![^:]+(?::${serverName})?$`);
const aliasPattern = new RegExp(String.raw`^#[^:]+:${serverName}$`);
const userIdPattern = new RegExp(String.raw`^@[^:]+:${serverName}$`);
const serverNamePattern = new RegExp(String.raw`^${serverName}$`);
const eventIdPattern = /^\$.+$/;
// Control, format (bidi overrides, zero-width), unassigned and private-use characters; whitespace
// and separators; '/' and '\' (paths); '%' (left over from a second round of encoding).
const forbidden = /[\p{C}\p{Z}\s/\\%]/u;

export function isRoomIdOrAlias(id: string): boolean {
  return isValid(id, id.startsWith('#') ? aliasPattern : roomIdPattern);
}

export function isUserId(id: string): boolean {
  return isValid(id, userIdPattern);
}

export function isEventId(id: string): boolean {
  return isValid(id, eventIdPattern);
}

export function isServerName(name: string): boolean {
  return isValid(name, serverNamePattern);
}

function isValid(id: string, pattern: RegExp): boolean {
  const match = id.length <= maxIdLength && !forbidden.test(id) ? pattern.exec(id) : null;
  const port = match?.groups?.port;
  return match !== null && (port === undefined || (Number(port) >= 1 && Number(port) <= 65_535));
}
