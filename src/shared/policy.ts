/**
 * Managed policy: the settings an IT department fixes for its people. This file
 * is the single source of truth: main validates policy files against it, and the
 * JSON schema and Group Policy (ADMX/ADML) templates in build/policy/ are
 * generated from it (scripts/generate-policy-templates.ts).
 *
 * Precedence: built-in defaults < user settings < user policy < machine policy.
 * User settings (what a person picks in the app) are not policy and come later;
 * they will rank below user policy, so policy always wins.
 */
import { z } from 'zod';

/** Largest allowed upload that policy may set: 4 GiB. */
const maxUploadBytes = 4 * 1024 ** 3;
const maxListLength = 1000;

const httpsUrl = z
  .string()
  .max(2048)
  // The pattern also lands in the JSON schema; the parse check catches what a pattern cannot.
  .regex(/^https:\/\/[^\s/?#]+/i, 'must be an https URL')
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an https URL');

const dnsLabel = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const dnsName = `${dnsLabel}(?:\\.${dnsLabel})*`;
const port = '(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})';

// Matrix server names: a DNS name, IPv4 address or bracketed IPv6 address, optionally with a port.
const serverName = z
  .string()
  .max(255)
  .regex(new RegExp(`^(?:${dnsName}|\\[[0-9A-Fa-f:.]+\\])(?::${port})?$`), 'must be a Matrix server name such as example.org or example.org:8448');

// One proxy: an optional scheme (Chromium's proxy schemes), a host and an optional port.
const proxyServer = z
  .string()
  .max(2048)
  .regex(
    new RegExp(`^(?:(?:https?|socks[45]?)://)?(?:${dnsName}|\\[[0-9A-Fa-f:.]+\\])(?::${port})?$`),
    'must be a proxy such as proxy.example.org:3128, http://proxy.example.org:3128 or socks5://proxy.example.org:1080',
  );

// Chromium bypass rules (example.org, *.example.org, 10.0.0.0/8, <local>); no separators, they are joined with commas.
const proxyBypassRule = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9.*:[\]/<>_-]+$/, 'must be a host, *.domain, address range or <local>');

// A PAC script may be served over plain http inside a network (as WPAD does); TLS to the homeserver still holds.
const pacUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s/?#]+/i, 'must be an http or https URL')
  .refine((value) => URL.canParse(value), 'must be an http or https URL');

// ASCII only: link hosts are compared in their punycode form, so an IDN must be written as xn--….
const domainName = z
  .string()
  .max(253)
  .regex(new RegExp(`^${dnsName}$`), 'must be an ASCII domain name such as example.org (write IDNs as xn--…)');

/** One schema per policy key; the description is what the templates show administrators. */
export const policySchemas = {
  'homeserver.url': httpsUrl.describe('Fixes the homeserver on the login screen; people cannot choose another one.'),
  'federation.allowedServers': z
    .array(serverName)
    .max(maxListLength)
    .describe('Matrix servers (name or name:port) people may reach; when absent, any server.'),
  'links.enabled': z.boolean().describe('Whether links in messages may be opened with the system browser or mail program.'),
  'links.allowedDomains': z
    .array(domainName)
    .max(maxListLength)
    .describe('Domains (subdomains included, IDNs written as xn--…) that links may open; when absent, any https or mailto target.'),
  'notifications.content': z
    .enum(['full', 'sender', 'none'])
    .describe('How much a desktop notification shows: the full message, only the sender, or nothing but "new message".'),
  'idleLock.minutes': z
    .int()
    .min(0)
    .max(1440)
    .describe('Minutes of system inactivity after which Depesche locks; 0 turns the idle lock off.'),
  'devTools.enabled': z.boolean().describe('Whether the developer tools can be opened.'),
  'logging.level': z.enum(['error', 'warn', 'info', 'debug']).describe('The least severe level written to the log files.'),
  language: z.enum(['de', 'en']).describe('The user interface language; when absent, the language of the operating system.'),
  'downloads.enabled': z.boolean().describe('Whether files from conversations may be saved to disk.'),
  'uploads.maxBytes': z
    .int()
    .min(1)
    .max(maxUploadBytes)
    .describe('Largest file in bytes people may send; when absent, the limit of the homeserver.'),
  'screenCapture.protection': z
    .boolean()
    .describe('Asks the operating system to keep the window out of screenshots and screen sharing (Windows and macOS only).'),
  'tray.closeToTray': z
    .boolean()
    .describe('Closing the window keeps Depesche running in the tray, so notifications keep arriving.'),
  'kiosk.enabled': z
    .boolean()
    .describe('Kiosk mode for shared terminals: full screen, secrets only in memory, everything wiped on logout and exit.'),
  'encryption.onlyVerifiedDevices': z
    .boolean()
    .describe('Room keys go only to sessions their owners cross-signed; people without cross-signing (older clients, bots) then read nothing.'),
  'spellcheck.enabled': z
    .boolean()
    .describe('Whether spelling is checked while people type. On Linux it also needs spellcheck.dictionaryUrl.'),
  'spellcheck.dictionaryUrl': httpsUrl.describe(
    'An internal mirror of Chromium\'s Hunspell dictionaries (the folder holding files such as de-DE-3-0.bdic). Linux checks spelling only with it; Windows and macOS use their own spell checker.',
  ),
  'network.proxy': z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('direct') }),
      z.strictObject({ mode: z.literal('system') }),
      z.strictObject({ mode: z.literal('fixed'), server: proxyServer, bypass: z.array(proxyBypassRule).max(maxListLength).optional() }),
      z.strictObject({ mode: z.literal('pac'), url: pacUrl }),
    ])
    .describe(
      'How Depesche reaches the network: directly, through the system settings, a fixed proxy with a bypass list, or a PAC script (a JSON object).',
    ),
  'recoveryKey.required': z
    .boolean()
    .describe('Secure backup cannot be skipped: a new session must be verified, and an account without backup must set it up before it is used.'),
  'privacy.readReceipts': z
    .boolean()
    .describe('Whether others see how far people have read. When off, the read position is kept privately, for the person\'s own sessions only.'),
  'privacy.typingNotifications': z.boolean().describe('Whether others see that people are typing.'),
} as const;

