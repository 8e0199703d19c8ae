/**
 * The `network.proxy` policy as Chromium's proxy settings. Applied to the default
 * session, which carries both the window's requests and main's own (`net.request`
 * uses it), so the page and homeserver discovery go the same way.
 */
import type { Policy } from '../../shared/policy';

/** The shape of Electron's `ProxyConfig`, kept here so this module stays free of Electron. */
export interface ProxySettings {
  readonly mode: 'direct' | 'system' | 'fixed_servers' | 'pac_script';
  readonly proxyRules?: string;
  readonly proxyBypassRules?: string;
  readonly pacScript?: string;
}

export function proxySettings(proxy: Policy['network.proxy']): ProxySettings {
  switch (proxy.mode) {
    case 'direct':
      return { mode: 'direct' };
    case 'system':
      return { mode: 'system' };
    case 'fixed':
      // One proxy for every scheme; the schema keeps `=`, `;` and `,` out of both fields.
      return { mode: 'fixed_servers', proxyRules: proxy.server, proxyBypassRules: (proxy.bypass ?? []).join(',') };
    case 'pac':
      return { mode: 'pac_script', pacScript: proxy.url };
  }
}
