import { describe, expect, it } from 'vitest';
import { fail } from '../../src/shared/errors';
import { resolvePolicy, type PolicyReport } from '../../src/shared/policy';
import { PolicyAboutModel, policyAboutOf } from '../../src/renderer/lib/view-models/policy-about';

const report = (machine: unknown): { ok: true; value: PolicyReport } => ({ ok: true, value: { ...resolvePolicy({ machine }), effective: { spellcheck: true } } });

describe('what the About dialog says of policy', () => {
  it('lists mandatory keys first, then recommended ones, each in schema order, with its value as text', () => {
    const about = policyAboutOf(
      report({
        mandatory: { 'uploads.maxBytes': 1024, 'links.enabled': false, 'network.proxy': { mode: 'pac', url: 'https://wpad.bund.example/proxy.pac' } },
        recommended: { 'tray.closeToTray': true, language: 'de' },
      }),
    );
    expect(about.settings).toEqual([
      { key: 'links.enabled', value: { kind: 'off' }, level: 'mandatory' },
      { key: 'uploads.maxBytes', value: { kind: 'text', text: '1024' }, level: 'mandatory' },
      { key: 'network.proxy', value: { kind: 'text', text: '{"mode":"pac","url":"https://wpad.bund.example/proxy.pac"}' }, level: 'mandatory' },
      { key: 'language', value: { kind: 'text', text: 'de' }, level: 'recommended' },
      { key: 'tray.closeToTray', value: { kind: 'on' }, level: 'recommended' },
    ]);
  });

  it('joins a list of servers or domains, and passes problems and the fail-closed state on as main wrote them', () => {
    const about = policyAboutOf(report({ 'federation.allowedServers': ['bund.example', 'land.example'], 'no.such.key': 1 }));
    expect(about.settings).toEqual([{ key: 'federation.allowedServers', value: { kind: 'text', text: 'bund.example, land.example' }, level: 'mandatory' }]);
    expect(about.problems).toEqual([{ key: 'no.such.key', message: 'Unknown key in the machine policy; ignored.' }]);
    expect(about.machineUnreadable).toBe(false);
    expect(policyAboutOf(report('not an object')).machineUnreadable).toBe(true);
  });

  it('says nothing is known when main does not answer', () => {
    expect(policyAboutOf(fail('internal', 'no main'))).toEqual({
      unavailable: true,
      machineUnreadable: false,
      sources: [],
      settings: [],
      pendingRestart: [],
      problems: [],
    });
  });

  it('tells its subscribers when policy changes', () => {
    const model = new PolicyAboutModel(report({}));
    const seen: number[] = [];
    model.subscribe((about) => seen.push(about.settings.length));
    model.update(report({ 'devTools.enabled': true }));
    expect(seen).toEqual([0, 1]);
  });
});
