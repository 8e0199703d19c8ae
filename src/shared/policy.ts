/**
 * Managed policy: the settings an IT department fixes for its people. This file
 * is the single source of truth: main validates policy files against it, and the
 * JSON schema and Group Policy (ADMX/ADML) templates in build/policy/ are
 * generated from it (scripts/generate-policy-templates.ts).
 *
 * Sources are machine (HKLM, /etc/depesche, macOS managed preferences) or user
 * (HKCU, ~/.config/depesche); each may hold mandatory values (locked) and
 * recommended ones (defaults a person may change). Precedence: built-in
 * defaults < recommended < the person's own settings (kept by the renderer) <
 * mandatory user < mandatory machine. Security keys come from machine sources
 * only, and a machine source that cannot be read fails closed.
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
  'export.enabled': z
    .boolean()
    .describe('Whether people may export a conversation for the files (an xdomea 3.1.0 package with a PDF, the attachments and the raw events).'),
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
    .describe('Kiosk mode for shared terminals: full screen, nothing kept on disk, everything wiped on logout, exit and at the next start.'),
  'kiosk.idleSignOutMinutes': z
    .int()
    .min(1)
    .max(240)
    .describe('Kiosk mode only: minutes without input in Depesche after which a 30-second countdown signs the person out.'),
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
  'sync.mode': z
    .enum(['auto', 'sliding', 'classic'])
    .describe(
      'How Depesche syncs: "auto" uses sliding sync (MSC4186) where the homeserver offers it, else classic sync; "sliding" and "classic" force one. Read at start.',
    ),
} as const;

export type PolicyKey = keyof typeof policySchemas;

export const policyKeys = Object.keys(policySchemas) as PolicyKey[];

type PolicyValues = { [K in PolicyKey]: z.output<(typeof policySchemas)[K]> };

/**
 * Security keys guard data or the machine: only machine sources (which people
 * cannot write) may set them. Comfort keys may also come from user sources.
 */
export type PolicyScope = 'security' | 'comfort';

export const policyScopes = {
  'homeserver.url': 'security',
  'federation.allowedServers': 'security',
  'links.enabled': 'security',
  'links.allowedDomains': 'security',
  'notifications.content': 'comfort',
  'idleLock.minutes': 'comfort',
  'devTools.enabled': 'security',
  'logging.level': 'security',
  language: 'comfort',
  'downloads.enabled': 'security',
  'export.enabled': 'security',
  'uploads.maxBytes': 'security',
  'screenCapture.protection': 'security',
  'tray.closeToTray': 'comfort',
  'kiosk.enabled': 'security',
  'kiosk.idleSignOutMinutes': 'security',
  'encryption.onlyVerifiedDevices': 'security',
  'spellcheck.enabled': 'security',
  'spellcheck.dictionaryUrl': 'security',
  'network.proxy': 'security',
  'recoveryKey.required': 'security',
  // What others learn of the person's reading and typing: theirs to keep back as well.
  'privacy.readReceipts': 'comfort',
  'privacy.typingNotifications': 'comfort',
  // Which sync endpoint is used is the operator's to know (a proxy may pass only one of them).
  'sync.mode': 'security',
} as const satisfies Record<PolicyKey, PolicyScope>;

type SecurityKey = { [K in PolicyKey]: (typeof policyScopes)[K] extends 'security' ? K : never }[PolicyKey];

/**
 * What a security key holds while a machine source cannot be read, or when the
 * machine sets it to a bad value: the value that gives away least. An allow-list
 * becomes empty (only the own homeserver; no link opens), so a typo or a
 * half-written file never widens it. null: no value can be guessed, and the key
 * stays as without policy (the organisation's homeserver or mirror are not
 * knowable; with spell checking off the mirror has nothing to serve).
 * Kiosk mode stays off: it is a way of running a shared terminal (full screen,
 * everything wiped at exit), not a restriction, and on a personal desktop it
 * would destroy the person's keys. Uploads drop to 1 byte, so no file leaves.
 * Logging keeps warnings, so the problem that caused all this is still written.
 */
