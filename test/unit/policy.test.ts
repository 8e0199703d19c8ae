import { describe, expect, it } from 'vitest';
import {
  applyPolicyChange,
  defaultPolicy,
  documentLayers,
  policyKeys,
  policySchemas,
  policyScopes,
  resolvePolicy,
  restrictivePolicy,
  type PolicyKey,
} from '../../src/shared/policy';

/** The problems about one key, as messages. */
function problemsFor(key: string, layers: Parameters<typeof resolvePolicy>[0]): string[] {
  return resolvePolicy(layers)
    .problems.filter((problem) => problem.key === key)
    .map((problem) => problem.message);
}

function accepts(key: PolicyKey, value: unknown): boolean {
  const snapshot = resolvePolicy({ machine: { [key]: value } });
  return snapshot.problems.length === 0 && snapshot.locked.includes(key);
}

describe('resolvePolicy', () => {
  it('gives the built-in defaults, nothing locked and no problems when there is no policy', () => {
    const snapshot = resolvePolicy({});
    expect(snapshot.values).toEqual(defaultPolicy);
    expect(snapshot.values['notifications.content']).toBe('full');
    expect(snapshot.values['links.enabled']).toBe(true);
    expect(snapshot.values['kiosk.enabled']).toBe(false);
    expect(snapshot.values['homeserver.url']).toBeUndefined();
    expect(snapshot.locked).toEqual([]);
    expect(snapshot.problems).toEqual([]);
  });

  it('lets machine policy beat user policy, and user policy beat the defaults', () => {
    const snapshot = resolvePolicy({
      user: { 'notifications.content': 'sender', 'idleLock.minutes': 5 },
      machine: { 'notifications.content': 'none' },
    });
    expect(snapshot.values['notifications.content']).toBe('none');
    expect(snapshot.values['idleLock.minutes']).toBe(5);
    expect(snapshot.values['logging.level']).toBe('info');
  });

  it('drops only the key with a wrong type and reports that key and why', () => {
    const snapshot = resolvePolicy({ machine: { 'notifications.content': 'all', 'idleLock.minutes': 10 } });
    expect(snapshot.values['notifications.content']).toBe('full');
    expect(snapshot.values['idleLock.minutes']).toBe(10);
    expect(snapshot.problems).toHaveLength(1);
    expect(snapshot.problems[0]?.key).toBe('notifications.content');
    expect(snapshot.problems[0]?.message).toMatch(/machine policy/);
    expect(snapshot.problems[0]?.message).toMatch(/expected one of/);
  });

  it('gives a security key its restrictive value, locked, when the machine policy has a bad value for it', () => {
    const snapshot = resolvePolicy({ machine: { 'links.enabled': 'no', 'devTools.enabled': 1 } });
    expect(snapshot.values['links.enabled']).toBe(false);
    expect(snapshot.values['devTools.enabled']).toBe(false);
    expect(snapshot.locked).toEqual(['links.enabled', 'devTools.enabled']);
    expect(snapshot.problems[0]?.message).toMatch(/expected boolean.*restrictive value false/);
    expect(snapshot.machineUnreadable).toBe(false);
  });

  it('falls back to the user policy when the machine policy has a bad value for the same key', () => {
    const snapshot = resolvePolicy({ user: { language: 'de' }, machine: { language: 'fr' } });
    expect(snapshot.values.language).toBe('de');
    expect(problemsFor('language', { user: { language: 'de' }, machine: { language: 'fr' } })).toHaveLength(1);
  });

  it('drops and reports unknown keys, including keys that name Object prototype members', () => {
    const machine = JSON.parse('{"links.enabeld": false, "constructor": 1, "__proto__": {"kiosk.enabled": true}, "devTools.enabled": true}');
    const snapshot = resolvePolicy({ machine });
    expect(snapshot.problems.map((problem) => problem.key)).toEqual(['links.enabeld', 'constructor', '__proto__']);
    expect(snapshot.problems[0]?.message).toMatch(/unknown key/i);
    expect(snapshot.values['links.enabled']).toBe(true);
    expect(snapshot.values['kiosk.enabled']).toBe(false);
    expect(snapshot.values['devTools.enabled']).toBe(true);
    expect(snapshot.locked).toEqual(['devTools.enabled']);
  });

  it('reports a flood of unknown keys in a bounded number of problems', () => {
    const machine = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`unknown.${index}`, true]));
    const problems = resolvePolicy({ machine }).problems;
    expect(problems.length).toBeLessThanOrEqual(21);
    expect(problems.at(-1)).toEqual({ key: null, message: expect.stringMatching(/480 more unknown keys/) });
  });

  it('fails closed when the machine policy is not a JSON object: restrictive security values, no user values', () => {
    for (const notAnObject of [null, [], ['links.enabled'], 'links.enabled', 42, true]) {
      const snapshot = resolvePolicy({ machine: notAnObject, user: { 'tray.closeToTray': false } });
      expect(snapshot.problems.map((problem) => problem.message)).toEqual([
        expect.stringMatching(/machine policy is not a JSON object/),
        expect.stringMatching(/user policy is ignored/),
      ]);
      expect(snapshot.machineUnreadable).toBe(true);
      expect(snapshot.values['tray.closeToTray']).toBe(true);
      expect(snapshot.values['links.enabled']).toBe(false);
    }
  });

  it('drops a user policy that is not a JSON object, and keeps the machine policy', () => {
    const snapshot = resolvePolicy({ machine: { 'idleLock.minutes': 5 }, user: 'links.enabled' });
    expect(snapshot.problems).toEqual([{ key: null, message: expect.stringMatching(/user policy is not a JSON object/) }]);
    expect(snapshot.values['idleLock.minutes']).toBe(5);
    expect(snapshot.machineUnreadable).toBe(false);
  });

  it('locks every key set by any policy layer, in schema order, but not keys whose value was dropped', () => {
    const snapshot = resolvePolicy({
      user: { language: 'en', 'tray.closeToTray': false },
      machine: { 'homeserver.url': 'https://matrix.bund.de', 'idleLock.minutes': 'ten' },
    });
    expect(snapshot.locked).toEqual(['homeserver.url', 'language', 'tray.closeToTray']);
  });

  it('refuses a homeserver that is not an https URL', () => {
    expect(accepts('homeserver.url', 'https://matrix.bund.de')).toBe(true);
    for (const url of ['http://matrix.bund.de', 'javascript:alert(1)', 'https://', 'matrix.bund.de', `https://${'a'.repeat(2048)}.de`]) {
      expect(accepts('homeserver.url', url), url).toBe(false);
    }
    expect(problemsFor('homeserver.url', { machine: { 'homeserver.url': 'http://matrix.bund.de' } })).toEqual([
      expect.stringMatching(/machine policy: must be an https URL/),
    ]);
  });

  it('accepts at most 1000 allowed servers, each a server name with an optional port', () => {
    const servers = (count: number) => Array.from({ length: count }, (_, index) => `server${index}.example.org`);
    expect(accepts('federation.allowedServers', servers(1000))).toBe(true);
    expect(accepts('federation.allowedServers', servers(1001))).toBe(false);
    expect(accepts('federation.allowedServers', ['bund.de', 'matrix.bund.de:8448', '[2001:db8::1]:8448', '192.0.2.1'])).toBe(true);
    for (const bad of ['https://bund.de', 'bund.de:70000', 'bund.de:0', 'bund de', '', `${'a.'.repeat(128)}de`]) {
      expect(accepts('federation.allowedServers', [bad]), bad).toBe(false);
    }
    expect(problemsFor('federation.allowedServers', { machine: { 'federation.allowedServers': ['bund.de', 'https://x.de'] } })).toEqual([
      expect.stringMatching(/entry 2: must be a Matrix server name.*restrictive value \[\]/),
    ]);
    // One bad entry never widens the list to any server.
    expect(resolvePolicy({ machine: { 'federation.allowedServers': ['bund.de', 'https://x.de'] } }).values['federation.allowedServers']).toEqual([]);
  });

  it('accepts link domains only as ASCII domain names, at most 1000', () => {
    expect(accepts('links.allowedDomains', ['bund.de', 'xn--brgeramt-9db.de', 'intranet'])).toBe(true);
    for (const bad of ['bürgeramt.de', 'https://bund.de', '*.bund.de', 'bund.de/pfad', 'bund.de:443']) {
      expect(accepts('links.allowedDomains', [bad]), bad).toBe(false);
    }
    expect(accepts('links.allowedDomains', Array.from({ length: 1001 }, () => 'bund.de'))).toBe(false);
  });

  it('keeps idle lock minutes a whole number from 0 to 1440', () => {
    expect(accepts('idleLock.minutes', 0)).toBe(true);
    expect(accepts('idleLock.minutes', 1440)).toBe(true);
    for (const bad of [1441, -1, 1.5, '10', Number.NaN]) expect(accepts('idleLock.minutes', bad), String(bad)).toBe(false);
  });

  it('keeps the upload limit from 1 byte to 4 GiB', () => {
    expect(accepts('uploads.maxBytes', 1)).toBe(true);
    expect(accepts('uploads.maxBytes', 4 * 1024 ** 3)).toBe(true);
    expect(accepts('uploads.maxBytes', 4 * 1024 ** 3 + 1)).toBe(false);
    expect(accepts('uploads.maxBytes', 0)).toBe(false);
  });

  it('accepts only the listed choices for enumerated keys', () => {
    expect(accepts('notifications.content', 'sender')).toBe(true);
    expect(accepts('notifications.content', 'everything')).toBe(false);
    expect(accepts('logging.level', 'debug')).toBe(true);
    expect(accepts('logging.level', 'trace')).toBe(false);
    expect(accepts('language', 'en')).toBe(true);
    expect(accepts('language', 'de-DE')).toBe(false);
  });
});

