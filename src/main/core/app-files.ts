/**
 * Serves the packaged renderer folder: GET only, and nothing that resolves
 * outside the folder (`..`, encoded traversal, absolute paths, symlinks out).
 * Used by the `app://` protocol in Electron and by the test harness over HTTP,
 * so both serve the renderer with the same rules and the same CSP.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export interface AppFileResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array<ArrayBuffer> | string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface AppFileServerOptions {
  readonly root: string;
  /** Computed per response: the allowed homeserver origin changes with sign-in. */
  readonly contentSecurityPolicy: () => string;
}

export function createAppFileServer({ root, contentSecurityPolicy }: AppFileServerOptions) {
  const realRoot = realpath(resolve(root));

  const respond = (status: number, body: Uint8Array<ArrayBuffer> | string, contentType = 'text/plain; charset=utf-8'): AppFileResponse => ({
    status,
    body,
    headers: {
      'content-type': contentType,
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
  });

  return async function serve(method: string, pathname: string): Promise<AppFileResponse> {
    if (method !== 'GET' && method !== 'HEAD') return respond(405, 'Method not allowed');
    const relativePath = safeRelativePath(pathname === '/' ? '/index.html' : pathname);
    if (!relativePath) return respond(403, 'Forbidden');

    const base = await realRoot;
    let target: string;
    try {
      target = await realpath(resolve(base, relativePath));
    } catch {
      return respond(404, 'Not found');
    }
    if (!isInside(base, target)) return respond(403, 'Forbidden');
    try {
      const body = await readFile(target);
      return respond(200, method === 'HEAD' ? '' : body, contentTypes[extname(target).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      return respond(404, 'Not found');
    }
  };
}

/** Decodes a URL path and returns it relative to the root, or null if it tries to leave it. */
export function safeRelativePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..') || segments.length === 0) return null;
  const joined = segments.join('/');
  return isAbsolute(joined) || /^[a-z]:/i.test(joined) ? null : joined;
}

function isInside(root: string, target: string): boolean {
  const path = relative(root, target);
  return path !== '' && !path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path);
}
