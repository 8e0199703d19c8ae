/**
 * Main's requests to servers that people or other servers name. Redirects are
 * followed by hand, a few hops at most, and each hop is checked before it is
 * requested: https only (http only to this computer in a development build, and
 * never after https), and no loopback, private, link-local or unspecified
 * address unless it belongs to a host main was told to trust. Otherwise a server
 * on the internet could make main probe the agency's own network.
 */
import { addressScope, isLocalhostName, type AddressScope } from './network-address';

/** One request, redirects not followed: a redirect comes back as a 3xx response with `location`. */
export type HttpFetch = (
  url: string,
  init: { readonly signal: AbortSignal; readonly headers: Readonly<Record<string, string>>; readonly method?: 'GET' | 'POST' },
) => Promise<Response>;

/** The addresses a host name resolves to; empty when it does not resolve here (a proxy may still reach it). */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

export interface OutboundNetwork {
  readonly fetch: HttpFetch;
  readonly resolveHost: ResolveHost;
}

export interface TargetRules {
  /** A development (not packaged) build: http is allowed to this computer. */
  readonly development: boolean;
  /** Host names that may be on a non-public address (see homeserver-discovery.ts for which). */
  readonly trustedHosts: ReadonlySet<string>;
}

export const maxRedirects = 3;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export type GuardedAnswer =
  | { readonly kind: 'response'; readonly response: Response }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'unreachable' };

export async function guardedGet(
  url: string,
  network: OutboundNetwork,
  rules: TargetRules,
  init: { readonly signal: AbortSignal; readonly headers: Readonly<Record<string, string>> },
): Promise<GuardedAnswer> {
  let target = new URL(url);
  let previous: URL | null = null;
  for (let hop = 0; ; hop++) {
    const refusal = await refusalOf(target, previous, rules, network.resolveHost);
    if (refusal) return { kind: 'refused', reason: refusal };
    let response: Response;
    try {
      response = await network.fetch(target.href, init);
    } catch {
      return { kind: 'unreachable' };
    }
    const location = redirectStatuses.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return { kind: 'response', response };
    await response.body?.cancel();
    if (hop === maxRedirects) return { kind: 'refused', reason: `${target.origin} redirects more than ${maxRedirects} times` };
    previous = target;
    try {
      target = new URL(location, target);
    } catch {
      return { kind: 'refused', reason: `${previous.origin} redirects to an invalid address` };
    }
  }
}

/** Why `target` must not be requested, or null when it may. */
async function refusalOf(target: URL, previous: URL | null, rules: TargetRules, resolveHost: ResolveHost): Promise<string | null> {
  const shown = target.protocol === 'http:' || target.protocol === 'https:' ? target.origin : `a ${target.protocol} address`;
  if (target.username || target.password) return `${shown} carries credentials`;
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return `${shown} is not https`;
  const scope = await scopeOf(target.hostname, resolveHost);
  if (target.protocol === 'http:') {
    if (!rules.development || scope !== 'loopback') return `${shown} does not use https`;
    if (previous?.protocol === 'https:') return `${previous.origin} redirects from https to http`;
  }
  if (scope !== 'public' && !rules.trustedHosts.has(target.hostname)) return `${shown} ${scopeWords[scope]}`;
  return null;
}

const scopeWords: Record<Exclude<AddressScope, 'public'>, string> = {
  loopback: 'is on this computer',
  private: 'is in a private network',
  'link-local': 'is a link-local address',
  unspecified: 'is an unspecified address',
  reserved: 'is a reserved address',
};

/** A literal's own scope; a name's is the least public of its addresses (a name with one internal address is internal). */
async function scopeOf(hostname: string, resolveHost: ResolveHost): Promise<AddressScope> {
  const literal = addressScope(hostname);
  if (literal) return literal;
  if (isLocalhostName(hostname)) return 'loopback';
  const addresses = await resolveHost(hostname).catch(() => []);
  for (const address of addresses) {
    const scope = addressScope(address);
    if (scope && scope !== 'public') return scope;
  }
  return 'public';
}