export const restrictivePolicy: { readonly [K in SecurityKey]: PolicyValues[K] | null } = {
  'homeserver.url': null,
  'federation.allowedServers': [],
  'links.enabled': false,
  'links.allowedDomains': [],
  'devTools.enabled': false,
  'logging.level': 'warn',
  'downloads.enabled': false,
  'export.enabled': false,
  'uploads.maxBytes': 1,
  'screenCapture.protection': true,
  'kiosk.enabled': false,
  // The shortest wait: a stranger finds the last person's session for as little time as possible.
  'kiosk.idleSignOutMinutes': 1,
  'encryption.onlyVerifiedDevices': true,
  'spellcheck.enabled': false,
  'spellcheck.dictionaryUrl': null,
  // The way out of the building is the organisation's to know; the built-in default is the OS's settings.
  'network.proxy': null,
  'recoveryKey.required': true,
  // Neither way of syncing gives away more than the other: as without policy.
  'sync.mode': null,
};

/** Keys main and the page follow the moment policy changes; the others take effect after a restart. */
export const liveKeys: ReadonlySet<PolicyKey> = new Set<PolicyKey>([
  // Checked each time someone is invited, messaged or joined: a narrower list applies at once.
  'federation.allowedServers',
  'notifications.content',
  'links.enabled',
  'links.allowedDomains',
  'downloads.enabled',
  'export.enabled',
  'uploads.maxBytes',
  'idleLock.minutes',
]);

/** Values for the keys that have a default; the others stay absent unless policy sets them. */
export const defaultPolicy = {
  'links.enabled': true,
  'notifications.content': 'full',
  'idleLock.minutes': 0,
  'devTools.enabled': false,
  'logging.level': 'info',
  'downloads.enabled': true,
  'export.enabled': true,
  'screenCapture.protection': false,
  'tray.closeToTray': true,
  'kiosk.enabled': false,
  'kiosk.idleSignOutMinutes': 5,
  'encryption.onlyVerifiedDevices': false,
  'spellcheck.enabled': true,
  'network.proxy': { mode: 'system' },
  'recoveryKey.required': false,
  'privacy.readReceipts': true,
  'privacy.typingNotifications': true,
  'sync.mode': 'classic',
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
  /** The values in force now (after a change, keys that need a restart keep their old value). */
  readonly values: Policy;
  /** Keys set by mandatory policy: the UI shows them locked. */
  readonly locked: PolicyKey[];
  /** Keys whose value is only recommended: a default the person may change. */
  readonly recommended?: PolicyKey[];
  readonly problems: PolicyProblem[];
  /**
   * A machine source exists but could not be read: security keys hold their
   * restrictive values, user sources count for nothing, and the page says so.
   */
  readonly machineUnreadable?: boolean;
  /** Keys policy changed while running whose new value takes effect after a restart. */
  readonly pendingRestart?: PolicyKey[];
  /** Each source as main last read it, in reading order (machine first): what the About view lists. */
  readonly sources?: PolicySourceReport[];
}

/** Where a policy source lives, as an administrator would look for it. */
export type PolicySourceLocation =
  | { readonly type: 'file'; readonly path: string; readonly dropInDirectory?: string }
  | { readonly type: 'registry'; readonly hive: 'HKLM' | 'HKCU'; readonly key: string }
  | { readonly type: 'managed-preferences'; readonly domain: string };

export interface PolicySourceReport {
  readonly origin: 'machine' | 'user';
  readonly location: PolicySourceLocation;
  /** absent: nothing there (no file, no key, no profile); unreadable: there but (partly) not readable. */
  readonly state: 'absent' | 'read' | 'unreadable';
  /** Keys it sets, mandatory plus recommended (one set in several of its files counts once), before validation: the problems say which were dropped. */
  readonly keyCount: number;
}

/** A platform has a handful of sources; the bound keeps a snapshot small whatever a source is given. */
export const maxPolicySourceReports = 8;

/** What main made of the policy on this machine, where the page needs to follow it. */
export interface EffectiveSettings {
  /** Whether spelling is checked (policy, and on Linux a dictionary mirror). */
  readonly spellcheck: boolean;
}

/** What `policy.get()` answers: the policy itself and its effect here. */
export interface PolicyReport extends PolicySnapshot {
  readonly effective: EffectiveSettings;
}

