import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxPolicyPaths, policyFileSources } from '../../src/main/core/services/policy-files';
import { loadPolicyFile, maxPolicyFileBytes, readPolicySnapshot } from '../../src/main/core/services/policy-loader';
import { createPolicyStore } from '../../src/main/core/services/policy-store';
import { defaultPolicy, type PolicySnapshot } from '../../src/shared/policy';

/** Single files as the two sources: the machine file without drop-ins, and the user file. */
function loadPolicySnapshot({ machinePath, userPath }: { machinePath: string | null; userPath: string | null }): Promise<PolicySnapshot> {
  const sources = policyFileSources({ machineFile: machinePath ?? '/nonexistent/m.json', dropInDirectory: '/nonexistent/d', userFile: userPath ?? '/nonexistent/u.json' });
  return readPolicySnapshot(sources);
}

describe('policy loader', () => {
  let dir: string;
  const path = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'depesche-policy-'));
    await writeFile(path('machine.json'), JSON.stringify({ 'notifications.content': 'none', 'idleLock.minutes': 15 }));
    await writeFile(path('user.json'), JSON.stringify({ language: 'de', 'notifications.content': 'full' }));
    await writeFile(path('broken.json'), '{ "links.enabled": false,, }');
    await writeFile(path('bom.json'), '\uFEFF{ "devTools.enabled": true }');
    // Valid JSON, so only its size can be the reason it is refused.
    await writeFile(path('huge.json'), JSON.stringify({ 'homeserver.url': 'https://matrix.bund.de', padding: 'x'.repeat(300 * 1024) }));
    await writeFile(path('just-fits.json'), JSON.stringify({ 'devTools.enabled': true, padding: 'x'.repeat(maxPolicyFileBytes - 100) }));
    await mkdir(path('a-directory.json'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('treats a missing file as no policy: null, defaults and no problems', async () => {
    await expect(loadPolicyFile(path('missing.json'))).resolves.toBeNull();
    const snapshot = await loadPolicySnapshot({ machinePath: path('missing.json'), userPath: path('also-missing.json') });
    expect(snapshot).toEqual({
      values: defaultPolicy,
      locked: [],
      recommended: [],
      problems: [],
      machineUnreadable: false,
      pendingRestart: [],
      sources: [
        { origin: 'machine', location: { type: 'file', path: path('missing.json'), dropInDirectory: '/nonexistent/d' }, state: 'absent', keyCount: 0 },
        { origin: 'user', location: { type: 'file', path: path('also-missing.json') }, state: 'absent', keyCount: 0 },
      ],
    });
  });

  it('applies valid machine and user files, machine first, and locks what they set', async () => {
    const snapshot = await loadPolicySnapshot({ machinePath: path('machine.json'), userPath: path('user.json') });
    expect(snapshot.values['notifications.content']).toBe('none');
    expect(snapshot.values['idleLock.minutes']).toBe(15);
    expect(snapshot.values.language).toBe('de');
    expect(snapshot.locked).toEqual(['notifications.content', 'idleLock.minutes', 'language']);
    expect(snapshot.problems).toEqual([]);
  });

  it('skips a layer whose path is null', async () => {
    const snapshot = await loadPolicySnapshot({ machinePath: null, userPath: path('user.json') });
    expect(snapshot.values['notifications.content']).toBe('full');
    expect(snapshot.locked).toEqual(['notifications.content', 'language']);
  });

  it('reports invalid JSON with the parser position and fails closed', async () => {
    const result = await loadPolicyFile(path('broken.json'));
    expect(result).toEqual({ problem: { key: null, message: expect.stringMatching(/broken\.json is not valid JSON .*position \d+/) } });
    const snapshot = await loadPolicySnapshot({ machinePath: path('broken.json'), userPath: path('user.json') });
    expect(snapshot.machineUnreadable).toBe(true);
    expect(snapshot.values['links.enabled']).toBe(false);
    expect(snapshot.values.language).toBeUndefined();
    expect(snapshot.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/not valid JSON/), expect.stringMatching(/user policy is ignored/)]);
  });

  it('keeps the machine policy when the user file is broken', async () => {
    const snapshot = await loadPolicySnapshot({ machinePath: path('machine.json'), userPath: path('broken.json') });
    expect(snapshot.values['notifications.content']).toBe('none');
    expect(snapshot.machineUnreadable).toBe(false);
    expect(snapshot.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/not valid JSON/)]);
  });

  it('refuses a file larger than 256 KiB without applying any of it', async () => {
    const result = await loadPolicyFile(path('huge.json'));
    expect(result).toEqual({ problem: { key: null, message: expect.stringMatching(/larger than 256 KiB/) } });
    const snapshot = await loadPolicySnapshot({ machinePath: path('huge.json'), userPath: null });
    expect(snapshot.values['homeserver.url']).toBeUndefined();
    expect(snapshot.machineUnreadable).toBe(true);
  });

  it('reads a file just under the size limit', async () => {
    const snapshot = await loadPolicySnapshot({ machinePath: path('just-fits.json'), userPath: null });
    expect(snapshot.values['devTools.enabled']).toBe(true);
    expect(snapshot.problems).toEqual([{ key: 'padding', message: expect.stringMatching(/unknown key/i) }]);
  });

  it('accepts a file that starts with a UTF-8 byte order mark', async () => {
    await expect(loadPolicyFile(path('bom.json'))).resolves.toEqual({ data: { 'devTools.enabled': true } });
  });

  it('reports a path it cannot read (a directory) as a problem', async () => {
    const result = await loadPolicyFile(path('a-directory.json'));
    expect(result).toEqual({ problem: { key: null, message: expect.stringMatching(/Could not read .*a-directory\.json \(EISDIR\)/) } });
    const snapshot = await loadPolicySnapshot({ machinePath: path('a-directory.json'), userPath: null });
    expect(snapshot.machineUnreadable).toBe(true);
    expect(snapshot.values['devTools.enabled']).toBe(false);
    expect(snapshot.problems).toHaveLength(1);
  });

  it('never throws, whatever the reader throws', async () => {
    const denied = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    const readers = [() => Promise.reject(denied), () => Promise.reject(42), () => Promise.reject(null), () => Promise.resolve('nul')];
    for (const read of readers) {
      const result = await loadPolicyFile(path('machine.json'), read);
      expect(result).toEqual({ problem: { key: null, message: expect.any(String) } });
    }
    await expect(loadPolicyFile(path('machine.json'), () => Promise.reject(denied))).resolves.toEqual({
      problem: { key: null, message: expect.stringMatching(/EACCES/) },
    });
  });

  it('knows where Linux keeps policy, under any root', () => {
    expect(linuxPolicyPaths('/', '/home/anna/.config')).toEqual({
      machineFile: '/etc/depesche/policy.json',
      dropInDirectory: '/etc/depesche/policy.d',
      userFile: '/home/anna/.config/depesche/policy.json',
    });
  });
});

