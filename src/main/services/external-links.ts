/**
 * Opening links from messages with the OS: only https and mailto, optionally only
 * to policy-listed domains, and only after confirmation when the visible text
 * names something other than the real target (or the host is an IDN look-alike).
 */
import { DepescheError } from '../../shared/errors';

export interface LinkPolicy {
  readonly enabled: boolean;
  /** Allowed domains (subdomains included); absent = any. */
  readonly allowedDomains?: readonly string[];
}

export interface ExternalLinkDeps {
  openExternal(url: string): Promise<void>;
  /** Asks the person whether to open `url`; `text` is what the message showed. */
  confirm(request: { url: string; text: string }): Promise<boolean>;
  policy(): LinkPolicy;
}

export function createExternalLinks(deps: ExternalLinkDeps) {
  return {
    async open({ url, text }: { url: string; text?: string }): Promise<'opened' | 'cancelled'> {
      const target = checkExternalUrl(url, deps.policy());
      if (needsConfirmation(target, text)) {
        if (!(await deps.confirm({ url: target.href, text: text ?? '' }))) return 'cancelled';
      }
      await deps.openExternal(target.href);
      return 'opened';
    },
  };
}

/** Validates a link against the rules and the policy; returns the normalised URL or throws `link-refused`. */
export function checkExternalUrl(raw: string, policy: LinkPolicy): URL {
  if (!policy.enabled) throw refused('Opening links is turned off by your administrator.');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refused('This is not a valid link.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'mailto:') {
    throw refused(`Only https and mailto links can be opened, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username || url.password) throw refused('Links with embedded credentials are not opened.');
  const domain = url.protocol === 'mailto:' ? mailDomain(url) : url.hostname;
  if (!domain) throw refused('This link has no destination.');
  if (policy.allowedDomains && !policy.allowedDomains.some((allowed) => isWithin(domain, allowed))) {
    throw refused(`Links to ${domain} are not allowed by your administrator.`);
  }
  return url;
}

function needsConfirmation(target: URL, text: string | undefined): boolean {
  if (target.hostname.split('.').some((label) => label.startsWith('xn--'))) return true;
  if (text === undefined) return false;
  const shown = text.trim();
  const variants = new Set([target.href, target.href.replace(/\/$/, ''), decodeSafely(target.href)]);
  if (target.protocol === 'mailto:') variants.add(target.pathname);
  return !variants.has(shown);
}

function mailDomain(url: URL): string {
  const address = decodeSafely(url.pathname).split(',')[0] ?? '';
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

function isWithin(domain: string, allowed: string): boolean {
  const normalised = allowed.toLowerCase().replace(/^\.+|\.+$/g, '');
  return domain === normalised || domain.endsWith(`.${normalised}`);
}

function decodeSafely(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

function refused(message: string): DepescheError {
  return new DepescheError('link-refused', message);
}