/**
 * The policy documents of the two kinds of source. Each is either the file form
 * `{"mandatory": {...}, "recommended": {...}}` or a flat object, read as mandatory.
 */
export interface PolicyLayers {
  readonly machine?: unknown;
  readonly user?: unknown;
  /** A machine source exists but could not be read or parsed: fail closed. */
  readonly machineUnreadable?: boolean;
}

type Origin = 'machine' | 'user';
type Level = 'mandatory' | 'recommended';
type Layer = Partial<PolicyValues>;

// A file full of unknown keys must not flood the log or the snapshot sent to the renderer.
const maxUnknownKeyReports = 20;
const maxReportedKeyLength = 100;

/** The mandatory and recommended parts of a policy document, or why it has none. */
export function documentLayers(document: unknown): { mandatory?: unknown; recommended?: unknown } | { notAnObject: true } {
  if (!isObject(document)) return { notAnObject: true };
  if (!Object.hasOwn(document, 'mandatory') && !Object.hasOwn(document, 'recommended')) return { mandatory: document };
  const { mandatory, recommended, ...others } = document;
  // Keys beside the two parts are reported as unknown keys of the mandatory part.
  const extra = Object.keys(others).length > 0 ? others : undefined;
  return { mandatory: extra && isObject(mandatory) ? { ...extra, ...mandatory } : (mandatory ?? extra), recommended };
}

/**
 * Validates each layer key by key and merges them: defaults < recommended <
 * mandatory user < mandatory machine (recommended machine beats recommended user).
 * A bad value drops only its key (a bad security value from the machine takes the
 * restrictive value); unknown keys are dropped; user sources may not set security
 * keys; an unreadable machine source fails closed. Each drop is reported.
 */
export function resolvePolicy(layers: PolicyLayers): PolicySnapshot {
  const problems: PolicyProblem[] = [];
  let machineUnreadable = layers.machineUnreadable === true;
  const parts = (origin: Origin, document: unknown): Record<Level, Layer> => {
    if (document === undefined) return { mandatory: {}, recommended: {} };
    const split = documentLayers(document);
    if ('notAnObject' in split) {
      problems.push({ key: null, message: `The ${origin} policy is not a JSON object; all of it is ignored.` });
      if (origin === 'machine') machineUnreadable = true;
      return { mandatory: {}, recommended: {} };
    }
    return {
      mandatory: validLayer(origin, 'mandatory', split.mandatory, problems),
      recommended: validLayer(origin, 'recommended', split.recommended, problems),
    };
  };
  const machine = parts('machine', layers.machine);
  const user = parts('user', layers.user);
  if (machineUnreadable) {
    if (hasAny(user)) problems.push({ key: null, message: 'The machine policy could not be read, so the user policy is ignored.' });
    // What could be read still counts, but no readable part may loosen a security key: the unread part might have tightened it.
    const restrictive = restrictiveLayer();
    return finish([{ ...defaultPolicy }, machine.recommended, machine.mandatory, restrictive], [machine.mandatory, restrictive], machine.recommended, problems, true);
  }
  const ordered = [user.recommended, machine.recommended, user.mandatory, machine.mandatory];
  // kiosk.enabled is a security key: only a machine layer can have set it.
  const kiosk = { ...machine.recommended, ...machine.mandatory }['kiosk.enabled'] === true;
  return finish(
    [{ ...defaultPolicy }, kiosk ? kioskDefaults : {}, ...ordered],
    [user.mandatory, machine.mandatory],
    { ...user.recommended, ...machine.recommended },
    problems,
    false,
  );
}

/**
 * A shared terminal opens no links and saves no files (records exports included) unless its
 * policy says so: a browser left open or a file left in a folder would wait there for the next person.
 */
const kioskDefaults: Layer = { 'links.enabled': false, 'downloads.enabled': false, 'export.enabled': false };

function finish(order: Layer[], mandatory: Layer[], recommended: Layer, problems: PolicyProblem[], machineUnreadable: boolean): PolicySnapshot {
  const values = Object.assign({}, ...order) as Policy;
  const locked = policyKeys.filter((key) => mandatory.some((layer) => Object.hasOwn(layer, key)));
  const advised = policyKeys.filter((key) => !locked.includes(key) && Object.hasOwn(recommended, key));
  return { values, locked, recommended: advised, problems, machineUnreadable, pendingRestart: [] };
}

