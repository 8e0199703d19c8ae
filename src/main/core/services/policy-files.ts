/**
 * Policy from JSON files, as Linux keeps it: the machine file
 * /etc/depesche/policy.json with drop-ins /etc/depesche/policy.d/*.json (merged
 * in name order, later wins), and the user file ~/.config/depesche/policy.json.
 * The root and the config directory are parameters, so tests use a temporary tree.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PolicyProblem } from '../../../shared/policy';
import { loadPolicyFile, mergeDocuments, type PolicyReading, type PolicySource, type ReadText } from './policy-loader';

/** Editors save in several steps (temporary file, rename): one change is read once things settle. */
export const policyWatchDebounceMs = 300;

export interface PolicyFilePaths {
  readonly machineFile: string;
  readonly dropInDirectory: string;
  readonly userFile: string;
}

/** Where Linux keeps policy; `root` is "/" in the app, `configHome` is $XDG_CONFIG_HOME or ~/.config. */
export function linuxPolicyPaths(root: string, configHome: string): PolicyFilePaths {
  return {
    machineFile: join(root, 'etc', 'depesche', 'policy.json'),
    dropInDirectory: join(root, 'etc', 'depesche', 'policy.d'),
    userFile: join(configHome, 'depesche', 'policy.json'),
  };
}

export interface PolicyFileOptions {
  readonly debounceMs?: number;
  readonly readText?: ReadText;
}

export function policyFileSources(paths: PolicyFilePaths, options: PolicyFileOptions = {}): PolicySource[] {
  const debounceMs = options.debounceMs ?? policyWatchDebounceMs;
  return [
    {
      origin: 'machine',
      name: paths.machineFile,
      location: { type: 'file', path: paths.machineFile, dropInDirectory: paths.dropInDirectory },
      read: () => readFiles([paths.machineFile], paths.dropInDirectory, options.readText),
      watch: (onChange) => watchDirectories([dirname(paths.machineFile), paths.dropInDirectory], debounceMs, onChange),
    },
    {
      origin: 'user',
      name: paths.userFile,
      location: { type: 'file', path: paths.userFile },
      read: () => readFiles([paths.userFile], null, options.readText),
      watch: (onChange) => watchDirectories([dirname(paths.userFile)], debounceMs, onChange),
    },
  ];
}

async function readFiles(files: readonly string[], dropInDirectory: string | null, readText?: ReadText): Promise<PolicyReading> {
  const listed = dropInDirectory === null ? { names: [] } : await dropInNames(dropInDirectory);
  const paths = [...files, ...listed.names.map((name) => join(dropInDirectory ?? '', name))];
  const results = await Promise.all(paths.map(async (path) => ({ path, result: await loadPolicyFile(path, readText) })));
  const documents: { name: string; data: unknown }[] = [];
  const problems: PolicyProblem[] = listed.problem ? [listed.problem] : [];
  for (const { path, result } of results) {
    if (result === null) continue;
    if ('problem' in result) problems.push(result.problem);
    else documents.push({ name: path, data: result.data });
  }
  const merged = mergeDocuments(documents);
  return { ...merged, unreadable: merged.unreadable || problems.length > 0, problems: [...problems, ...merged.problems] };
}

/** The drop-ins' names in code-point order (as `LC_ALL=C ls` sorts them); no directory is no drop-ins. */
async function dropInNames(directory: string): Promise<{ names: string[]; problem?: PolicyProblem }> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    const names = entries.filter((entry) => !entry.isDirectory() && entry.name.endsWith('.json')).map((entry) => entry.name);
    return { names: names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
    if (code === 'ENOENT') return { names: [] };
    return { names: [], problem: { key: null, message: `Could not list the policy drop-ins in ${directory} (${code}).` } };
  }
}

/** Watches the directories that exist now (so a file created or replaced in them is seen); a directory created later counts after a restart. */
function watchDirectories(directories: readonly string[], debounceMs: number, onChange: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const directory of directories) {
    try {
      const watcher = watch(directory, { persistent: false }, changed);
      // A directory removed while watched ends its watcher; the next start watches again.
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // Not there (or not readable): nothing to watch.
    }
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
