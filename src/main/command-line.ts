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
