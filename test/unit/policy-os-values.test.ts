import { describe, expect, it } from 'vitest';
import { parseRegQuery, preferencesLayer, preferenceTypes, registryDocument, registryPolicyValue, type RegistryKey } from '../../src/main/core/services/policy-os-values';
import { shapeOf } from '../../src/main/core/policy-shapes';
import { policyKeys, resolvePolicy } from '../../src/shared/policy';

const dword = (data: number) => ({ type: 'REG_DWORD', data });
const sz = (data: string) => ({ type: 'REG_SZ', data });
const key = (values: RegistryKey['values'], subkeys: RegistryKey['subkeys'] = {}): RegistryKey => ({ values, subkeys });

/** A valid registry value for each kind of key, as Group Policy writes it. */
const registryExamples: Record<string, { raw: { type: string; data: number | string | readonly string[] }; value: unknown }> = {
  boolean: { raw: dword(1), value: true },
  enum: { raw: sz('sender'), value: 'sender' },
  integer: { raw: dword(15), value: 15 },
  text: { raw: sz('https://matrix.bund.de'), value: 'https://matrix.bund.de' },
  list: { raw: { type: 'REG_MULTI_SZ', data: ['bund.de', 'land.de'] }, value: ['bund.de', 'land.de'] },
  json: { raw: sz('{"mode":"fixed","server":"http://proxy.bund.de:3128"}'), value: { mode: 'fixed', server: 'http://proxy.bund.de:3128' } },
};

describe('registry values as policy values', () => {
  it('maps a value of the right registry type for every key', () => {
    for (const policyKey of policyKeys) {
      const shape = shapeOf(policyKey);
      const example = registryExamples[shape.kind];
      expect(example, policyKey).toBeDefined();
      expect(registryPolicyValue(shape, example!.raw), policyKey).toEqual(example!.value);
    }
  });

  it('reads booleans from DWORD 0 and 1 only', () => {
    const shape = { kind: 'boolean' } as const;
    expect(registryPolicyValue(shape, dword(0))).toBe(false);
    expect(registryPolicyValue(shape, dword(1))).toBe(true);
    expect(registryPolicyValue(shape, dword(2))).toBe(2);
    expect(registryPolicyValue(shape, sz('true'))).toBe('true');
  });

  it('reads an object from its JSON text, and passes text that is not JSON on to be refused', () => {
    const shape = { kind: 'json', maxLength: 16_384 } as const;
    expect(registryPolicyValue(shape, sz('{"mode":"direct"}'))).toEqual({ mode: 'direct' });
    expect(registryPolicyValue(shape, sz('mode=direct'))).toBe('mode=direct');
  });

  it('reads lists from multi-strings, JSON strings and list subkeys', () => {
    const shape = { kind: 'list' } as const;
    expect(registryPolicyValue(shape, sz('["bund.de","land.de"]'))).toEqual(['bund.de', 'land.de']);
    expect(registryPolicyValue(shape, sz('bund.de'))).toBe('bund.de');
    const document = registryDocument(key({}, { 'links.allowedDomains': key({ 2: sz('land.de'), 10: sz('kreis.de'), 1: sz('bund.de') }) }));
    expect(document.mandatory['links.allowedDomains']).toEqual(['bund.de', 'land.de', 'kreis.de']);
  });

  it('gives wrong types to the schema, which refuses them and fails closed for a security key', () => {
    const document = registryDocument(
      key({ 'links.enabled': sz('yes'), 'idleLock.minutes': sz('15'), 'homeserver.url': dword(1), 'federation.allowedServers': sz('[1,2]') }),
    );
    const snapshot = resolvePolicy({ machine: document });
    expect(snapshot.values['links.enabled']).toBe(false);
    expect(snapshot.values['idleLock.minutes']).toBe(0);
    expect(snapshot.values['homeserver.url']).toBeUndefined();
    // A broken allow-list is no list at all: only the own homeserver.
    expect(snapshot.values['federation.allowedServers']).toEqual([]);
    expect(snapshot.problems.map((problem) => problem.key)).toEqual(['links.enabled', 'idleLock.minutes', 'homeserver.url', 'federation.allowedServers']);
  });

  it('reads the Recommended subkey as recommended values', () => {
    const document = registryDocument(key({ 'links.enabled': dword(0) }, { Recommended: key({ 'notifications.content': sz('none') }) }));
    expect(document).toEqual({ mandatory: { 'links.enabled': false }, recommended: { 'notifications.content': 'none' } });
    const snapshot = resolvePolicy({ user: document });
    expect(snapshot.recommended).toEqual(['notifications.content']);
  });
});

describe('reg query output', () => {
  const path = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Depesche';
  const output = [
    '',
    path,
    '    links.enabled    REG_DWORD    0x0',
    '    idleLock.minutes    REG_DWORD    0xf',
    '    uploads.maxBytes    REG_QWORD    0x100000000',
    '    homeserver.url    REG_SZ    https://matrix.bund.de',
    '    federation.allowedServers    REG_MULTI_SZ    bund.de\\0land.de',
    '',
    `${path}\\links.allowedDomains`,
    '    1    REG_SZ    bund.de',
    '',
    `${path}\\Recommended`,
    '    language    REG_SZ    de',
    '',
  ].join('\r\n');

  it('parses values, subkeys and the Recommended subkey', () => {
    const parsed = parseRegQuery(output, path);
    expect(parsed).not.toBeNull();
    expect(registryDocument(parsed!)).toEqual({
      mandatory: {
        'links.enabled': false,
        'idleLock.minutes': 15,
        'uploads.maxBytes': 4294967296,
        'homeserver.url': 'https://matrix.bund.de',
        'federation.allowedServers': ['bund.de', 'land.de'],
        'links.allowedDomains': ['bund.de'],
      },
      recommended: { language: 'de' },
    });
  });

  it('finds nothing for another key, or in an error message', () => {
    expect(parseRegQuery(output, 'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Depesche')).toBeNull();
    expect(parseRegQuery('ERROR: The system was unable to find the specified registry key or value.', path)).toBeNull();
  });
});

describe('macOS managed preferences as policy values', () => {
  it('asks policy-watcher for each key in a type it can read', () => {
    const types = preferenceTypes();
    expect(types['links.enabled']).toEqual({ type: 'boolean' });
    expect(types['idleLock.minutes']).toEqual({ type: 'number' });
    expect(types['notifications.content']).toEqual({ type: 'string' });
    expect(types['links.allowedDomains']).toEqual({ type: 'string' });
    expect(Object.keys(types)).toEqual(policyKeys);
  });

  it('leaves out unset keys, reads lists from JSON strings and passes wrong types on to be refused', () => {
    const layer = preferencesLayer({ 'links.enabled': false, 'devTools.enabled': undefined, 'links.allowedDomains': '["bund.de"]', 'idleLock.minutes': 2.5 });
    expect(layer).toEqual({ 'links.enabled': false, 'links.allowedDomains': ['bund.de'], 'idleLock.minutes': 2.5 });
    const snapshot = resolvePolicy({ machine: layer });
    expect(snapshot.values['links.allowedDomains']).toEqual(['bund.de']);
    expect(snapshot.problems.map((problem) => problem.key)).toEqual(['idleLock.minutes']);
  });
});
