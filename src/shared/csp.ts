/**
 * The renderer's Content Security Policy. Nothing remote is ever loaded; the
 * only network peer is the homeserver. `'wasm-unsafe-eval'` is required by the
 * Rust crypto (WebAssembly) and allows compiling WASM only, not JS eval.
 * `blob:` images and media are the pictures and files fetched with authentication
 * (matrix/media.ts). No `data:` images: nothing of ours uses one (the sanitiser drops
 * them from messages too), so an injected one is refused. Workers only from the app:
 * the one worker, the SDK's sync store, is a built file; the Rust crypto starts none.
 */
export interface ConnectSourceOptions {
  /** Origin of the signed-in session's homeserver, or null on the login screen. */
  readonly activeHomeserverOrigin: string | null;
  /** Development and tests run Synapse over plain HTTP on loopback; packaged builds do not. */
  readonly allowLoopbackHttp: boolean;
}

// No [::1]: CSP host sources cannot name IPv6 literals (Chromium rejects the whole source).
const loopbackHttp = ['http://localhost:*', 'http://127.0.0.1:*'];

/**
 * Signed in, the page may talk to its homeserver only. On the login screen the
 * homeserver is not known yet, so any HTTPS origin is allowed for discovery and login.
 */
export function connectSources({ activeHomeserverOrigin, allowLoopbackHttp }: ConnectSourceOptions): string[] {
  const sources = activeHomeserverOrigin ? [activeHomeserverOrigin] : ['https:'];
  return allowLoopbackHttp && !activeHomeserverOrigin ? [...sources, ...loopbackHttp] : sources;
}

/**
 * Whether the page may reach `url` under these connect sources (as `connectSources`
 * builds them). Main applies it to each request the page makes, so the scope narrows
 * to the homeserver the moment a session is kept, although the document loaded on the
 * login screen still carries the wider policy until it is reloaded.
 */
export function isConnectAllowed(url: string, appOrigin: string, sources: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  // Only network requests are in scope; data: and blob: never leave the page.
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(target.protocol)) return true;
  if (target.origin === appOrigin) return true;
  return sources.some((source) => {
    if (/^[a-z]+:$/.test(source)) return target.protocol === source;
    const anyPort = source.endsWith(':*');
    if (!anyPort) return target.origin === source;
    const host = new URL(source.slice(0, -2));
    return target.protocol === host.protocol && target.hostname === host.hostname;
  });
}

export function buildContentSecurityPolicy(connect: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "worker-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The same policy for a `<meta>` tag, which cannot carry `frame-ancestors` (browsers ignore it there). */
export function buildMetaContentSecurityPolicy(connect: readonly string[]): string {
  return buildContentSecurityPolicy(connect)
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors '))
    .join('; ');
}
