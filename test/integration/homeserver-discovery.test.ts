import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { maxRedirects } from '../../src/main/core/services/guarded-fetch';
import { discoverHomeserver, type DiscoveryOptions } from '../../src/main/core/services/homeserver-discovery';
import { createMemorySecretStore } from '../../src/main/core/services/secret-store';
import { DepescheError, type ErrorCode } from '../../src/shared/errors';
import { createLoopbackHttpsServer, trustLoopbackCertificate } from '../support/loopback-tls';
import { createMainForTests } from '../support/main-for-tests';
import { createNodeNetwork, type NodeNetwork } from '../support/node-network';

const synapse = inject('synapse');
const synapseUrl = synapse.baseUrl.replace(/\/+$/, '');

const servers: Server[] = [];

/** Starts a throwaway HTTP(S) server on a free loopback port and returns its origin. */
async function serve(listener: RequestListener, scheme: 'http' | 'https' = 'http'): Promise<string> {
  const guarded: RequestListener = (request, response) => {
    // A client that stops reading early (the bounded read) must not crash the test server.
    response.on('error', () => {});
    listener(request, response);
  };
  const server = scheme === 'https' ? createLoopbackHttpsServer(guarded) : createServer(guarded);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Answers every request with a redirect to `target(path)`. */
const redirecting =
  (target: (path: string) => string, status = 302): RequestListener =>
  (request, response) =>
    void response.writeHead(status, { location: target(request.url ?? '/') }).end();

/** Synapse behind a TLS front on another port, as a reverse proxy would serve it. */
const tlsFrontForSynapse: RequestListener = (request, response) => {
  void fetch(`${synapseUrl}${request.url ?? '/'}`).then(async (answer) => {
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(await answer.text());
  });
};

/** Discovery as a development build runs it, unless `options` say otherwise; the network records every request. */
function discover(input: string, options: Partial<DiscoveryOptions> = {}, network: NodeNetwork = createNodeNetwork()) {
  return discoverHomeserver(input, { network, development: true, configuredHomeserver: null, ...options });
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}`;
}

async function failure(input: string, options: Partial<DiscoveryOptions> = {}, network?: NodeNetwork): Promise<{ code: ErrorCode; message: string }> {
  try {
    const found = await discover(input, options, network);
    throw new Error(`expected discovery of ${input} to fail, but it found ${JSON.stringify(found)}`);
  } catch (error) {
    if (!(error instanceof DepescheError)) throw error;
    return { code: error.code, message: error.message };
  }
}

let wellKnownUrl: string;
let wellKnownTrailingSlashUrl: string;
let htmlUrl: string;
let hugeVersionsUrl: string;
let unreachableUrl: string;
const requestsSeen: string[] = [];

beforeAll(async () => {
  wellKnownUrl = await serve((request, response) => {
    if (request.url === '/.well-known/matrix/client') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'm.homeserver': { base_url: synapseUrl } }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"errcode":"M_NOT_FOUND"}');
  });
  wellKnownTrailingSlashUrl = await serve((request, response) => {
    if (request.url === '/.well-known/matrix/client') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'm.homeserver': { base_url: `${synapseUrl}/` } }));
      return;
    }
    response.writeHead(404).end();
  });
  htmlUrl = await serve((request, response) => {
    requestsSeen.push(`html ${request.url}`);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Intranet</title><p>Welcome</p>');
  });
  hugeVersionsUrl = await serve((request, response) => {
    if (request.url === '/_matrix/client/versions') {
      // A valid versions answer, padded to 1 MB: accepted only if read without a bound.
      const body = JSON.stringify({ versions: ['v1.11'], padding: 'x'.repeat(1024 * 1024) });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
      return;
    }
    response.writeHead(404).end();
  });
  unreachableUrl = await closedPortUrl();
  trustLoopbackCertificate();
});

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe('discoverHomeserver against a real Synapse', () => {
  it('finds Synapse at its URL, reporting the base URL without trailing slash and its versions', async () => {
    for (const input of [synapseUrl, `${synapseUrl}/`, `${synapseUrl}//`, `  ${synapseUrl}  `]) {
      const found = await discover(input);
      expect(found.baseUrl, input).toBe(synapseUrl);
      expect(found.versions.length, input).toBeGreaterThan(0);
      expect(found.versions.every((version) => typeof version === 'string' && version.length > 0), input).toBe(true);
    }
  });

  it("reports Synapse's own versions list", async () => {
    const response = await fetch(`${synapseUrl}/_matrix/client/versions`);
    const { versions } = (await response.json()) as { versions: string[] };
    expect((await discover(synapseUrl)).versions).toEqual(versions);
  });

  it('follows .well-known/matrix/client from a server that is not itself the homeserver', async () => {
    expect(wellKnownUrl).not.toBe(synapseUrl);
    const found = await discover(wellKnownUrl);
    expect(found.baseUrl).toBe(synapseUrl);
    expect(found.versions.length).toBeGreaterThan(0);
  });

  it('strips the trailing slash from a .well-known base_url', async () => {
    expect((await discover(`${wellKnownTrailingSlashUrl}/`)).baseUrl).toBe(synapseUrl);
  });
});

