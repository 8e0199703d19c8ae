import { describe, expect, it } from 'vitest';
import { nowhere, spellcheckSettings } from '../../src/main/core/spellcheck';
import { resolvePolicy } from '../../src/shared/policy';

const mirror = 'https://dictionaries.bund.example/hunspell/';
const policy = (machine: Record<string, unknown> = {}) => resolvePolicy({ machine }).values;

describe('spellcheckSettings', () => {
  it('checks spelling on Linux only with a dictionary mirror, and fetches from the mirror', () => {
    expect(spellcheckSettings('linux', policy())).toEqual({ enabled: false, dictionaryUrl: null });
    expect(spellcheckSettings('linux', policy({ 'spellcheck.dictionaryUrl': mirror }))).toEqual({ enabled: true, dictionaryUrl: mirror });
  });

  it("uses macOS's own checker, which fetches nothing", () => {
    expect(spellcheckSettings('darwin', policy())).toEqual({ enabled: true, dictionaryUrl: null });
    expect(spellcheckSettings('darwin', policy({ 'spellcheck.dictionaryUrl': mirror }))).toEqual({ enabled: true, dictionaryUrl: null });
  });

  it("uses Windows' own checker, with the mirror (or nowhere) for languages it falls back to Hunspell for", () => {
    expect(spellcheckSettings('win32', policy())).toEqual({ enabled: true, dictionaryUrl: nowhere });
    expect(spellcheckSettings('win32', policy({ 'spellcheck.dictionaryUrl': mirror }))).toEqual({ enabled: true, dictionaryUrl: mirror });
  });

  it.each(['linux', 'darwin', 'win32', 'freebsd'])('is off on %s when policy turns it off, and then names no mirror', (platform) => {
    expect(spellcheckSettings(platform, policy({ 'spellcheck.enabled': false, 'spellcheck.dictionaryUrl': mirror }))).toEqual({
      enabled: false,
      dictionaryUrl: null,
    });
  });

  it('refuses a dictionary mirror that is not https, so Linux stays off', () => {
    const snapshot = resolvePolicy({ machine: { 'spellcheck.dictionaryUrl': 'http://dictionaries.bund.example/' } });
    expect(snapshot.problems.map((problem) => problem.key)).toEqual(['spellcheck.dictionaryUrl']);
    expect(spellcheckSettings('linux', snapshot.values)).toEqual({ enabled: false, dictionaryUrl: null });
  });
});
