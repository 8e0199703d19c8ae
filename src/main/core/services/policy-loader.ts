/**
 * Reads policy sources and turns them into the effective policy snapshot. A
 * broken or unreadable source never stops Depesche: it is reported as a problem,
 * and a broken machine source fails closed (see resolvePolicy).
 */
import { open } from 'node:fs/promises';
import {
  documentLayers,
  maxPolicySourceReports,
  resolvePolicy,
  type PolicyProblem,
  type PolicySnapshot,
  type PolicySourceLocation,
  type PolicySourceReport,
} from '../../../shared/policy';

/** Larger than any sensible policy; bigger files are refused unparsed. */
export const maxPolicyFileBytes = 256 * 1024;

export type PolicyFileResult = { readonly data: unknown } | { readonly problem: PolicyProblem };

export type ReadText = (path: string) => Promise<string>;

/** Reads and parses one policy file: null when it does not exist; never throws. */
export async function loadPolicyFile(path: string, readText: ReadText = readAtMostPolicySize): Promise<PolicyFileResult | null> {
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null;
    return { problem: { key: null, message: `Could not read the policy file ${path} (${code ?? 'unknown error'}); ignored.` } };
  }
  if (Buffer.byteLength(text, 'utf8') > maxPolicyFileBytes) {
    return { problem: { key: null, message: `The policy file ${path} is larger than ${maxPolicyFileBytes / 1024} KiB; ignored.` } };
  }
  try {
    // Windows editors like to start UTF-8 files with a byte order mark, which JSON.parse refuses.
    return { data: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problem: { key: null, message: `The policy file ${path} is not valid JSON (${reason}); ignored.` } };
  }
}

/** What a policy source holds: its mandatory and recommended layers, unvalidated. */
export interface PolicyReading {
  readonly mandatory?: Readonly<Record<string, unknown>>;
  readonly recommended?: Readonly<Record<string, unknown>>;
  /** The source exists but (part of) it could not be read or parsed: a machine source then fails closed. */
  readonly unreadable: boolean;
  readonly problems: readonly PolicyProblem[];
}

/** One place policy comes from: a set of files, a registry hive, managed preferences. */
export interface PolicySource {
  readonly origin: 'machine' | 'user';
  /** Where it is read from, for the log. */
  readonly name: string;
  /** Where it is read from, for the About view. */
  readonly location: PolicySourceLocation;
  read(): Promise<PolicyReading>;
  /** Calls onChange whenever the source may have changed; returns the function that stops watching. */
  watch(onChange: () => void): () => void;
}

/** Merges documents in order (later wins per key), part by part; a document that is not an object makes the reading unreadable. */
export function mergeDocuments(documents: readonly { readonly name: string; readonly data: unknown }[]): PolicyReading {
  const mandatory: Record<string, unknown> = {};
  const recommended: Record<string, unknown> = {};
  const problems: PolicyProblem[] = [];
  let unreadable = false;
  let found = { mandatory: false, recommended: false };
  for (const { name, data } of documents) {
    const layers = documentLayers(data);
    const parts = 'notAnObject' in layers ? null : ([['mandatory', layers.mandatory], ['recommended', layers.recommended]] as const);
    const bad = parts === null ? 'it' : parts.find(([, part]) => part !== undefined && !isRecord(part))?.[0];
    if (bad !== undefined) {
      problems.push({ key: null, message: `${bad === 'it' ? 'The policy' : `The ${bad} part of the policy`} in ${name} is not a JSON object; all of that file is ignored.` });
      unreadable = true;
      continue;
    }
    for (const [level, part] of parts ?? []) {
      if (part === undefined) continue;
      Object.assign(level === 'mandatory' ? mandatory : recommended, part);
      found = { ...found, [level]: true };
    }
  }
  return { ...(found.mandatory ? { mandatory } : {}), ...(found.recommended ? { recommended } : {}), unreadable, problems };
}

/** Reads every source and resolves the policy they give together (machine sources in order, then user sources). */
export async function readPolicySnapshot(sources: readonly PolicySource[]): Promise<PolicySnapshot> {
  const readings = await Promise.all(sources.map(async (source) => ({ source, origin: source.origin, reading: await readSafely(source) })));
  const combined = (origin: 'machine' | 'user') => {
    const mine = readings.filter((entry) => entry.origin === origin).map((entry) => entry.reading);
    const merged = mergeDocuments(mine.map((reading, index) => ({ name: `source ${index + 1}`, data: asDocument(reading) })));
    return { document: merged, unreadable: mine.some((reading) => reading.unreadable) };
  };
  const machine = combined('machine');
  const user = combined('user');
  const snapshot = resolvePolicy({ machine: asDocument(machine.document), user: asDocument(user.document), machineUnreadable: machine.unreadable });
  return {
    ...snapshot,
    problems: [...readings.flatMap((entry) => entry.reading.problems), ...snapshot.problems],
    sources: readings.slice(0, maxPolicySourceReports).map(({ source, reading }) => sourceReport(source, reading)),
  };
}

// Paths come from the environment ($XDG_CONFIG_HOME): bounded like every other string sent to the page.
const maxLocationLength = 1024;

function sourceReport(source: PolicySource, reading: PolicyReading): PolicySourceReport {
  const keyCount = Object.keys(reading.mandatory ?? {}).length + Object.keys(reading.recommended ?? {}).length;
  const held = reading.mandatory !== undefined || reading.recommended !== undefined;
  const state = reading.unreadable ? 'unreadable' : held ? 'read' : 'absent';
  return { origin: source.origin, location: boundedLocation(source.location), state, keyCount };
}

function boundedLocation(location: PolicySourceLocation): PolicySourceLocation {
  const bound = (text: string) => (text.length > maxLocationLength ? `${text.slice(0, maxLocationLength)}…` : text);
  switch (location.type) {
    case 'file':
      return { type: 'file', path: bound(location.path), ...(location.dropInDirectory === undefined ? {} : { dropInDirectory: bound(location.dropInDirectory) }) };
    case 'registry':
      return { type: 'registry', hive: location.hive, key: bound(location.key) };
    case 'managed-preferences':
      return { type: 'managed-preferences', domain: bound(location.domain) };
  }
}

async function readSafely(source: PolicySource): Promise<PolicyReading> {
  try {
    return await source.read();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { unreadable: true, problems: [{ key: null, message: `Could not read the policy from ${source.name} (${reason}).` }] };
  }
}

function asDocument(reading: Pick<PolicyReading, 'mandatory' | 'recommended'>): unknown {
  if (reading.mandatory === undefined && reading.recommended === undefined) return undefined;
  return { ...(reading.mandatory ? { mandatory: reading.mandatory } : {}), ...(reading.recommended ? { recommended: reading.recommended } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Reads one byte past the limit, so a huge file (or /dev/zero) is never pulled into memory whole.
async function readAtMostPolicySize(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxPolicyFileBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled).toString('utf8');
  } finally {
    await file.close();
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
