/**
 * Opening links from messages with the OS: only https and mailto, optionally only
 * to policy-listed domains, and only after confirmation when the visible text
 * names something other than the real target (or the host is an IDN look-alike).
 * A mail link is opened with its recipients, subject and body only: every
 * recipient (to, cc, bcc) must be allowed, and other fields, which some mail
 * programs act on (`attach`, `from`...), never reach the mail program.
 */
import { DepescheError } from '../../../shared/errors';

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
  if (url.protocol === 'mailto:') return checkMailLink(url, policy);
  if (!url.hostname) throw refused('This link has no destination.');
  checkDomain(url.hostname, policy);
  return url;
}

function checkDomain(domain: string, policy: LinkPolicy): void {
  if (policy.allowedDomains && !policy.allowedDomains.some((allowed) => isWithin(domain, allowed))) {
    throw refused(`Links to ${domain} are not allowed by your administrator.`);
  }
}

// An addr-spec without quoting or comments: what a link in a message needs, and nothing a mail program could read twice.
const plainAddress = /^[^\s@<>()[\]\\,;:"]+@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)*[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)$/u;
const keptMailFields = ['subject', 'body'];

/** Checks every recipient of a mail link and rebuilds it with the recipients, subject and body only. */
function checkMailLink(url: URL, policy: LinkPolicy): URL {
  const fields = mailFields(url.search.slice(1));
  const field = (name: string) => fields.filter((entry) => entry.name === name).flatMap((entry) => addressList(entry.value));
  const to = [...addressList(decodeComponent(url.pathname)), ...field('to')];
  const recipients = [...to, ...field('cc'), ...field('bcc')];
  if (recipients.length === 0) throw refused('This link has no destination.');
  for (const recipient of recipients) {
    const domain = plainAddress.exec(recipient)?.[1];
    if (!domain) throw refused('This mail link has a recipient that is not a plain mail address.');
    checkDomain(domain.toLowerCase(), policy);
  }
  // Copies are dropped with the other fields; `to` joins the address list, where it means the same.
  const kept = keptMailFields.flatMap((name) => fields.find((entry) => entry.name === name) ?? []);
  const query = kept.map(({ name, value }) => `${name}=${encodeURIComponent(value)}`).join('&');
  return new URL(`mailto:${to.map(encodeAddress).join(',')}${query ? `?${query}` : ''}`);
}

/** `name=value&…`, percent-decoded; `+` stays a plus (RFC 6068), names compare without case. */
function mailFields(query: string): { name: string; value: string }[] {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const split = pair.indexOf('=');
      const [name, value] = split < 0 ? [pair, ''] : [pair.slice(0, split), pair.slice(split + 1)];
      return { name: decodeComponent(name).toLowerCase(), value: decodeComponent(value) };
    });
}

function addressList(text: string): string[] {
  return text
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

function encodeAddress(address: string): string {
  return encodeURIComponent(address).replace(/%40/g, '@').replace(/%2B/gi, '+');
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw refused('This is not a valid link.');
  }
}

function needsConfirmation(target: URL, text: string | undefined): boolean {
  if (target.hostname.split('.').some((label) => label.startsWith('xn--'))) return true;
  if (text === undefined) return false;
  const shown = text.trim();
  const variants = new Set([target.href, target.href.replace(/\/$/, ''), decodeSafely(target.href)]);
  if (target.protocol === 'mailto:') variants.add(decodeURIComponent(target.pathname));
  return !variants.has(shown);
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