describe('discoverHomeserver tells failures apart', () => {
  it('calls a web server that answers HTML everywhere not-a-matrix-server', async () => {
    const result = await failure(htmlUrl);
    expect(result.code).toBe('not-a-matrix-server');
    expect(result.message).toContain(htmlUrl);
    expect(requestsSeen).toContain('html /_matrix/client/versions');
  });

  it('stops reading a 1 MB answer and calls the server not-a-matrix-server', async () => {
    expect((await failure(hugeVersionsUrl)).code).toBe('not-a-matrix-server');
  });

  it('calls a closed port homeserver-unreachable', async () => {
    const result = await failure(unreachableUrl);
    expect(result.code).toBe('homeserver-unreachable');
    expect(result.message).toContain(unreachableUrl);
  });

  it('calls a user id on a closed port homeserver-unreachable, not an invalid address', async () => {
    const { host } = new URL(unreachableUrl);
    expect((await failure(`@alice:${host}`)).code).toBe('homeserver-unreachable');
  });

  it.each(['javascript:alert(1)', 'ftp://x', '@alice', 'exa mple.org', 'https://user:pw@example.org', 'file:///etc/passwd', 'http://'])(
    'refuses %j as invalid-url',
    async (input) => {
      expect((await failure(input)).code).toBe('invalid-url');
    },
  );

  it('does not repeat the credentials of a refused URL in the message', async () => {
    expect((await failure('https://user:pw@example.org')).message).not.toContain('pw');
  });

  it('looks up only the homeserver fixed by policy, whatever the page asks for', async () => {
    const fixed = 'https://matrix.bund.invalid';
    const main = await createMainForTests({ secretStore: createMemorySecretStore(), profile: 'policy-test', machinePolicy: { 'homeserver.url': fixed } });
    const result = await main.dispatch('depesche:homeserver.discover', synapseUrl, { windowId: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'homeserver-unreachable', message: expect.stringContaining(fixed) } });
  });
});

describe('discoverHomeserver goes only where it may', () => {
  it('follows a redirect chain that stays on https', async () => {
    const front = await serve(tlsFrontForSynapse, 'https');
    const middle = await serve(redirecting((path) => `${front}${path}`, 308), 'https');
    const entry = await serve(redirecting((path) => `${middle}${path}`, 301), 'https');
    const network = createNodeNetwork();
    const found = await discover(entry, {}, network);
    expect(found.baseUrl).toBe(entry);
    expect(found.versions.length).toBeGreaterThan(0);
    expect(network.requests).toEqual([`${entry}/_matrix/client/versions`, `${middle}/_matrix/client/versions`, `${front}/_matrix/client/versions`]);
  });

  it('refuses a redirect from https to http, and does not make the request', async () => {
    const entry = await serve(redirecting((path) => `${synapseUrl}${path}`), 'https');
    const network = createNodeNetwork();
    const result = await failure(entry, {}, network);
    expect(result).toEqual({ code: 'homeserver-refused', message: expect.stringContaining('from https to http') });
    expect(network.requests.filter((url) => url.startsWith(synapseUrl))).toEqual([]);
  });

  it.each([
    ['an RFC 1918 address', 'https://192.168.1.20', 'is in a private network'],
    ['an http address elsewhere', 'http://10.20.30.40', 'does not use https'],
    ['carrier-grade NAT space', 'https://100.64.0.9', 'is in a private network'],
    ['the cloud metadata service (link-local)', 'https://169.254.169.254', 'is a link-local address'],
    ['an IPv6 unique local address', 'https://[fd12:3456::1]', 'is in a private network'],
    ['the IPv4-mapped form of loopback', 'https://[::ffff:127.0.0.1]', 'is on this computer'],
    ['the unspecified address', 'https://0.0.0.0', 'is an unspecified address'],
    ['localhost, which is not the host typed', 'https://localhost:8448', 'is on this computer'],
    ['a name that resolves to a private address', 'https://intranet.depesche.test', 'is in a private network'],
  ])('refuses to be redirected to %s (%s) without requesting it', async (_label, target, reason) => {
    const entry = await serve(redirecting((path) => `${target}${path}`));
    const network = createNodeNetwork();
    network.hosts.set('intranet.depesche.test', ['203.0.113.7', '10.1.2.3']);
    const result = await failure(entry, {}, network);
    expect(result.code).toBe('homeserver-refused');
    expect(result.message).toContain(reason);
    expect(network.requests.every((url) => url.startsWith(entry))).toBe(true);
  });

  it('refuses a .well-known that delegates to a private address', async () => {
    const delegating = await serve((request, response) => {
      if (request.url === '/.well-known/matrix/client') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'm.homeserver': { base_url: 'https://10.0.0.7:8448' } }));
        return;
      }
      response.writeHead(404).end();
    });
    const network = createNodeNetwork();
    const result = await failure(delegating, {}, network);
    expect(result).toEqual({ code: 'homeserver-refused', message: expect.stringContaining('https://10.0.0.7:8448 is in a private network') });
    expect(network.requests.some((url) => url.includes('10.0.0.7'))).toBe(false);
  });

  it(`follows ${maxRedirects} redirects and refuses the next one`, async () => {
    // /hop/N redirects to /hop/N-1; /hop/0 is Synapse's answer; there is no .well-known.
    const chain = await serve((request, response) => {
      const [prefix, hops] = /^\/hop\/(\d+)/.exec(request.url ?? '') ?? [];
      if (prefix === undefined || hops === undefined) return void response.writeHead(404).end();
      if (hops === '0') return tlsFrontForSynapse(Object.assign(request, { url: request.url?.slice(prefix.length) }), response);
      response.writeHead(302, { location: `/hop/${Number(hops) - 1}/_matrix/client/versions` }).end();
    });
    expect((await discover(`${chain}/hop/${maxRedirects}`)).baseUrl).toBe(`${chain}/hop/${maxRedirects}`);
    const network = createNodeNetwork();
    const result = await failure(`${chain}/hop/${maxRedirects + 1}`, {}, network);
    expect(result).toEqual({ code: 'homeserver-refused', message: expect.stringContaining(`redirects more than ${maxRedirects} times`) });
    expect(network.requests.filter((url) => url.includes('/hop/'))).toHaveLength(maxRedirects + 1);
  });
});