describe('Linux policy files in a temporary root', () => {
  let root: string;
  const paths = () => linuxPolicyPaths(root, join(root, 'home', '.config'));

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'depesche-policy-root-'));
    await mkdir(paths().dropInDirectory, { recursive: true });
    await mkdir(join(root, 'home', '.config', 'depesche'), { recursive: true });
    await writeFile(paths().machineFile, JSON.stringify({ mandatory: { 'idleLock.minutes': 5, 'links.enabled': true }, recommended: { language: 'en' } }));
    // Name order, not creation order: 20-… is written first and must still win over 10-….
    await writeFile(join(paths().dropInDirectory, '20-links.json'), JSON.stringify({ 'links.enabled': false }));
    await writeFile(join(paths().dropInDirectory, '10-links.json'), JSON.stringify({ 'links.enabled': true, 'idleLock.minutes': 10 }));
    await writeFile(join(paths().dropInDirectory, 'README.txt'), 'not policy');
    await writeFile(paths().userFile, JSON.stringify({ recommended: { language: 'de' }, mandatory: { 'devTools.enabled': true, 'tray.closeToTray': false } }));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('merges the machine file and its drop-ins in name order, and keeps security keys out of the user file', async () => {
    const snapshot = await readPolicySnapshot(policyFileSources(paths()));
    expect(snapshot.values['links.enabled']).toBe(false);
    expect(snapshot.values['idleLock.minutes']).toBe(10);
    expect(snapshot.values.language).toBe('en');
    expect(snapshot.recommended).toEqual(['language']);
    expect(snapshot.values['devTools.enabled']).toBe(false);
    expect(snapshot.values['tray.closeToTray']).toBe(false);
    expect(snapshot.problems).toEqual([{ key: 'devTools.enabled', message: expect.stringMatching(/only by machine policy/) }]);
  });

  it('describes each source: where it is, that it was read, and how many keys it holds', async () => {
    const snapshot = await readPolicySnapshot(policyFileSources(paths()));
    expect(snapshot.sources).toEqual([
      // A key set by the machine file and its drop-ins counts once: two mandatory keys, one recommended.
      { origin: 'machine', location: { type: 'file', path: paths().machineFile, dropInDirectory: paths().dropInDirectory }, state: 'read', keyCount: 3 },
      { origin: 'user', location: { type: 'file', path: paths().userFile }, state: 'read', keyCount: 3 },
    ]);
  });

  it('bounds what it says of a source whose path is absurdly long', async () => {
    const long = join(root, 'x'.repeat(5000));
    const snapshot = await readPolicySnapshot(policyFileSources({ ...paths(), userFile: long }));
    const user = snapshot.sources?.[1]?.location;
    expect(user?.type === 'file' && user.path.length).toBe(1025);
  });

  it('fails closed when a drop-in is broken, and says which one', async () => {
    const broken = join(paths().dropInDirectory, '30-broken.json');
    await writeFile(broken, '{ "downloads.enabled": ');
    try {
      const snapshot = await readPolicySnapshot(policyFileSources(paths()));
      expect(snapshot.machineUnreadable).toBe(true);
      expect(snapshot.values['downloads.enabled']).toBe(false);
      expect(snapshot.values['tray.closeToTray']).toBe(true);
      expect(snapshot.problems[0]?.message).toMatch(/30-broken\.json is not valid JSON/);
      expect(snapshot.sources?.map((source) => source.state)).toEqual(['unreadable', 'read']);
    } finally {
      await rm(broken);
    }
  });

  it('picks up an edit while running: live keys at once, the rest after a restart', async () => {
    const store = await createPolicyStore({ sources: policyFileSources(paths(), { debounceMs: 50 }) });
    const changes: PolicySnapshot[] = [];
    store.onChange((snapshot) => changes.push(snapshot));
    try {
      expect(store.current().values['idleLock.minutes']).toBe(10);
      await writeFile(join(paths().dropInDirectory, '40-change.json'), JSON.stringify({ 'idleLock.minutes': 20, 'logging.level': 'debug' }));
      await expect.poll(() => store.current().values['idleLock.minutes']).toBe(20);
      expect(store.current().values['logging.level']).toBe('info');
      expect(store.current().pendingRestart).toEqual(['logging.level']);
      // What the sources hold now, not at start: the About view follows the edit.
      expect(store.current().sources?.[0]?.keyCount).toBe(4);
      expect(changes.length).toBeGreaterThan(0);
      await writeFile(paths().userFile, JSON.stringify({ mandatory: { 'notifications.content': 'sender' } }));
      await expect.poll(() => store.current().values['notifications.content']).toBe('sender');
    } finally {
      store.stop();
      await rm(join(paths().dropInDirectory, '40-change.json'), { force: true });
    }
  });
});