describe('policy schema', () => {
  it('describes every key in one line, for the templates', () => {
    for (const key of policyKeys) {
      expect(policySchemas[key].description, key).toMatch(/^[^\n]{10,200}$/);
    }
  });

  it('has defaults that pass their own key schemas', () => {
    for (const [key, value] of Object.entries(defaultPolicy)) {
      expect(policySchemas[key as PolicyKey].safeParse(value).success, key).toBe(true);
    }
  });
});

describe('policy scopes, recommended values and fail closed', () => {
  it('gives every key a scope, and every security key a restrictive value (or says it has none)', () => {
    for (const key of policyKeys) expect(['security', 'comfort'], key).toContain(policyScopes[key]);
    for (const key of policyKeys.filter((key) => policyScopes[key] === 'security')) {
      expect(Object.hasOwn(restrictivePolicy, key), key).toBe(true);
      const value = restrictivePolicy[key as keyof typeof restrictivePolicy];
      if (value !== null) expect(policySchemas[key].safeParse(value).success, key).toBe(true);
    }
  });

  it('ignores and reports a security key in a user source, mandatory or recommended', () => {
    const snapshot = resolvePolicy({
      user: { mandatory: { 'devTools.enabled': true, 'links.enabled': false }, recommended: { 'downloads.enabled': false, language: 'de' } },
    });
    expect(snapshot.values['devTools.enabled']).toBe(false);
    expect(snapshot.values['downloads.enabled']).toBe(true);
    expect(snapshot.values.language).toBe('de');
    expect(snapshot.locked).toEqual([]);
    expect(snapshot.recommended).toEqual(['language']);
    expect(snapshot.problems.map((problem) => problem.key)).toEqual(['devTools.enabled', 'links.enabled', 'downloads.enabled']);
    expect(snapshot.problems[0]?.message).toMatch(/only by machine policy/);
  });

  it('ranks defaults < recommended (user, then machine) < mandatory user < mandatory machine', () => {
    const snapshot = resolvePolicy({
      user: { mandatory: { 'idleLock.minutes': 5, language: 'en' }, recommended: { 'tray.closeToTray': false, 'notifications.content': 'sender' } },
      machine: { mandatory: { language: 'de' }, recommended: { 'idleLock.minutes': 30, 'notifications.content': 'none', 'logging.level': 'warn' } },
    });
    expect(snapshot.values['idleLock.minutes']).toBe(5);
    expect(snapshot.values.language).toBe('de');
    expect(snapshot.values['notifications.content']).toBe('none');
    expect(snapshot.values['tray.closeToTray']).toBe(false);
    expect(snapshot.values['logging.level']).toBe('warn');
    expect(snapshot.locked).toEqual(['idleLock.minutes', 'language']);
    expect(snapshot.recommended).toEqual(['notifications.content', 'logging.level', 'tray.closeToTray']);
  });

  it('reads the flat form as mandatory and the file form part by part', () => {
    expect(documentLayers({ 'links.enabled': false })).toEqual({ mandatory: { 'links.enabled': false } });
    expect(documentLayers({ recommended: { language: 'de' } })).toEqual({ mandatory: undefined, recommended: { language: 'de' } });
    expect(documentLayers([])).toEqual({ notAnObject: true });
    const mixed = resolvePolicy({ machine: { mandatory: { 'links.enabled': false }, 'kiosk.enabled': true } });
    expect(mixed.values['kiosk.enabled']).toBe(true);
    expect(mixed.values['links.enabled']).toBe(false);
  });

  it('fails closed when a machine source is unreadable, keeping only what the readable part tightens or sets for comfort', () => {
    const snapshot = resolvePolicy({
      machine: { mandatory: { 'links.enabled': true, 'homeserver.url': 'https://matrix.bund.de', 'tray.closeToTray': false } },
      user: { language: 'de' },
      machineUnreadable: true,
    });
    expect(snapshot.machineUnreadable).toBe(true);
    expect(snapshot.values['links.enabled']).toBe(false);
    expect(snapshot.values['devTools.enabled']).toBe(false);
    expect(snapshot.values['downloads.enabled']).toBe(false);
    expect(snapshot.values['uploads.maxBytes']).toBe(1);
    expect(snapshot.values['screenCapture.protection']).toBe(true);
    expect(snapshot.values['encryption.onlyVerifiedDevices']).toBe(true);
    expect(snapshot.values['spellcheck.enabled']).toBe(false);
    expect(snapshot.values['kiosk.enabled']).toBe(false);
    expect(snapshot.values['homeserver.url']).toBe('https://matrix.bund.de');
    expect(snapshot.values['tray.closeToTray']).toBe(false);
    expect(snapshot.values.language).toBeUndefined();
    expect(snapshot.locked).toContain('devTools.enabled');
    expect(snapshot.locked).not.toContain('language');
  });

  it('applies live keys of a change at once and marks the others as waiting for a restart', () => {
    const started = resolvePolicy({ machine: { 'links.enabled': true, 'devTools.enabled': false } });
    const next = resolvePolicy({ machine: { 'links.enabled': false, 'devTools.enabled': true, 'idleLock.minutes': 10, language: 'de' } });
    const applied = applyPolicyChange(started, next);
    expect(applied.values['links.enabled']).toBe(false);
    expect(applied.values['idleLock.minutes']).toBe(10);
    expect(applied.values['devTools.enabled']).toBe(false);
    expect(applied.values.language).toBeUndefined();
    expect(applied.locked).toEqual(['links.enabled', 'idleLock.minutes', 'devTools.enabled']);
    expect(applied.pendingRestart).toEqual(['devTools.enabled', 'language']);
    expect(applyPolicyChange(started, started).pendingRestart).toEqual([]);
  });

  it('kiosk.enabled: a shared terminal opens no links and saves no files or records exports unless the machine policy allows them', () => {
    const kiosk = resolvePolicy({ machine: { 'kiosk.enabled': true } });
    expect(kiosk.values).toMatchObject({ 'links.enabled': false, 'downloads.enabled': false, 'export.enabled': false, 'kiosk.idleSignOutMinutes': 5 });
    const allowed = resolvePolicy({ machine: { 'kiosk.enabled': true, 'links.enabled': true, 'downloads.enabled': true, 'export.enabled': true } });
    expect(allowed.values).toMatchObject({ 'links.enabled': true, 'downloads.enabled': true, 'export.enabled': true });
    // A person's own policy cannot open a kiosk up: both are security keys.
    const userTries = resolvePolicy({ machine: { 'kiosk.enabled': true }, user: { 'links.enabled': true, 'downloads.enabled': true } });
    expect(userTries.values).toMatchObject({ 'links.enabled': false, 'downloads.enabled': false });
    expect(resolvePolicy({ machine: {} }).values).toMatchObject({ 'links.enabled': true, 'downloads.enabled': true, 'export.enabled': true });
  });
});