function restrictiveLayer(): Layer {
  return Object.fromEntries(Object.entries(restrictivePolicy).filter(([, value]) => value !== null)) as Layer;
}

function hasAny(parts: Record<Level, Layer>): boolean {
  return Object.keys(parts.mandatory).length > 0 || Object.keys(parts.recommended).length > 0;
}

function validLayer(origin: Origin, level: Level, data: unknown, problems: PolicyProblem[]): Layer {
  if (data === undefined) return {};
  const where = level === 'mandatory' ? `${origin} policy` : `recommended ${origin} policy`;
  if (!isObject(data)) {
    problems.push({ key: null, message: `The ${where} is not a JSON object; all of it is ignored.` });
    return {};
  }
  const valid: Record<string, unknown> = {};
  let unknownKeys = 0;
  for (const [key, value] of Object.entries(data)) {
    // hasOwn, not `in`: keys such as "constructor" must not reach the prototype.
    if (!Object.hasOwn(policySchemas, key)) {
      unknownKeys += 1;
      if (unknownKeys <= maxUnknownKeyReports) {
        problems.push({ key: shortKey(key), message: `Unknown key in the ${where}; ignored.` });
      }
      continue;
    }
    const policyKey = key as PolicyKey;
    if (origin === 'user' && policyScopes[policyKey] === 'security') {
      problems.push({ key, message: `A security key can be set only by machine policy; ignored in the ${where}.` });
      continue;
    }
    const parsed = policySchemas[policyKey].safeParse(value);
    if (parsed.success) {
      valid[key] = parsed.data;
      continue;
    }
    const fallback = origin === 'machine' && level === 'mandatory' ? restrictiveValue(policyKey) : null;
    if (fallback !== null) valid[key] = fallback;
    const outcome = fallback === null ? '' : ` Using the restrictive value ${JSON.stringify(fallback)}.`;
    problems.push({ key, message: `Ignored in the ${where}: ${describeIssues(parsed.error)}.${outcome}` });
  }
  if (unknownKeys > maxUnknownKeyReports) {
    problems.push({ key: null, message: `${unknownKeys - maxUnknownKeyReports} more unknown keys in the ${where}; ignored.` });
  }
  return valid as Layer;
}

function restrictiveValue(key: PolicyKey): unknown {
  return Object.hasOwn(restrictivePolicy, key) ? restrictivePolicy[key as SecurityKey] : null;
}

/**
 * The snapshot in force after policy changed while running: live keys take the
 * new value at once; the others keep the value the app started with and are
 * listed as waiting for a restart.
 */
export function applyPolicyChange(started: PolicySnapshot, next: PolicySnapshot): PolicySnapshot {
  const values: Record<string, unknown> = {};
  const locked: PolicyKey[] = [];
  const recommended: PolicyKey[] = [];
  const pendingRestart: PolicyKey[] = [];
  for (const key of policyKeys) {
    const live = liveKeys.has(key);
    const from = live ? next : started;
    if (Object.hasOwn(from.values, key)) values[key] = from.values[key];
    if (from.locked.includes(key)) locked.push(key);
    if (from.recommended?.includes(key)) recommended.push(key);
    if (!live && !sameSetting(started, next, key)) pendingRestart.push(key);
  }
  return {
    values: values as Policy,
    locked,
    recommended,
    problems: next.problems,
    machineUnreadable: next.machineUnreadable ?? false,
    pendingRestart,
    // The sources as they are now, so the About view shows what changed.
    ...(next.sources ? { sources: next.sources } : {}),
  };
}

function sameSetting(a: PolicySnapshot, b: PolicySnapshot, key: PolicyKey): boolean {
  return (
    JSON.stringify(a.values[key]) === JSON.stringify(b.values[key]) &&
    a.locked.includes(key) === b.locked.includes(key) &&
    (a.recommended?.includes(key) ?? false) === (b.recommended?.includes(key) ?? false)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
