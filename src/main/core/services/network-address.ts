/**
 * Which part of the network an IP address belongs to, so main can refuse to be
 * sent to a machine inside the agency's network (or to itself) by a server on
 * the internet. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are
 * judged by that IPv4 address.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressScope = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'reserved';

/** The scope of an IPv4 or IPv6 literal (IPv6 with or without brackets); null for anything else. */
export function addressScope(address: string): AddressScope | null {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if (isIPv4(bare)) return ipv4Scope(bare.split('.').map(Number));
  if (isIPv6(bare)) return ipv6Scope(ipv6Groups(bare));
  return null;
}

/** `localhost` and its subdomains always mean this machine (RFC 6761; Chromium resolves them so itself). */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

function ipv4Scope([a = 0, b = 0]: number[]): AddressScope {
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  // Carrier-grade NAT (100.64.0.0/10) is as internal as RFC 1918 space.
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  // Multicast, the old class E and broadcast: no homeserver lives there.
  if (a >= 224) return 'reserved';
  return 'public';
}

function ipv6Scope(groups: number[]): AddressScope {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const upperZero = groups.slice(0, 5).every((group) => group === 0);
  const embeddedIpv4 = (high: number, low: number) => ipv4Scope([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (upperZero && g5 === 0 && g6 === 0) {
    if (g7 === 0) return 'unspecified';
    if (g7 === 1) return 'loopback';
  }
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (the deprecated compatible form).
  if (upperZero && (g5 === 0xffff || g5 === 0)) return embeddedIpv4(g6, g7);
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address inside them.
  if (g0 === 0x64 && g1 === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) return embeddedIpv4(g6, g7);
  if (g0 === 0x2002) return embeddedIpv4(g1, groups[2] ?? 0);
  if ((g0 & 0xfe00) === 0xfc00) return 'private';
  // fe80::/10 is link-local; fec0::/10, the withdrawn site-local range, is private in effect.
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xff00) === 0xff00) return 'reserved';
  return 'public';
}

/** The eight 16-bit groups of a valid IPv6 literal (zone index dropped, `::` and a dotted tail expanded). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (side: string) => (side === '' ? [] : side.split(':').map((group) => parseInt(group, 16)));
  const before = part(head);
  const after = tail === undefined ? [] : part(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}
