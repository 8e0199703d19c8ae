/**
 * Removes secrets from text and values before they reach a log: exact secrets
 * the app registered (tokens, storage keys), and anything shaped like a
 * credential, key or recovery key. When in doubt it redacts: a log line that
 * says `[redacted]` costs support a little, a leaked key costs the user a lot.
 */

export interface Redactor {
  /** `text` with every secret replaced by `[redacted]`. */
  redact(text: string): string;
  /** A redacted copy of `value` (strings, arrays, objects, errors); never mutates or throws. */
  redactValue(value: unknown): unknown;
  /** Removes `secret` wherever it appears from now on. */
  remember(secret: string): void;
}

export const redactedMarker = '[redacted]';

// Shorter "secrets" would redact ordinary words all over the log.
const minRememberedLength = 8;
const maxDepth = 20;

// Names whose values are secret, as object keys, JSON fields or query parameters.
const sensitiveName = /token|passw|secret|passphrase|authori[sz]ation|cookie|key/i;
// Public Matrix fields that merely contain "key".
const publicNames = new Set(['state_key', 'statekey']);

export function isSensitiveName(name: string): boolean {
  return sensitiveName.test(name) && !publicNames.has(name.toLowerCase());
}

const base58 = '[1-9A-HJ-NP-Za-km-z]';

type Rule = (text: string) => string;

const replacing =
  (pattern: RegExp, replace: (match: string, ...groups: string[]) => string): Rule =>
  (text) =>
    text.replace(pattern, replace);

