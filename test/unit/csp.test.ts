import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, buildMetaContentSecurityPolicy, connectSources, type ConnectSourceOptions } from '../../src/shared/csp';

const loopback = ['http://localhost:*', 'http://127.0.0.1:*'];

/** The policy as a map from directive name to its source list. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const directive of policy.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (!name) continue;
    expect(map.has(name), `directive ${name} appears twice`).toBe(false);
    map.set(name, sources);
  }
  return map;
}

function policyFor(options: ConnectSourceOptions): Map<string, string[]> {
  return directives(buildContentSecurityPolicy(connectSources(options)));
}

const states: [string, ConnectSourceOptions][] = [
  ['signed in', { activeHomeserverOrigin: 'https://matrix.example.org', allowLoopbackHttp: false }],
  ['signed in, loopback allowed', { activeHomeserverOrigin: 'http://127.0.0.1:8008', allowLoopbackHttp: true }],
  ['signed out', { activeHomeserverOrigin: null, allowLoopbackHttp: false }],
  ['signed out, loopback allowed', { activeHomeserverOrigin: null, allowLoopbackHttp: true }],
];

describe('connect-src', () => {
  it("is exactly 'self' and the homeserver origin when signed in", () => {
    expect(policyFor({ activeHomeserverOrigin: 'https://matrix.example.org', allowLoopbackHttp: false }).get('connect-src')).toEqual([
      "'self'",
      'https://matrix.example.org',
    ]);
  });

  it('names only the homeserver when signed in, even where loopback HTTP is allowed', () => {
    expect(policyFor({ activeHomeserverOrigin: 'https://matrix.example.org', allowLoopbackHttp: true }).get('connect-src')).toEqual([
      "'self'",
      'https://matrix.example.org',
    ]);
    expect(policyFor({ activeHomeserverOrigin: 'http://127.0.0.1:8008', allowLoopbackHttp: true }).get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:8008',
    ]);
  });

  it("is 'self' and any https: origin when signed out", () => {
    expect(policyFor({ activeHomeserverOrigin: null, allowLoopbackHttp: false }).get('connect-src')).toEqual(["'self'", 'https:']);
  });

  it('adds the loopback HTTP sources when signed out and loopback HTTP is allowed', () => {
    expect(policyFor({ activeHomeserverOrigin: null, allowLoopbackHttp: true }).get('connect-src')).toEqual([
      "'self'",
      'https:',
      ...loopback,
    ]);
  });

  it('never allows plain http: or a wildcard', () => {
    for (const [, options] of states) {
      const connect = policyFor(options).get('connect-src')!;
      expect(connect).not.toContain('http:');
      expect(connect).not.toContain('*');
    }
  });
});

describe('buildContentSecurityPolicy', () => {
  it.each(states)('locks everything else down (%s)', (_label, options) => {
    const policy = policyFor(options);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it.each(states)("never allows 'unsafe-inline' or JavaScript eval (%s)", (_label, options) => {
    for (const [name, sources] of policyFor(options)) {
      expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
      expect(sources, name).not.toContain("'unsafe-hashes'");
      expect(sources, name).not.toContain("'strict-dynamic'");
      if (name !== 'script-src') expect(sources, name).not.toContain("'wasm-unsafe-eval'");
    }
  });

  it.each(states)('shows images only from the app and from blob: URLs, and starts workers only from the app (%s)', (_label, options) => {
    const policy = policyFor(options);
    expect(policy.get('img-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    for (const [name, sources] of policy) expect(sources, name).not.toContain('data:');
  });

  it('loads scripts, styles and fonts from the app itself only', () => {
    const policy = policyFor(states[0]![1]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('font-src')).toEqual(["'self'"]);
    for (const [name, sources] of policy) {
      if (name === 'connect-src') continue;
      expect(sources.filter((source) => /^https?:/.test(source)), name).toEqual([]);
    }
  });

  it('separates directives with "; " and adds nothing for an empty connect list', () => {
    const policy = buildContentSecurityPolicy([]);
    expect(policy).toContain("connect-src 'self';");
    expect(policy.split('; ').every((directive) => directive === directive.trim() && directive.length > 0)).toBe(true);
  });
});

describe('buildMetaContentSecurityPolicy', () => {
  it('is the header policy without frame-ancestors, which a meta tag cannot carry', () => {
    const header = buildContentSecurityPolicy(['https:']);
    const meta = buildMetaContentSecurityPolicy(['https:']);
    expect(header).toContain("frame-ancestors 'none'");
    expect(meta).not.toContain('frame-ancestors');
    expect(meta.split('; ')).toEqual(header.split('; ').filter((directive) => !directive.startsWith('frame-ancestors')));
  });
});
