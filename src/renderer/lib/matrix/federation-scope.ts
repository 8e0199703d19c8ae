/**
 * Which Matrix servers the person may reach (`federation.allowedServers`), decided before
 * anything is sent: an invitation, a direct chat, a join, a link. Pure, so the view models
 * ask it first and the server never sees a refused request.
 *
 * An entry without a port allows its host on every port; `example.org:8448` allows only that
 * server name. Hosts compare case-insensitively. The person's own homeserver is always allowed.
 */

export interface FederationScope {
  /** The server name of the person's own user id. */
  readonly ownServer: string;
  /** Allowed server names; null when policy sets none (any server). */
  readonly allowed: readonly string[] | null;
}

/** Where a join may go: through these `via` servers, or refused because of these servers. */
export type RoomRoute = { readonly allowed: true; readonly via: readonly string[] } | { readonly allowed: false; readonly servers: readonly string[] };

export function federationScope(ownUserId: string, allowed: readonly string[] | null | undefined): FederationScope {
  return { ownServer: serverNameOf(ownUserId) ?? '', allowed: allowed ?? null };
}

/**
 * The server part of a user id, room alias or room id (`@a:b`, `#a:b:8448`, `!x:b`); null
 * when there is none (room ids of room version 12 and later are only a hash).
 */
export function serverNameOf(id: string): string | null {
  const colon = id.indexOf(':');
  const server = colon > 0 ? id.slice(colon + 1) : '';
  return server === '' ? null : server;
}

export function isServerAllowed(scope: FederationScope, server: string): boolean {
  const name = parseServerName(server);
  if (!name) return false;
  if (scope.allowed === null) return true;
  return [scope.ownServer, ...scope.allowed].some((entry) => {
    const allowed = parseServerName(entry);
    return allowed !== null && allowed.host === name.host && (allowed.port === null || allowed.port === name.port);
  });
}

/** The servers of these people that policy does not allow, each once; empty when all are allowed. */
export function refusedServersOf(scope: FederationScope, userIds: readonly string[]): string[] {
  const refused = userIds.map((userId) => serverNameOf(userId) ?? userId).filter((server) => !isServerAllowed(scope, server));
  return distinct(refused);
}

/**
 * Whether a room may be joined or looked up, and through which servers. An alias or a room
 * id with a server must name an allowed one; `via` servers outside the list are dropped, and
 * if every one was outside (a room id without a server needs them) the join is refused.
 */
export function roomRoute(scope: FederationScope, roomIdOrAlias: string, via: readonly string[] = []): RoomRoute {
  const server = serverNameOf(roomIdOrAlias);
  if (server !== null && !isServerAllowed(scope, server)) return { allowed: false, servers: [server] };
  const allowedVia = distinct(via.filter((candidate) => isServerAllowed(scope, candidate)));
  if (server === null && via.length > 0 && allowedVia.length === 0) return { allowed: false, servers: distinct(via) };
  return { allowed: true, via: allowedVia };
}

function parseServerName(server: string): { host: string; port: number | null } | null {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/.exec(server.trim());
  if (!match) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65_535)) return null;
  return { host: match[1]!.toLowerCase(), port };
}

function distinct(servers: readonly string[]): string[] {
  const seen = new Set<string>();
  return servers.filter((server) => {
    const key = server.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The servers that make an invitation one policy does not allow: the inviter's, and the
 * room id's where it names one. Accepting it would join through them.
 */
export function invitationRefusedServers(scope: FederationScope, roomId: string, inviter: string | null): string[] {
  const route = roomRoute(scope, roomId);
  return distinct([...refusedServersOf(scope, inviter ? [inviter] : []), ...(route.allowed ? [] : route.servers)]);
}
