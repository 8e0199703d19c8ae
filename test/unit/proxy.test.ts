import { describe, expect, it } from 'vitest';
import { proxySettings } from '../../src/main/core/proxy';
import { resolvePolicy } from '../../src/shared/policy';

/** What main applies for a machine policy file with this `network.proxy`. */
function applied(proxy: unknown) {
  const snapshot = resolvePolicy({ machine: { 'network.proxy': proxy } });
  return { settings: proxySettings(snapshot.values['network.proxy']), problems: snapshot.problems };
}

describe('network.proxy', () => {
  it("uses the operating system's proxy settings when policy says nothing, as Chromium does", () => {
    expect(proxySettings(resolvePolicy({}).values['network.proxy'])).toEqual({ mode: 'system' });
  });

  it('goes direct or through the system settings when told to', () => {
    expect(applied({ mode: 'direct' })).toEqual({ settings: { mode: 'direct' }, problems: [] });
    expect(applied({ mode: 'system' })).toEqual({ settings: { mode: 'system' }, problems: [] });
  });

  it('sends everything through a fixed proxy, except the hosts on the bypass list', () => {
    expect(applied({ mode: 'fixed', server: 'http://proxy.bund.example:3128', bypass: ['*.intern.bund.example', '10.0.0.0/8', '<local>'] })).toEqual({
      settings: { mode: 'fixed_servers', proxyRules: 'http://proxy.bund.example:3128', proxyBypassRules: '*.intern.bund.example,10.0.0.0/8,<local>' },
      problems: [],
    });
    expect(applied({ mode: 'fixed', server: 'socks5://[fd00::1]:1080' }).settings).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'socks5://[fd00::1]:1080',
      proxyBypassRules: '',
    });
  });

  it('follows a PAC script', () => {
    expect(applied({ mode: 'pac', url: 'http://wpad.bund.example/proxy.pac' })).toEqual({
      settings: { mode: 'pac_script', pacScript: 'http://wpad.bund.example/proxy.pac' },
      problems: [],
    });
  });

  it.each([
    ['an unknown mode', { mode: 'auto' }],
    ['a string instead of an object', 'direct'],
    ['a fixed proxy without a server', { mode: 'fixed' }],
    ['a server smuggling more proxy rules', { mode: 'fixed', server: 'proxy.bund.example:3128;https=evil.example:80' }],
    ['a bypass rule smuggling more rules', { mode: 'fixed', server: 'proxy.bund.example', bypass: ['a.example,b.example'] }],
    ['a PAC script that is not an http(s) URL', { mode: 'pac', url: 'file:///etc/proxy.pac' }],
    ['a field that belongs to another mode', { mode: 'direct', server: 'proxy.bund.example' }],
  ])('drops %s, reports it, and keeps the system settings', (_what, proxy) => {
    const { settings, problems } = applied(proxy);
    expect(settings).toEqual({ mode: 'system' });
    expect(problems.map((problem) => problem.key)).toEqual(['network.proxy']);
  });
});
