/**
 * The policy sources of each operating system. The OS-touching parts are thin:
 * `reg query` on Windows, @vscode/policy-watcher for macOS managed preferences
 * and for Group Policy change signals; the mapping of their values is pure
 * (policy-os-values.ts), and Linux reads files (policy-files.ts).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import type { createWatcher as CreateWatcher } from '@vscode/policy-watcher';
import { policyKeys, type PolicyProblem } from '../../../shared/policy';
import { linuxPolicyPaths, policyFileSources } from './policy-files';
import type { PolicyReading, PolicySource } from './policy-loader';
import { parseRegQuery, preferencesLayer, preferenceTypes, recommendedSubkey, registryDocument } from './policy-os-values';

/** The policy key under HKLM and HKCU; the ADMX templates write here. */
export const registryPolicyPath = 'SOFTWARE\\Policies\\Depesche';
/** The bundle id whose forced preferences an MDM profile installs. */
export const macBundleId = 'org.depesche.desktop';

export interface PlatformPolicyOptions {
  /** $XDG_CONFIG_HOME or ~/.config (Linux). */
  readonly configHome: string;
}

export function platformPolicySources(platform: string, options: PlatformPolicyOptions): PolicySource[] {
  if (platform === 'win32') return [registrySource('machine', 'HKLM'), registrySource('user', 'HKCU')];
  // Managed preferences come from an MDM profile, which the person cannot write: a machine source.
  if (platform === 'darwin') return [managedPreferencesSource()];
  return policyFileSources(linuxPolicyPaths('/', options.configHome));
}

type Hive = 'HKLM' | 'HKCU';
const hiveNames: Record<Hive, string> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };

/** Reads one hive with reg.exe (which ships with Windows), so HKLM and HKCU stay apart: policy-watcher merges them. */
function registrySource(origin: 'machine' | 'user', hive: Hive): PolicySource {
  const name = `${hive}\\${registryPolicyPath}`;
  return {
    origin,
    name,
    location: { type: 'registry', hive, key: registryPolicyPath },
    read: () => readRegistry(hive),
    watch: (onChange) => watchGroupPolicy(onChange),
  };
}

function readRegistry(hive: Hive): Promise<PolicyReading> {
  const key = `${hiveNames[hive]}\\${registryPolicyPath}`;
  return new Promise((done) => {
    execFile(systemRegExe(), ['query', key, '/s'], { windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      const parsed = parseRegQuery(stdout, key);
      // reg exits with 1 when the key does not exist: no policy, not a broken one.
      if (error && parsed === null && error.code === 1) return done({ unreadable: false, problems: [] });
      if (error || parsed === null) return done(unreadableReading(`Could not read ${hive}\\${registryPolicyPath} (${error?.message ?? 'no output'}).`));
      done({ ...registryDocument(parsed), unreadable: false, problems: [] });
    });
  });
}

// policy-watcher is native and exists on Windows and macOS only; loaded on first use so Linux never needs it.
const requireNative = createRequire(import.meta.url);
function policyWatcher(): typeof CreateWatcher {
  return (requireNative('@vscode/policy-watcher') as { createWatcher: typeof CreateWatcher }).createWatcher;
}

/**
 * Group Policy tells policy-watcher when it applied; it then reports the values it
 * read (both hives merged, DWORDs as booleans). That report is only the signal to
 * read the hives again ourselves. Each registered key also watches its Recommended twin.
 */
function watchGroupPolicy(onChange: () => void): () => void {
  const everyType = { type: ['string', 'number', 'boolean'] as const };
  const keys = Object.fromEntries(policyKeys.map((key) => [key, everyType]));
  const watchers = [registryPolicyPath, `${registryPolicyPath}\\${recommendedSubkey}`].map((registryPath) => {
    // The first report is the state at start, already read.
    let initial = true;
    return policyWatcher()('Depesche', keys, () => (initial ? (initial = false) : onChange()), { registryPath });
  });
  return () => watchers.forEach((watcher) => watcher.dispose());
}

/** Forced values of org.depesche.desktop (an MDM profile), read and watched by policy-watcher. */
function managedPreferencesSource(): PolicySource {
  let latest: Record<string, unknown> = {};
  let started: Promise<void> | null = null;
  let listener: (() => void) | null = null;
  // One watcher serves reads and change reports; its first report is the state at start.
  const start = () =>
    (started ??= new Promise<void>((ready) => {
      policyWatcher()(macBundleId, preferenceTypes(), (update) => {
        latest = preferencesLayer(update);
        ready();
        listener?.();
      });
    }));
  return {
    origin: 'machine',
    name: `managed preferences ${macBundleId}`,
    location: { type: 'managed-preferences', domain: macBundleId },
    async read() {
      await start();
      // No forced value of a known key: no profile for Depesche, as far as policy-watcher can tell.
      if (Object.keys(latest).length === 0) return { unreadable: false, problems: [] };
      return { mandatory: latest, unreadable: false, problems: [] };
    },
    watch(onChange) {
      listener = onChange;
      return () => (listener = null);
    },
  };
}

function unreadableReading(message: string): PolicyReading {
  const problem: PolicyProblem = { key: null, message };
  return { unreadable: true, problems: [problem] };
}

/** By its full path: a bare name is searched for in the working directory first, where a fake one could report an empty HKLM. */
function systemRegExe(): string {
  return `${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\reg.exe`;
}
