/**
 * Turns what the Windows registry and macOS managed preferences hold into policy
 * documents. Pure: the adapters that touch the OS hand their raw values here.
 * A value of the wrong type is passed on unchanged, so the schema refuses it
 * with the same message (and, for a machine security key, the same restrictive
 * value) as a wrong value in a file.
 */
import { policyKeys, type PolicyKey } from '../../../shared/policy';
import { shapeOf, type Shape } from '../policy-shapes';

/** One registry value as `reg query` lists it. */
export interface RegistryValue {
  readonly type: string;
  /** DWORD/QWORD as a number, MULTI_SZ as its strings, the rest as text. */
  readonly data: number | string | readonly string[];
}

/** A registry key's values by name, and its subkeys by name. */
export interface RegistryKey {
  readonly values: Readonly<Record<string, RegistryValue>>;
  readonly subkeys: Readonly<Record<string, RegistryKey>>;
}

/** The subkey of the policy key that holds recommended values, as in Chrome's and Edge's templates. */
export const recommendedSubkey = 'Recommended';

const isPolicyKey = (name: string): name is PolicyKey => (policyKeys as readonly string[]).includes(name);

/** A policy key's registry value as a policy value: DWORD/QWORD for booleans and numbers, strings, lists as MULTI_SZ, JSON or a subkey. */
export function registryPolicyValue(shape: Shape, value: RegistryValue): unknown {
  const { type, data } = value;
  switch (shape.kind) {
    case 'boolean':
      // Group Policy writes 1 and 0; any other number is refused rather than read as true.
      return type === 'REG_DWORD' && (data === 0 || data === 1) ? data === 1 : data;
    case 'integer':
    case 'enum':
    case 'text':
      // Numbers stay numbers and strings strings; the schema refuses a string for a number and the reverse.
      return data;
    case 'list':
      if (type === 'REG_MULTI_SZ') return data;
      return typeof data === 'string' ? jsonText(data) : data;
    case 'json':
      return typeof data === 'string' ? jsonText(data) : data;
  }
}

/** The policy document of one registry key (HKLM or HKCU\SOFTWARE\Policies\Depesche): its values mandatory, its Recommended subkey recommended. */
export function registryDocument(key: RegistryKey): { mandatory: Record<string, unknown>; recommended: Record<string, unknown> } {
  const recommended = key.subkeys[recommendedSubkey];
  return { mandatory: registryLayer(key), recommended: recommended ? registryLayer(recommended) : {} };
}

function registryLayer(key: RegistryKey): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(key.values)) {
    layer[name] = isPolicyKey(name) ? registryPolicyValue(shapeOf(name), value) : value.data;
  }
  // The ADMX list element writes a list to a subkey named after the policy, one value per entry ("1", "2", ...).
  for (const [name, subkey] of Object.entries(key.subkeys)) {
    if (name === recommendedSubkey || !isPolicyKey(name) || shapeOf(name).kind !== 'list') continue;
    const entries = Object.entries(subkey.values).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
    layer[name] = entries.map(([, value]) => value.data);
  }
  return layer;
}

/** What policy-watcher is asked to read for each key on macOS: lists and objects come as JSON strings, since it reads neither. */
export function preferenceTypes(): Record<string, { type: 'boolean' | 'number' | 'string' }> {
  const typeOf = (shape: Shape) => (shape.kind === 'boolean' ? 'boolean' : shape.kind === 'integer' ? 'number' : 'string');
  return Object.fromEntries(policyKeys.map((key) => [key, { type: typeOf(shapeOf(key)) }]));
}

/** Forced managed preferences (as policy-watcher reports them, undefined for unset) as a mandatory policy layer. */
export function preferencesLayer(update: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(update)) {
    if (value === undefined) continue;
    const writtenAsJson = isPolicyKey(name) && ['list', 'json'].includes(shapeOf(name).kind) && typeof value === 'string';
    layer[name] = writtenAsJson ? jsonText(value) : value;
  }
  return layer;
}

/** A list or object written as JSON text; anything unparseable is passed on for the schema to refuse. */
function jsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Parses the output of `reg query <key> /s` for one key: `HKEY_...\Path` lines
 * open a key, indented `name    TYPE    data` lines are its values. Returns the
 * requested key with its subkeys (relative names), or null when it is not listed.
 */
export function parseRegQuery(output: string, keyPath: string): RegistryKey | null {
  type Mutable = { values: Record<string, RegistryValue>; subkeys: Record<string, Mutable> };
  const normalised = keyPath.toLowerCase();
  let root: Mutable | null = null;
  let current: Mutable | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (/^HKEY_/i.test(line)) {
      const path = line.trim();
      current = null;
      if (path.toLowerCase() === normalised) current = root = root ?? { values: {}, subkeys: {} };
      else if (root && path.toLowerCase().startsWith(`${normalised}\\`)) {
        current = root;
        for (const part of path.slice(keyPath.length + 1).split('\\')) {
          const next: Mutable = current.subkeys[part] ?? { values: {}, subkeys: {} };
          current.subkeys[part] = next;
          current = next;
        }
      }
      continue;
    }
    // reg separates the columns with four spaces; the data may contain spaces itself.
    const value = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!value || !current) continue;
    const [, rawName = '', type = '', text = ''] = value;
    const name = rawName === '(Default)' ? '' : rawName;
    current.values[name] = { type, data: registryData(type, text) };
  }
  return root;
}

function registryData(type: string, text: string): RegistryValue['data'] {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') return /^0x[0-9a-f]+$/i.test(text) ? Number(BigInt(text)) : text;
  if (type === 'REG_MULTI_SZ') return text === '' ? [] : text.split('\\0');
  return text;
}
