import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { discoverHomeserver } from '../../src/main/services/homeserver-discovery';
import { createMemorySecretStore } from '../../src/main/services/secret-store';
import { DepescheError, type ErrorCode } from '../../src/shared/errors';
import { createMainForTests } from '../support/main-for-tests';

const synapse = inject('synapse');
const synapseUrl = synapse.baseUrl.replace(/\/+$/, '');

const servers: Server[] = [];

/** Starts a throwaway HTTP server on a free loopback port and returns its URL. */
async function serve(listener: RequestListener): Promise<string> {
  const server = createServer((request, response) => {
    // A client that stops reading early (the bounded read) must not crash the test server.
    response.on('error', () => {});
    listener(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}`;
}

async function failure(input: string): Promise<{ code: ErrorCode; message: string }> {
  try {
    const found = await discoverHomeserver(input);
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
      const found = await discoverHomeserver(input);
      expect(found.baseUrl, input).toBe(synapseUrl);
      expect(found.versions.length, input).toBeGreaterThan(0);
      expect(found.versions.every((version) => typeof version === 'string' && version.length > 0), input).toBe(true);
    }
  });

  it("reports Synapse's own versions list", async () => {
    const response = await fetch(`${synapseUrl}/_matrix/client/versions`);
    const { versions } = (await response.json()) as { versions: string[] };
    expect((await discoverHomeserver(synapseUrl)).versions).toEqual(versions);
  });

  it('follows .well-known/matrix/client from a server that is not itself the homeserver', async () => {
    expect(wellKnownUrl).not.toBe(synapseUrl);
    const found = await discoverHomeserver(wellKnownUrl);
    expect(found.baseUrl).toBe(synapseUrl);
    expect(found.versions.length).toBeGreaterThan(0);
  });

  it('strips the trailing slash from a .well-known base_url', async () => {
    expect((await discoverHomeserver(`${wellKnownTrailingSlashUrl}/`)).baseUrl).toBe(synapseUrl);
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
    const result = await main.dispatch('depesche:homeserver.discover', synapseUrl);
    expect(result).toMatchObject({ ok: false, error: { code: 'homeserver-unreachable', message: expect.stringContaining(fixed) } });
  });
});
