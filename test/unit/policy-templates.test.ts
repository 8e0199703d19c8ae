import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { admxId, examplePolicy, policyJsonSchema, policyTemplateDirectory, policyTemplates } from '../../scripts/policy-templates';
import { preferencesLayer } from '../../src/main/core/services/policy-os-values';
import { policyKeys, policyScopes, resolvePolicy } from '../../src/shared/policy';

const root = join(import.meta.dirname, '../..');
const templates = policyTemplates();
const admx = templates['depesche.admx'] ?? '';
const admls = { 'en-US': templates['en-US/depesche.adml'] ?? '', 'de-DE': templates['de-DE/depesche.adml'] ?? '' };

const validPolicy = {
  'homeserver.url': 'https://matrix.bund.de',
  'federation.allowedServers': ['bund.de', 'matrix.land.de:8448'],
  'links.enabled': true,
  'links.allowedDomains': ['bund.de', 'xn--brgeramt-9db.de'],
  'notifications.content': 'sender',
  'idleLock.minutes': 15,
  'devTools.enabled': false,
  'logging.level': 'warn',
  language: 'de',
  'downloads.enabled': false,
  'uploads.maxBytes': 104857600,
  'screenCapture.protection': true,
  'tray.closeToTray': false,
  'kiosk.enabled': false,
  'network.proxy': { mode: 'fixed', server: 'http://proxy.bund.de:3128', bypass: ['*.intern.bund.de', '<local>'] },
  'recoveryKey.required': true,
  'privacy.readReceipts': false,
  'privacy.typingNotifications': false,
};

const invalidPolicies: Record<string, unknown> = {
  'an unknown key': { 'links.enabeld': true },
  'a string for a boolean': { 'links.enabled': 'yes' },
  'an http homeserver': { 'homeserver.url': 'http://matrix.bund.de' },
  'too many idle minutes': { 'idleLock.minutes': 1441 },
  'a fractional upload limit': { 'uploads.maxBytes': 1.5 },
  'an unlisted notification mode': { 'notifications.content': 'everything' },
  'a URL as server name': { 'federation.allowedServers': ['https://bund.de'] },
  'a list that is too long': { 'links.allowedDomains': Array.from({ length: 1001 }, () => 'bund.de') },
  'not an object': ['links.enabled'],
  'a proxy mode that does not exist': { 'network.proxy': { mode: 'auto' } },
  'a PAC script without its URL': { 'network.proxy': { mode: 'pac' } },
};

/**
 * A small well-formedness check: one root, balanced and properly nested tags,
 * quoted attributes, no stray `<` or `&` in text.
 */
function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const body = text.replace(/^<\?xml [^?]*\?>\s*/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let roots = 0;
  let position = 0;
  for (const match of body.matchAll(/<[^<>]*>/g)) {
    const between = body.slice(position, match.index);
    if (/[<>]/.test(between) || /&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.test(between)) problems.push(`bad text before ${match[0]}`);
    position = match.index + match[0].length;
    const tag = /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>$/.exec(match[0]);
    if (!tag) {
      problems.push(`malformed tag ${match[0]}`);
      continue;
    }
    const [, closing, name = '', , selfClosing] = tag;
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.test(match[0])) problems.push(`bare & in ${match[0]}`);
    if (stack.length === 0 && !closing) roots += 1;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!selfClosing) {
      stack.push(name);
    }
  }
  if (body.slice(position).trim() !== '') problems.push('text after the root element');
  if (stack.length > 0) problems.push(`unclosed ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

function references(text: string, kind: 'string' | 'presentation'): Set<string> {
  return new Set([...text.matchAll(new RegExp(`\\$\\(${kind}\\.([^)]+)\\)`, 'g'))].map((match) => match[1] ?? ''));
}

function definedIds(adml: string, element: 'string' | 'presentation'): Set<string> {
  return new Set([...adml.matchAll(new RegExp(`<${element} id="([^"]+)"`, 'g'))].map((match) => match[1] ?? ''));
}

