/**
 * Reads managed policy files and turns them into the effective policy snapshot.
 * A broken or unreadable file never stops Depesche: it is reported as a problem
 * and its layer falls back to the built-in defaults.
 */
import { open } from 'node:fs/promises';
import { resolvePolicy, type PolicyProblem, type PolicySnapshot } from '../../shared/policy';

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

/**
 * Where the machine policy file lives. Windows (registry,
 * HKLM\SOFTWARE\Policies\Depesche) and macOS (the plist in
 * /Library/Managed Preferences/org.depesche.desktop.plist) are not JSON files;
 * their readers are still to come, so there is no path for them yet.
 */
export function machinePolicyPath(platform: string): string | null {
  return platform === 'linux' ? '/etc/depesche/policy.json' : null;
}

export interface PolicySources {
  readonly machinePath: string | null;
  readonly userPath: string | null;
}

export async function loadPolicySnapshot({ machinePath, userPath }: PolicySources): Promise<PolicySnapshot> {
  const [machine, user] = await Promise.all([loadOptional(machinePath), loadOptional(userPath)]);
  const fileProblems = [machine, user].flatMap((result) => (result && 'problem' in result ? [result.problem] : []));
  const snapshot = resolvePolicy({ machine: dataOf(machine), user: dataOf(user) });
  return { ...snapshot, problems: [...fileProblems, ...snapshot.problems] };
}

function loadOptional(path: string | null): Promise<PolicyFileResult | null> {
  return path === null ? Promise.resolve(null) : loadPolicyFile(path);
}

function dataOf(result: PolicyFileResult | null): unknown {
  return result && 'data' in result ? result.data : undefined;
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