describe('discoverHomeserver in a packaged build', () => {
  const packagedMain = (machinePolicy?: unknown) =>
    createMainForTests({ secretStore: createMemorySecretStore(), profile: 'packaged-test', packaged: true, machinePolicy });

  it('refuses the local Synapse over http, which a development build uses, without requesting it', async () => {
    const main = await packagedMain();
    const result = await main.dispatch('depesche:homeserver.discover', synapseUrl, { windowId: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'homeserver-refused', message: expect.stringContaining('does not use https') } });
    expect(main.adapters.network.requests).toEqual([]);
    expect((await discover(synapseUrl)).baseUrl).toBe(synapseUrl);
  });

  it('refuses a loopback homeserver that was only typed, even over https', async () => {
    const front = await serve(tlsFrontForSynapse, 'https');
    const main = await packagedMain();
    const result = await main.dispatch('depesche:homeserver.discover', front, { windowId: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'homeserver-refused', message: expect.stringContaining('is on this computer') } });
    expect(main.adapters.network.requests).toEqual([]);
  });

  it('reaches the homeserver configured by policy on an internal address', async () => {
    const front = await serve(tlsFrontForSynapse, 'https');
    const main = await packagedMain({ 'homeserver.url': front });
    const result = await main.dispatch('depesche:homeserver.discover', 'https://typed.example.org', { windowId: 1 });
    expect(result).toMatchObject({ ok: true, value: { baseUrl: front } });
    expect(main.adapters.network.requests).toEqual([`${front}/_matrix/client/versions`]);
  });
});

describe("main's own requests", () => {
  it('reach only the server typed and the homeserver its .well-known delegates to, nothing it merely mentions', async () => {
    // A server name on https whose .well-known names Synapse, and an identity server main has no business with.
    const delegating = await serve((request, response) => {
      if (request.url !== '/.well-known/matrix/client') return void response.writeHead(404).end();
      const wellKnown = { 'm.homeserver': { base_url: synapseUrl }, 'm.identity_server': { base_url: 'https://vector.im' } };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(wellKnown));
    }, 'https');
    const main = await createMainForTests({ secretStore: createMemorySecretStore(), profile: 'requests-test' });
    const serverName = new URL(delegating).host;

    const result = await main.dispatch('depesche:homeserver.discover', `@erika:${serverName}`, { windowId: 1 });
    expect(result).toMatchObject({ ok: true, value: { baseUrl: synapseUrl } });
    expect(main.adapters.network.requests).toEqual([`${delegating}/.well-known/matrix/client`, `${synapseUrl}/_matrix/client/versions`]);
    expect(new Set(main.adapters.network.requests.map((url) => new URL(url).origin))).toEqual(new Set([delegating, synapseUrl]));
  });
});