describe('policy templates', () => {
  it('are committed in build/policy/ exactly as the schema generates them now', () => {
    for (const [path, content] of Object.entries(templates)) {
      // A Windows checkout may turn LF into CRLF; that is not a stale template.
      const committed = readFileSync(join(root, policyTemplateDirectory, path), 'utf8').replaceAll('\r\n', '\n');
      expect(committed, `${policyTemplateDirectory}/${path} is stale: run npx tsx scripts/generate-policy-templates.ts`).toBe(content);
    }
  });

  it('give a JSON schema that accepts a valid policy and rejects wrong ones, as the app does', () => {
    const validate = new Ajv2020({ strict: true }).compile(policyJsonSchema());
    expect(validate(validPolicy), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({})).toBe(true);
    expect(resolvePolicy({ machine: validPolicy }).problems).toEqual([]);
    for (const [what, policy] of Object.entries(invalidPolicies)) {
      expect(validate(policy), what).toBe(false);
      expect(resolvePolicy({ machine: policy }).problems, what).not.toEqual([]);
    }
  });

  it('give a JSON schema that accepts the mandatory/recommended form and the example, as the app does', () => {
    const validate = new Ajv2020({ strict: true }).compile(policyJsonSchema());
    expect(validate(examplePolicy), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.parse(templates['policy.example.json'] ?? '')).toEqual(examplePolicy);
    expect(resolvePolicy({ machine: examplePolicy }).problems).toEqual([]);
    expect(validate({ mandatory: validPolicy, recommended: { language: 'en' } })).toBe(true);
    expect(validate({ recommended: { 'links.enabeld': true } })).toBe(false);
    expect(validate({ mandatory: { 'links.enabled': 'yes' } })).toBe(false);
    expect(validate({ mandatory: {}, extra: {} })).toBe(false);
  });

  it('give a macOS profile that parses as a property list and forces the example values', () => {
    const profile = parsePlist(templates['depesche.mobileconfig'] ?? '') as { PayloadType: string; PayloadContent: Record<string, unknown>[] };
    expect(profile.PayloadType).toBe('Configuration');
    const payload = profile.PayloadContent[0] ?? {};
    expect(payload.PayloadType).toBe('org.depesche.desktop');
    const forced = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith('Payload')));
    const snapshot = resolvePolicy({ machine: preferencesLayer(forced) });
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.values['federation.allowedServers']).toEqual(examplePolicy.mandatory['federation.allowedServers']);
    expect(snapshot.locked).toEqual(policyKeys.filter((key) => Object.hasOwn(examplePolicy.mandatory, key)));
  });

  it('offer every key mandatory and recommended, security keys for the machine only', () => {
    expect(admx).toContain('<category name="Depesche_Recommended"');
    for (const key of policyKeys) {
      const id = admxId(key);
      const policyClass = policyScopes[key] === 'security' ? 'Machine' : 'Both';
      expect(admx, key).toContain(`<policy name="${id}" class="${policyClass}"`);
      expect(admx, key).toMatch(new RegExp(`<policy name="${id}_Recommended" class="${policyClass}"[^>]*key="SOFTWARE\\\\Policies\\\\Depesche\\\\Recommended"`));
    }
    for (const adml of Object.values(admls)) expect(adml).toMatch(/<string id="Depesche_Recommended">[^<]+<\/string>/);
  });

  it('name every policy key in the ADMX and in both ADMLs', () => {
    for (const key of policyKeys) {
      const id = admxId(key);
      expect(admx, key).toContain(`<policy name="${id}"`);
      expect(admx.includes(`valueName="${key}"`) || admx.includes(`\\${key}"`), key).toBe(true);
      for (const [language, adml] of Object.entries(admls)) {
        expect(adml, `${language} ${key}`).toMatch(new RegExp(`<string id="${id}">[^<]+</string>`));
        expect(adml, `${language} ${key}`).toMatch(new RegExp(`<string id="${id}_Explain">[^<]+</string>`));
      }
    }
  });

  it('give an ADMX whose every string and presentation is defined in both ADMLs', () => {
    for (const [language, adml] of Object.entries(admls)) {
      for (const id of references(admx, 'string')) expect(definedIds(adml, 'string').has(id), `${language} string ${id}`).toBe(true);
      for (const id of references(admx, 'presentation')) expect(definedIds(adml, 'presentation').has(id), `${language} presentation ${id}`).toBe(true);
    }
  });

  it('write German texts into the de-DE ADML', () => {
    expect(admls['de-DE']).toContain('<string id="kiosk_enabled">Kioskmodus</string>');
    expect(admls['en-US']).toContain('<string id="kiosk_enabled">Kiosk mode</string>');
  });

  it('are well-formed XML', () => {
    expect(xmlProblems(admx)).toEqual([]);
    for (const adml of Object.values(admls)) expect(xmlProblems(adml)).toEqual([]);
  });

  it('have a well-formedness check that notices broken XML', () => {
    expect(xmlProblems('<a><b></a></b>')).not.toEqual([]);
    expect(xmlProblems('<a x=1></a>')).not.toEqual([]);
    expect(xmlProblems('<a>Tom & Jerry</a>')).not.toEqual([]);
    expect(xmlProblems('<a></a><b />')).not.toEqual([]);
    expect(xmlProblems('<a>')).not.toEqual([]);
    expect(xmlProblems('<a t="&quot;">&amp;<b /></a>')).toEqual([]);
  });
});
