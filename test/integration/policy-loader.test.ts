import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFile, loadPolicySnapshot, machinePolicyPath, maxPolicyFileBytes } from '../../src/main/services/policy-loader';
import { defaultPolicy } from '../../src/shared/policy';

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
    expect(snapshot).toEqual({ values: defaultPolicy, locked: [], problems: [] });
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

  it('reports invalid JSON with the parser position and falls back to the defaults', async () => {
    const result = await loadPolicyFile(path('broken.json'));
    expect(result).toEqual({ problem: { key: null, message: expect.stringMatching(/broken\.json is not valid JSON .*position \d+/) } });
    const snapshot = await loadPolicySnapshot({ machinePath: path('broken.json'), userPath: null });
    expect(snapshot.values).toEqual(defaultPolicy);
    expect(snapshot.locked).toEqual([]);
    expect(snapshot.problems).toHaveLength(1);
  });

  it('keeps the valid layer when the other file is broken', async () => {
    const snapshot = await loadPolicySnapshot({ machinePath: path('machine.json'), userPath: path('broken.json') });
    expect(snapshot.values['notifications.content']).toBe('none');
    expect(snapshot.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/not valid JSON/)]);
  });

  it('refuses a file larger than 256 KiB without applying any of it', async () => {
    const result = await loadPolicyFile(path('huge.json'));
    expect(result).toEqual({ problem: { key: null, message: expect.stringMatching(/larger than 256 KiB/) } });
    const snapshot = await loadPolicySnapshot({ machinePath: path('huge.json'), userPath: null });
    expect(snapshot.values['homeserver.url']).toBeUndefined();
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
    expect(snapshot.values).toEqual(defaultPolicy);
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

  it('knows the machine policy file on Linux and has none (yet) on Windows and macOS', () => {
    expect(machinePolicyPath('linux')).toBe('/etc/depesche/policy.json');
    expect(machinePolicyPath('win32')).toBeNull();
    expect(machinePolicyPath('darwin')).toBeNull();
  });
});