export type PolicyKey = keyof typeof policySchemas;

export const policyKeys = Object.keys(policySchemas) as PolicyKey[];

type PolicyValues = { [K in PolicyKey]: z.output<(typeof policySchemas)[K]> };

/** Values for the keys that have a default; the others stay absent unless policy sets them. */
export const defaultPolicy = {
  'links.enabled': true,
  'notifications.content': 'full',
  'idleLock.minutes': 0,
  'devTools.enabled': false,
  'logging.level': 'info',
  'downloads.enabled': true,
  'screenCapture.protection': false,
  'tray.closeToTray': true,
  'kiosk.enabled': false,
  'encryption.onlyVerifiedDevices': false,
  'spellcheck.enabled': true,
  'network.proxy': { mode: 'system' },
  'recoveryKey.required': false,
  'privacy.readReceipts': true,
  'privacy.typingNotifications': true,
} as const satisfies Partial<PolicyValues>;

type DefaultedKey = keyof typeof defaultPolicy;

/** Effective values: keys with a default are always present, the others only when policy sets them. */
export type Policy = { [K in DefaultedKey]: PolicyValues[K] } & { [K in Exclude<PolicyKey, DefaultedKey>]?: PolicyValues[K] };

export interface PolicyProblem {
  /** The key the problem is about; null when it concerns a whole layer or file. */
  readonly key: string | null;
  readonly message: string;
}

export interface PolicySnapshot {
  readonly values: Policy;
  /** Keys set by policy: the UI shows them locked. */
  readonly locked: PolicyKey[];
  readonly problems: PolicyProblem[];
}

/** What main made of the policy on this machine, where the page needs to follow it. */
export interface EffectiveSettings {
  /** Whether spelling is checked (policy, and on Linux a dictionary mirror). */
  readonly spellcheck: boolean;
}

/** What `policy.get()` answers: the policy itself and its effect here. */
export interface PolicyReport extends PolicySnapshot {
  readonly effective: EffectiveSettings;
}

export interface PolicyLayers {
  readonly machine?: unknown;
  readonly user?: unknown;
}

type Layer = keyof PolicyLayers;

// A file full of unknown keys must not flood the log or the snapshot sent to the renderer.
const maxUnknownKeyReports = 20;
const maxReportedKeyLength = 100;

/**
 * Validates each layer key by key and merges defaults < user policy < machine
 * policy. A bad value drops only its key; unknown keys are dropped; a layer
 * that is not a JSON object is dropped whole. Each drop is reported.
 */
export function resolvePolicy(layers: PolicyLayers): PolicySnapshot {
  const problems: PolicyProblem[] = [];
  const user = layers.user === undefined ? {} : validLayer('user', layers.user, problems);
  const machine = layers.machine === undefined ? {} : validLayer('machine', layers.machine, problems);
  const values = { ...defaultPolicy, ...user, ...machine } as Policy;
  const locked = policyKeys.filter((key) => Object.hasOwn(user, key) || Object.hasOwn(machine, key));
  return { values, locked, problems };
}

function validLayer(layer: Layer, data: unknown, problems: PolicyProblem[]): Partial<PolicyValues> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({ key: null, message: `The ${layer} policy is not a JSON object; all of it is ignored.` });
    return {};
  }
  const valid: Record<string, unknown> = {};
  let unknownKeys = 0;
  for (const [key, value] of Object.entries(data)) {
    // hasOwn, not `in`: keys such as "constructor" must not reach the prototype.
    if (!Object.hasOwn(policySchemas, key)) {
      unknownKeys += 1;
      if (unknownKeys <= maxUnknownKeyReports) {
        problems.push({ key: shortKey(key), message: `Unknown key in the ${layer} policy; ignored.` });
      }
      continue;
    }
    const parsed = policySchemas[key as PolicyKey].safeParse(value);
    if (parsed.success) valid[key] = parsed.data;
    else problems.push({ key, message: `Ignored in the ${layer} policy: ${describeIssues(parsed.error)}` });
  }
  if (unknownKeys > maxUnknownKeyReports) {
    problems.push({ key: null, message: `${unknownKeys - maxUnknownKeyReports} more unknown keys in the ${layer} policy; ignored.` });
  }
  return valid as Partial<PolicyValues>;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (typeof issue.path[0] === 'number' ? `entry ${issue.path[0] + 1}: ${issue.message}` : issue.message))
    .join('; ');
}

function shortKey(key: string): string {
  return key.length > maxReportedKeyLength ? `${key.slice(0, maxReportedKeyLength)}…` : key;
}
