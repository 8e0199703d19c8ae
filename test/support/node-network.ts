/**
 * Main's network adapters in Node, as the tests use them: Node's fetch with
 * redirects handed back (what the Electron adapter does over Chromium), the
 * system resolver with names a test may add, and a record of every request.
 */
import { lookup } from 'node:dns/promises';
import type { OutboundNetwork } from '../../src/main/core/services/guarded-fetch';

export interface NodeNetwork extends OutboundNetwork {
  /** Every URL requested, in order. */
  readonly requests: string[];
  /** Names answered before the system resolver is asked (a test's own DNS). */
  readonly hosts: Map<string, readonly string[]>;
}

export function createNodeNetwork(): NodeNetwork {
  const network: NodeNetwork = {
    requests: [],
    hosts: new Map(),
    async fetch(url, init) {
      network.requests.push(url);
      return fetch(url, { ...init, redirect: 'manual' });
    },
    async resolveHost(hostname) {
      const known = network.hosts.get(hostname);
      if (known) return known;
      return (await lookup(hostname, { all: true }).catch(() => [])).map(({ address }) => address);
    },
  };
  return network;
}
