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
