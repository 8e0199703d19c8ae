import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFileServer, safeRelativePath, type AppFileResponse } from '../../src/main/core/app-files';

const secret = 'TOP-SECRET-d1e5f0a2: must never be served';
const indexHtml = '<!doctype html><title>Depesche</title><script type="module" src="/assets/app.js"></script>';
const appJs = 'console.log("depesche");';
const wasm = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

const text = (response: AppFileResponse) =>
  typeof response.body === 'string' ? response.body : Buffer.from(response.body).toString('utf8');

describe('createAppFileServer', () => {
  let workDir: string;
  let policy = "default-src 'none'; policy-1";
  let serve: ReturnType<typeof createAppFileServer>;

  // workDir/
  //   secret.txt                 outside the root, reachable by `..` from it
  //   private/secret.txt         outside the root, in a sibling folder
  //   app/                       the root
  //     index.html, assets/app.js, assets/crypto.wasm, assets/data.unknown
  //     leak.txt -> ../private/secret.txt     symlink out of the root
  //     private-dir -> ../private             symlinked folder out of the root
  //     alias.js -> assets/app.js             symlink that stays inside
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'depesche-app-files-'));
    const root = join(workDir, 'app');
    await mkdir(join(root, 'assets'), { recursive: true });
    await mkdir(join(workDir, 'private'));
    await writeFile(join(workDir, 'secret.txt'), secret);
    await writeFile(join(workDir, 'private', 'secret.txt'), secret);
    await writeFile(join(root, 'index.html'), indexHtml);
    await writeFile(join(root, 'assets', 'app.js'), appJs);
    await writeFile(join(root, 'assets', 'crypto.wasm'), wasm);
    await writeFile(join(root, 'assets', 'data.unknown'), 'data');
    await symlink(join(workDir, 'private', 'secret.txt'), join(root, 'leak.txt'));
    await symlink(join(workDir, 'private'), join(root, 'private-dir'));
    await symlink(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
    serve = createAppFileServer({ root, contentSecurityPolicy: () => policy });
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('serves index.html for / and /index.html, as HTML with the CSP', async () => {
    for (const path of ['/', '/index.html']) {
      const response = await serve('GET', path);
      expect(response.status, path).toBe(200);
      expect(response.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy'], path).toBe(policy);
      expect(text(response), path).toBe(indexHtml);
    }
  });

  it('asks for the CSP on every response, so it follows sign-in and sign-out', async () => {
    policy = "default-src 'none'; policy-2";
    try {
      expect((await serve('GET', '/')).headers['content-security-policy']).toBe("default-src 'none'; policy-2");
      expect((await serve('GET', '/missing')).headers['content-security-policy']).toBe("default-src 'none'; policy-2");
    } finally {
      policy = "default-src 'none'; policy-1";
    }
  });

  it('serves JavaScript as text/javascript', async () => {
    const response = await serve('GET', '/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(text(response)).toBe(appJs);
  });

  it('serves WebAssembly as application/wasm, byte for byte', async () => {
    const response = await serve('GET', '/assets/crypto.wasm');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/wasm');
    expect(Uint8Array.from(response.body as Uint8Array)).toEqual(wasm);
  });

  it('serves an unknown extension as application/octet-stream, never sniffed', async () => {
    const response = await serve('GET', '/assets/data.unknown');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers HEAD with the headers and an empty body', async () => {
    const response = await serve('HEAD', '/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(text(response)).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'get'])('refuses %s with 405', async (method) => {
    const response = await serve(method, '/index.html');
    expect(response.status).toBe(405);
    expect(text(response)).not.toContain('Depesche');
  });

  it.each([
    '/../secret.txt',
    '/../private/secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/private/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fprivate%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%00',
    '/index.html%00.js',
    '//etc/passwd',
    '/assets/../../secret.txt',
    '/./../secret.txt',
    '/%252e%252e/secret.txt',
    '/%',
    '/private-dir/secret.txt',
    '/C:/Windows/win.ini',
  ])('refuses the traversal attempt %s without leaking the file', async (path) => {
    const response = await serve('GET', path);
    expect([403, 404], path).toContain(response.status);
    expect(text(response), path).not.toContain(secret);
  });

  it('refuses a symlink that points out of the root with 403', async () => {
    const response = await serve('GET', '/leak.txt');
    expect(response.status).toBe(403);
    expect(text(response)).not.toContain(secret);
  });

  it('serves a symlink that stays inside the root', async () => {
    const response = await serve('GET', '/alias.js');
    expect(response.status).toBe(200);
    expect(text(response)).toBe(appJs);
  });

  it('answers 404 for a missing file', async () => {
    expect((await serve('GET', '/missing.html')).status).toBe(404);
    expect((await serve('GET', '/assets/missing.js')).status).toBe(404);
  });

  it('answers a folder with an error, not a listing', async () => {
    const response = await serve('GET', '/assets');
    expect([403, 404]).toContain(response.status);
    expect(text(response)).not.toContain('app.js');
  });

  it('sends the CSP, nosniff and no-store on every response, errors included', async () => {
    const requests: [string, string][] = [
      ['GET', '/'],
      ['GET', '/assets/crypto.wasm'],
      ['HEAD', '/index.html'],
      ['POST', '/'],
      ['GET', '/../secret.txt'],
      ['GET', '/leak.txt'],
      ['GET', '/missing'],
      ['GET', '/%'],
    ];
    const statuses = new Set<number>();
    for (const [method, path] of requests) {
      const response = await serve(method, path);
      statuses.add(response.status);
      expect(response.headers['content-security-policy'], `${method} ${path}`).toBe(policy);
      expect(response.headers['x-content-type-options'], `${method} ${path}`).toBe('nosniff');
      expect(response.headers['cache-control'], `${method} ${path}`).toBe('no-store');
    }
    expect([...statuses].sort()).toEqual([200, 403, 404, 405]);
  });
});

describe('safeRelativePath', () => {
  it.each([
    ['/index.html', 'index.html'],
    ['/assets/app.js', 'assets/app.js'],
    ['/./assets//app.js', 'assets/app.js'],
    ['/assets/app%20name.js', 'assets/app name.js'],
    ['/%C3%A4.txt', 'ä.txt'],
  ])('maps %s to %s', (pathname, expected) => {
    expect(safeRelativePath(pathname)).toBe(expected);
  });

  it.each([
    '/',
    '//',
    '/./',
    '/..',
    '/../index.html',
    '/assets/../index.html',
    '/%2e%2e/index.html',
    '/a%2f..%2f..%2fb',
    '/a%5cb',
    '/a\\b',
    '/a%00b',
    '/%E0%A4%A',
    '/C:/Windows',
    '/c:',
  ])('refuses %s', (pathname) => {
    expect(safeRelativePath(pathname)).toBeNull();
  });
});
