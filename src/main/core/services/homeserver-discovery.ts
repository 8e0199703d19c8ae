/**
 * Turns what a person types on the login screen into a verified homeserver:
 * a URL is checked directly (falling back to its `.well-known`), a server name or
 * user id is resolved through `.well-known/matrix/client`. Runs in main because
 * only there can a non-Matrix server be told apart from an unreachable one
 * (the renderer's fetch sees both as the same CORS failure). Every request goes
 * through guarded-fetch.ts: https only, redirects checked hop by hop, and no
 * internal address unless it is the homeserver's own host (see `trustedHosts`).
 */
import type { DiscoveredHomeserver } from '../../../shared/bridge';
import { DepescheError } from '../../../shared/errors';
import { guardedGet, type OutboundNetwork, type TargetRules } from './guarded-fetch';

const requestTimeoutMs = 10_000;
const invalidAddressMessage = 'Enter a homeserver address such as https://matrix.example.org or a user id such as @name:example.org.';
const maxResponseBytes = 64 * 1024;

export interface DiscoveryOptions {
  readonly network: OutboundNetwork;
  /** A development (not packaged) build: the local Synapse on http://127.0.0.1 can be used. */
  readonly development: boolean;
  /** The homeserver policy fixes (`homeserver.url`): then the only one looked up, whatever was typed. */
  readonly configuredHomeserver: string | null;
}

type Probe = { kind: 'ok'; body: unknown } | { kind: 'unreachable' } | { kind: 'not-json' } | { kind: 'refused'; reason: string };

export async function discoverHomeserver(typed: string, options: DiscoveryOptions): Promise<DiscoveredHomeserver> {
  const input = options.configuredHomeserver ?? typed;
  const candidates = candidateBaseUrls(input);
  // The homeserver an administrator configured may be on an internal address, and so may the one a
  // developer typed; a host any server merely redirects or delegates to may not.
  const ownHost = new URL(candidates[0]!.url).hostname;
  const trusted = options.configuredHomeserver !== null || options.development;
  const rules: TargetRules = { development: options.development, trustedHosts: new Set(trusted ? [ownHost] : []) };
  const probe = (url: string) => probeJson(url, options.network, rules);
  let reachedSomething = false;
  let refusal: string | null = null;

  for (const candidate of candidates) {
    let baseUrl = candidate.url;
    if (candidate.wellKnown) {
      const wellKnown = await followWellKnown(candidate.url, probe);
      if (wellKnown.kind === 'refused') refusal ??= wellKnown.reason;
      if (wellKnown.kind === 'unreachable' || wellKnown.kind === 'refused') continue;
      reachedSomething = true;
      if (wellKnown.kind === 'none') continue;
      baseUrl = wellKnown.url;
    }
    const versions = await probe(`${baseUrl}/_matrix/client/versions`);
    if (versions.kind === 'refused') refusal ??= versions.reason;
    if (versions.kind === 'unreachable' || versions.kind === 'refused') continue;
    reachedSomething = true;
    const list = versions.kind === 'ok' ? versionList(versions.body) : null;
    if (list) return { baseUrl, versions: list };
  }

  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  // The most useful answer first: a refused address tells the person what to ask their administrator.
  if (refusal !== null) throw new DepescheError('homeserver-refused', `Depesche does not connect there: ${refusal}.`);
  if (reachedSomething) {
    throw new DepescheError('not-a-matrix-server', `${shown} answered, but it is not a Matrix homeserver.`);
  }
  throw new DepescheError('homeserver-unreachable', `${shown} could not be reached.`);
}

interface Candidate {
  readonly url: string;
  /** Whether `url` is a server origin whose `.well-known` should be read first. */
  readonly wellKnown: boolean;
}

function candidateBaseUrls(input: string): Candidate[] {
  const text = input.trim();
  if (/^https?:\/\//i.test(text)) {
    const url = parseUrl(text);
    const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    return [
      { url: base, wellKnown: false },
      { url: url.origin, wellKnown: true },
    ];
  }
  // A user id (@alice:example.org) or a bare server name (example.org[:port]).
  const isUserId = text.startsWith('@');
  const serverName = isUserId ? text.slice(text.indexOf(':') + 1) : text;
  if ((isUserId && !text.includes(':')) || !/^[a-z0-9.\-[\]:]+$/i.test(serverName)) {
    throw new DepescheError('invalid-url', invalidAddressMessage);
  }
  const origin = parseUrl(`https://${serverName}`).origin;
  return [
    { url: origin, wellKnown: true },
    { url: origin, wellKnown: false },
  ];
}

function parseUrl(text: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    if (url.username || url.password) throw new Error('credentials');
    return url;
  } catch {
    throw new DepescheError('invalid-url', invalidAddressMessage);
  }
}

async function followWellKnown(
  origin: string,
  probe: (url: string) => Promise<Probe>,
): Promise<{ kind: 'found'; url: string } | { kind: 'none' } | { kind: 'unreachable' } | { kind: 'refused'; reason: string }> {
  const answer = await probe(`${origin}/.well-known/matrix/client`);
  if (answer.kind === 'unreachable' || answer.kind === 'refused') return answer;
  if (answer.kind !== 'ok') return { kind: 'none' };
  const baseUrl = (answer.body as { 'm.homeserver'?: { base_url?: unknown } } | null)?.['m.homeserver']?.base_url;
  if (typeof baseUrl !== 'string') return { kind: 'none' };
  try {
    const url = parseUrl(baseUrl);
    return { kind: 'found', url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
  } catch {
    return { kind: 'none' };
  }
}

async function probeJson(url: string, network: OutboundNetwork, rules: TargetRules): Promise<Probe> {
  const init = { signal: AbortSignal.timeout(requestTimeoutMs), headers: { accept: 'application/json' } };
  const answer = await guardedGet(url, network, rules, init);
  if (answer.kind !== 'response') return answer;
  const { response } = answer;
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: 'not-json' };
  }
  try {
    return { kind: 'ok', body: JSON.parse(await readBounded(response)) };
  } catch {
    return { kind: 'not-json' };
  }
}

/** Reads at most `maxResponseBytes`; a hostile server cannot make main buffer gigabytes. */
async function readBounded(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxResponseBytes) {
      await reader.cancel();
      throw new Error('response too large');
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function versionList(body: unknown): string[] | null {
  const versions = (body as { versions?: unknown } | null)?.versions;
  if (!Array.isArray(versions) || versions.length === 0 || !versions.every((v) => typeof v === 'string')) return null;
  return versions.slice(0, 100);
}
