import { describe, expect, it } from 'vitest';
import { helpText, parseCommandLine, refusedSwitchesIn } from '../../src/main/core/command-line';

// What Electron puts before the app's own arguments: the executable, and in development the app path.
const packaged = ['/opt/Depesche/depesche'];
const development = ['/work/node_modules/electron/dist/electron', '.'];

describe('parseCommandLine', () => {
  it('starts the default profile, shown, without a link when given no arguments', () => {
    expect(parseCommandLine(packaged)).toEqual({ profile: 'default', hidden: false, help: false, deepLink: null, problems: [] });
  });

  it('skips the executable and the app path in development', () => {
    expect(parseCommandLine([...development, '--hidden'])).toEqual({ profile: 'default', hidden: true, help: false, deepLink: null, problems: [] });
  });

  it('reads --profile with the name as the next argument or after "="', () => {
    expect(parseCommandLine([...packaged, '--profile', 'work']).profile).toBe('work');
    expect(parseCommandLine([...packaged, '--profile=test-2']).profile).toBe('test-2');
  });

  it('lowercases profile names', () => {
    expect(parseCommandLine([...packaged, '--profile=Work']).profile).toBe('work');
  });

  it('accepts a profile name of 32 characters', () => {
    expect(parseCommandLine([...packaged, `--profile=${'a'.repeat(32)}`]).profile).toBe('a'.repeat(32));
  });

  it.each([['--profile=../../etc'], ['--profile='], [`--profile=${'a'.repeat(33)}`], ['--profile=a b'], ['--profile=ärger'], ['--profile=a_b'], ['--profile'], ['--profile', '--hidden']])(
    'falls back to the default profile and reports a problem for %j',
    (...args) => {
      const result = parseCommandLine([...packaged, ...args]);
      expect(result.profile).toBe('default');
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatch(/--profile/);
    },
  );

  it('does not take a flag following --profile as its name', () => {
    expect(parseCommandLine([...packaged, '--profile', '--hidden'])).toMatchObject({ profile: 'default', hidden: true });
  });

  it('reads --help and -h', () => {
    expect(parseCommandLine([...packaged, '--help']).help).toBe(true);
    expect(parseCommandLine([...packaged, '-h']).help).toBe(true);
  });

  it('takes the first depesche:// argument as the deep link', () => {
    const result = parseCommandLine([...packaged, '--hidden', 'depesche://room/!a:b.org', 'depesche://room/!c:d.org']);
    expect(result.deepLink).toBe('depesche://room/!a:b.org');
    expect(result.problems).toEqual([]);
  });

  it('recognises the link scheme in any case and leaves checking the link to parseDeepLink', () => {
    expect(parseCommandLine([...packaged, 'DEPESCHE://whatever']).deepLink).toBe('DEPESCHE://whatever');
  });

  it('ignores a deep link longer than 2,048 characters and reports it', () => {
    const result = parseCommandLine([...packaged, `depesche://room/!${'a'.repeat(2100)}:b.org`]);
    expect(result.deepLink).toBeNull();
    expect(result.problems).toEqual(['Ignored a depesche:// link longer than 2048 characters.']);
  });

  it('does not take the value of --profile as a link', () => {
    const result = parseCommandLine([...packaged, '--profile', 'depesche://room/!a:b.org']);
    expect(result.profile).toBe('default');
    expect(result.deepLink).toBe('depesche://room/!a:b.org');
  });

  it('reports unknown flags, including Chromium switches, and keeps parsing', () => {
    const result = parseCommandLine([...packaged, '--no-sandbox', '--inspect=9229', '--hidden']);
    expect(result.hidden).toBe(true);
    expect(result.problems).toEqual(['Unknown option "--no-sandbox".', 'Unknown option "--inspect".']);
  });

  it('ignores other positional arguments', () => {
    expect(parseCommandLine([...packaged, 'somefile.txt', 'https://example.org', '-x'])).toEqual(parseCommandLine(packaged));
  });

  it('quotes hostile flags short and on one line in problems', () => {
    const [problem] = parseCommandLine([...packaged, `--evil\n[info] forged${'x'.repeat(500)}`]).problems;
    expect(problem).not.toContain('\n');
    expect(problem!.length).toBeLessThan(120);
  });
});

describe('helpText', () => {
  it('lists every flag and the deep-link forms', () => {
    for (const part of ['--profile <name>', '--hidden', '-h, --help', 'depesche://room/!', 'depesche://room/#', '/$<event>']) {
      expect(helpText).toContain(part);
    }
  });
});

describe('refusedSwitchesIn', () => {
  it('finds nothing in an ordinary start, with Depesche options and a link', () => {
    expect(refusedSwitchesIn([...packaged, '--profile', 'work', '--hidden', 'depesche://room/!a:b.org'], 'linux')).toEqual([]);
  });

  it.each([
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-port', '9222'],
    ['--remote-debugging-pipe'],
    ['--inspect'],
    ['--inspect=127.0.0.1:9229'],
    ['--inspect-brk'],
    ['--inspect-port', '9229'],
    ['--inspect-publish-uid=http'],
    ['--ignore-certificate-errors'],
    ['--ignore-certificate-errors-spki-list=abc='],
    ['--proxy-server=http://evil.example:8080'],
    ['--proxy-pac-url', 'http://evil.example/proxy.pac'],
    ['--host-resolver-rules=MAP * 10.0.0.1'],
    ['--host-rules=MAP matrix.bund.de evil.example'],
    ['--disable-web-security'],
    ['--no-sandbox'],
    ['--js-flags=--allow-natives-syntax'],
    ['--load-extension=/tmp/spy'],
    ['--ssl-key-log-file=/tmp/keys'],
    ['--renderer-cmd-prefix=gdb --args'],
  ])('refuses %j', (...args) => {
    const [flag] = args;
    expect(refusedSwitchesIn([...packaged, ...args], 'linux')).toEqual([flag!.split('=')[0]]);
  });

  it('reads switches as Chromium and Node do: one dash, any case, underscores', () => {
    expect(refusedSwitchesIn([...packaged, '-remote-debugging-port=9222'], 'linux')).toEqual(['--remote-debugging-port']);
    expect(refusedSwitchesIn([...packaged, '--Proxy-Server=x'], 'linux')).toEqual(['--proxy-server']);
    expect(refusedSwitchesIn([...packaged, '--inspect_brk'], 'linux')).toEqual(['--inspect-brk']);
  });

  it('reads /switch as a switch on Windows only, where Chromium does', () => {
    expect(refusedSwitchesIn(['C:\\Depesche\\Depesche.exe', '/remote-debugging-port=9222'], 'win32')).toEqual(['--remote-debugging-port']);
    expect(refusedSwitchesIn([...packaged, '/no-sandbox'], 'linux')).toEqual([]);
  });

  it('names each refused switch once, in the order given', () => {
    expect(refusedSwitchesIn([...packaged, '--no-sandbox', '--proxy-server=a', '--no-sandbox', '--hidden'], 'linux')).toEqual(['--no-sandbox', '--proxy-server']);
  });

  it('does not take values or look-alike names for refused switches', () => {
    expect(refusedSwitchesIn([...packaged, '--profile', 'inspect', '--inspector', '--proxy-servers', 'no-sandbox', 'depesche://room/!a:b.org'], 'linux')).toEqual([]);
  });
});
