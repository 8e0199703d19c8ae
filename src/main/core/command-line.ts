/**
 * Depesche's own command-line flags, read from Electron's `process.argv`.
 * Positional arguments (the executable, the app path or '.') are skipped; only
 * `--flags` and `depesche://` links mean something. Problems are collected for
 * the log rather than stopping the start: a desktop shortcut with a typo should
 * still open the messenger.
 */

export interface CommandLine {
  /** Separate data directory and keychain namespace; 'default' unless `--profile` names another. */
  readonly profile: string;
  /** Start without showing the window (autostart into the tray). */
  readonly hidden: boolean;
  readonly help: boolean;
  /** The first `depesche://` argument, unparsed (see deep-link.ts). */
  readonly deepLink: string | null;
  readonly problems: string[];
}

export const defaultProfile = 'default';
const profileName = /^[a-z0-9-]{1,32}$/;
const deepLinkPrefix = 'depesche://';
const maxDeepLinkLength = 2048;
const maxShownLength = 64;

export const helpText = `Usage: depesche [options] [depesche://room/<room>[/<event>]]

Options:
  --profile <name>   Use a separate profile: its own data, keychain entries and
                     window. <name> is 1-32 characters of a-z, 0-9 and '-'.
                     Default: ${defaultProfile}
  --hidden           Start in the background without showing the window.
  -h, --help         Show this help and exit.

Links:
  depesche://room/!<room id>:<server>            Open a room by its id.
  depesche://room/#<alias>:<server>              Open a room by its alias
                                                 (the # may be written %23).
  depesche://room/!<room id>:<server>/$<event>   Open a room at an event.`;

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let profile = defaultProfile;
  let hidden = false;
  let help = false;
  let deepLink: string | null = null;
  const problems: string[] = [];

  const setProfile = (value: string | undefined) => {
    const name = value?.toLowerCase();
    if (name !== undefined && profileName.test(name)) profile = name;
    else problems.push(`--profile needs a name of 1-32 characters a-z, 0-9 or '-', got ${show(value)}; using "${defaultProfile}".`);
  };

  for (let i = 0; i < argv.length; i++) {
    const argument = String(argv[i]);
    if (argument.toLowerCase().startsWith(deepLinkPrefix)) {
      if (argument.length > maxDeepLinkLength) problems.push(`Ignored a depesche:// link longer than ${maxDeepLinkLength} characters.`);
      else deepLink ??= argument;
      continue;
    }
    if (argument === '-h' || argument === '--help') help = true;
    else if (argument === '--hidden') hidden = true;
    else if (argument.startsWith('--profile=')) setProfile(argument.slice('--profile='.length));
    else if (argument === '--profile') {
      // The name is the next argument, unless that is missing or another flag.
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-') || next.toLowerCase().startsWith(deepLinkPrefix)) setProfile(undefined);
      else setProfile(argv[++i]);
    } else if (argument.startsWith('--')) problems.push(`Unknown option ${show(argument.split('=')[0])}.`);
  }
  return { profile, hidden, help, deepLink, problems };
}

/** Arguments come from anywhere (a link a web page handed to the OS); quote them short and on one line. */
function show(value: string | undefined): string {
  if (value === undefined) return 'nothing';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return JSON.stringify(clean.length > maxShownLength ? `${clean.slice(0, maxShownLength)}…` : clean);
}

/**
 * Chromium and Node switches that open the app to a debugger, weaken its sandbox
 * or certificate checks, redirect or record its traffic, or run other code in it.
 * A packaged build does not start with any of them unless policy allows debugging
 * (`devTools.enabled`): a changed shortcut must not be enough to read the messages.
 */
export const refusedSwitches: ReadonlySet<string> = new Set([
  // Debuggers, in Chromium and in Node (the fuses already turn Node's off; this says so in the log).
  ...['remote-debugging-port', 'remote-debugging-pipe', 'remote-debugging-address', 'remote-allow-origins', 'auto-open-devtools-for-tabs'],
  ...['inspect', 'inspect-brk', 'inspect-port', 'inspect-publish-uid', 'inspect-wait', 'debug-port', 'debug', 'debug-brk', 'js-flags'],
  // Certificate checks and secure-origin rules.
  ...['ignore-certificate-errors', 'ignore-certificate-errors-spki-list', 'ignore-urlfetcher-cert-requests', 'allow-insecure-localhost'],
  ...['unsafely-treat-insecure-origin-as-secure', 'disable-web-security', 'allow-running-insecure-content', 'disable-site-isolation-trials'],
  ...['disable-features'],
  // Where traffic goes, and records of it.
  ...['proxy-server', 'proxy-pac-url', 'proxy-bypass-list', 'proxy-auto-detect', 'host-resolver-rules', 'host-rules'],
  ...['ssl-key-log-file', 'log-net-log', 'enable-logging', 'log-file', 'v', 'vmodule'],
  // The sandbox, and code run in or around the app's processes.
  ...['no-sandbox', 'disable-gpu-sandbox', 'disable-setuid-sandbox', 'disable-namespace-sandbox', 'disable-seccomp-filter-sandbox', 'no-zygote-sandbox'],
  ...['load-extension', 'disable-extensions-except', 'renderer-cmd-prefix', 'gpu-launcher', 'utility-cmd-prefix', 'browser-subprocess-path'],
]);

/**
 * The refused switches in `argv`, each named once, as `--name`. Read the way Chromium
 * and Node read them: `--x`, `-x` (and `/x` on Windows), with or without `=value`, in
 * any case, and with `_` for `-` as Node allows.
 */
export function refusedSwitchesIn(argv: readonly string[], platform: string): string[] {
  const switchName = platform === 'win32' ? /^(?:--?|\/)([^=]+)/ : /^--?([^=]+)/;
  const found = new Set<string>();
  for (const argument of argv) {
    const name = switchName.exec(String(argument))?.[1]?.toLowerCase().replaceAll('_', '-');
    if (name !== undefined && refusedSwitches.has(name)) found.add(`--${name}`);
  }
  return [...found];
}