const rules: readonly Rule[] = [
  // Authorization: Bearer … (and Basic …), in any case; before the generic rules, which would stop at the space.
  replacing(/\b(bearer\s+)[\w.~+/=-]{8,}/gi, (_match, scheme) => `${scheme}${redactedMarker}`),
  // A scheme without a value stays, so a credential logged as the next argument still follows "Bearer".
  replacing(/\b(authori[sz]ation\s*[:=]\s*)((?:bearer|basic|digest|token|mac)(?![\w-])\s*)?([^\s"'\\,;}]*)/gi, (match, header, scheme, value) =>
    value ? `${header}${scheme ?? ''}${redactedMarker}` : match,
  ),
  redactQuotedFields,
  // access_token=… in URLs, form bodies and command lines.
  replacing(/(?<![\w-])([\w-]+)=[^\s&"'#<>;,]+/g, (match, name) => (isSensitiveName(name) ? `${name}=${redactedMarker}` : match)),
  // Synapse (syt_/syr_) and MAS (mat_/mar_) access and refresh tokens.
  // Not inside a longer base64 run (a random key may contain "-syr_"): that run is the key rule's, whole.
  replacing(/(?<![\w+/-])(?:syt|syr|mat|mar)_[\w-]+/g, () => redactedMarker),
  // JSON web tokens (OIDC id tokens): header and payload both start with `{"`.
  replacing(/(?<![\w-])eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g, () => redactedMarker),
  // Matrix recovery keys: "EsXX XXXX …", 12 groups of 4 base58 characters, spaces optional.
  replacing(new RegExp(`(?<![A-Za-z0-9])Es${base58}{2}(?:[ \\t]?${base58}{4}){11}(?![A-Za-z0-9])`, 'g'), () => redactedMarker),
  // Key material: long base64 (standard or URL-safe) runs that look random.
  replacing(/[A-Za-z0-9+/_-]{40,}={0,2}/g, (match, ...rest) => (looksRandom(match) && !afterSigil(rest) ? redactedMarker : match)),
];

// `"name": "`, `name: '` or `\"name\":\"` (JSON inside a JSON string). Names start at a word
// boundary: retrying from inside every word would take quadratic time on long words.
const fieldStart = /(\\?["']?)(?<![\w-])([\w-]+)\1\s*[:=]\s*(\\?["'])/g;
// One character of a quoted value: `\\\x` (an escape in JSON inside a JSON string), `\x`, or a non-backslash.
const valueCharacter = String.raw`(?:\\\\\\[\s\S]|\\[\s\S]?|[^\\])`;
const fieldValue = (quote: string) => new RegExp(`(?:(?!${quote.replace('\\', '\\\\')})${valueCharacter})*`, 'y');
const fieldValues = new Map(['"', "'", '\\"', "\\'"].map((quote) => [quote, fieldValue(quote)]));

/**
 * Replaces the values of secret-named quoted fields. Scans instead of one
 * regex so a harmless field's value (`"body": "{\"password\": …}"`) is still searched.
 * A value cut off before its closing quote is redacted to the end.
 */
function redactQuotedFields(text: string): string {
  let result = '';
  let copied = 0;
  fieldStart.lastIndex = 0;
  for (let field = fieldStart.exec(text); field; field = fieldStart.exec(text)) {
    if (!isSensitiveName(field[2]!)) continue;
    const valueStart = field.index + field[0].length;
    const value = fieldValues.get(field[3]!)!;
    value.lastIndex = valueStart;
    const valueEnd = valueStart + (value.exec(text)?.[0].length ?? 0);
    result += text.slice(copied, valueStart) + redactedMarker;
    copied = valueEnd;
    fieldStart.lastIndex = valueEnd;
  }
  return result + text.slice(copied);
}

/**
 * Random base64 switches between upper case, lower case and digits often and
 * contains digits; paths (`/_matrix/client/v3/keys/signatures/upload`) switch
 * rarely and CamelCase names have neither digits nor many capitals (one in five
 * at most). Of four million random 32-byte keys this lets none through.
 */
function looksRandom(run: string): boolean {
  let switches = 0;
  let digits = 0;
  let capitals = 0;
  for (let i = 0; i < run.length; i++) {
    const current = charClass(run.charCodeAt(i));
    if (current === digit) digits++;
    if (current === capital) capitals++;
    const previous = i > 0 ? charClass(run.charCodeAt(i - 1)) : other;
    if (previous !== other && current !== other && previous !== current) switches++;
  }
  return switches >= 6 && (digits > 0 || capitals >= run.length / 5);
}

const other = 0;
const digit = 1;
const capital = 2;
const small = 3;

function charClass(code: number): number {
  if (code >= 48 && code <= 57) return digit;
  if (code >= 65 && code <= 90) return capital;
  if (code >= 97 && code <= 122) return small;
  return other;
}

/** Event ids (`$` + hash) and hashed room ids (`!` + hash) are public and wanted in logs. */
function afterSigil(replaceArgs: unknown[]): boolean {
  const [offset, whole] = replaceArgs as [number, string];
  const before = whole[offset - 1];
  return before === '$' || before === '!';
}

export function createRedactor(): Redactor {
  const remembered = new Set<string>();
  let longestFirst: string[] = [];

  const redact = (text: string): string => {
    let result = String(text);
    for (const secret of longestFirst) {
      if (result.includes(secret)) result = result.split(secret).join(redactedMarker);
    }
    for (const rule of rules) result = rule(result);
    return result;
  };

  return {
    redact,
    redactValue: (value) => copyRedacted(value, redact),
    remember(secret) {
      if (typeof secret !== 'string' || secret.length < minRememberedLength) return;
      // The same secret also travels URL-encoded and JSON-escaped.
      for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) remembered.add(form);
      longestFirst = [...remembered].sort((a, b) => b.length - a.length);
    },
  };
}

const inProgress = Symbol('in progress');

/** Deep copy with every string redacted; cycles become '[circular]', depth past 20 '[too deep]'. */
function copyRedacted(root: unknown, redact: (text: string) => string): unknown {
  const copies = new Map<object, unknown>();

  const copy = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redact(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth > maxDepth) return '[too deep]';
    const known = copies.get(value);
    if (known === inProgress) return '[circular]';
    if (known !== undefined) return known;
    try {
      copies.set(value, inProgress);
      const result = copyObject(value, depth);
      copies.set(value, result);
      return result;
    } catch {
      copies.delete(value);
      return '[unreadable]';
    }
  };

  const copyObject = (value: object, depth: number): unknown => {
    if (value instanceof Error) return copyError(value, depth);
    if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1));
    // Key material often travels as bytes; their numbers would survive every text rule.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary data, ${value.byteLength} bytes]`;
    if (value instanceof Date) return new Date(value.getTime());
    if (value instanceof URL) return redact(value.href);
    if (value instanceof Map) {
      return new Map([...value].map(([key, item]) => [copy(key, depth + 1), copyField(String(key), item, depth)]));
    }
    if (value instanceof Set) return new Set([...value].map((item) => copy(item, depth + 1)));
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return copy(toJSON.call(value), depth + 1);
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value)) define(result, redact(key), readField(value, key, depth), true);
    return result;
  };

  const copyError = (error: Error, depth: number): Error => {
    const result = Object.create(Object.getPrototypeOf(error) as object | null) as Error;
    define(result, 'message', redact(String(error.message)), false);
    if (typeof error.stack === 'string') define(result, 'stack', redact(error.stack), false);
    if (Object.hasOwn(error, 'name')) define(result, 'name', copy(error.name, depth + 1), false);
    for (const key of ['cause', 'errors']) {
      if (Object.hasOwn(error, key)) define(result, key, readField(error, key, depth), false);
    }
    for (const key of Object.keys(error)) define(result, redact(key), readField(error, key, depth), true);
    return result;
  };

  const readField = (owner: object, key: string, depth: number): unknown => {
    try {
      return copyField(key, (owner as Record<string, unknown>)[key], depth);
    } catch {
      return '[unreadable]';
    }
  };

  // Numbers and flags under a secret-sounding name (`tokenExpiresIn`, `hasRecoveryKey`) are harmless and useful.
  const copyField = (key: string, item: unknown, depth: number): unknown =>
    isSensitiveName(key) && (typeof item === 'string' || (typeof item === 'object' && item !== null)) ? redactedMarker : copy(item, depth + 1);

  try {
    return copy(root, 0);
  } catch {
    return '[unreadable]';
  }
}

// defineProperty, not assignment: a key named `__proto__` must stay data, not become the prototype.
function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true });
}
