import { describe, expect, it } from 'vitest';
import { checkExternalUrl, createExternalLinks, type LinkPolicy } from '../../src/main/core/services/external-links';

const open: LinkPolicy = { enabled: true };

function links(policy: LinkPolicy = open, confirmAnswer = true) {
  const opened: string[] = [];
  const asked: { url: string; text: string }[] = [];
  const service = createExternalLinks({
    openExternal: async (url) => void opened.push(url),
    confirm: async (request) => {
      asked.push(request);
      return confirmAnswer;
    },
    policy: () => policy,
  });
  return { service, opened, asked };
}

describe('external links', () => {
  it('opens an https link whose text is the link itself without asking', async () => {
    const { service, opened, asked } = links();
    await expect(service.open({ url: 'https://bund.de/path', text: 'https://bund.de/path' })).resolves.toBe('opened');
    expect(opened).toEqual(['https://bund.de/path']);
    expect(asked).toEqual([]);
  });

  it('asks before opening a link whose text names another target, and respects "cancel"', async () => {
    const { service, opened, asked } = links(open, false);
    await expect(service.open({ url: 'https://evil.example/login', text: 'https://bund.de' })).resolves.toBe('cancelled');
    expect(asked).toEqual([{ url: 'https://evil.example/login', text: 'https://bund.de' }]);
    expect(opened).toEqual([]);
  });

  it('asks for a link whose shown text is unknown (one that reached window.open)', async () => {
    const { service, asked, opened } = links(open, false);
    await expect(service.open({ url: 'https://bund.de/', text: '' })).resolves.toBe('cancelled');
    expect(asked).toEqual([{ url: 'https://bund.de/', text: '' }]);
    expect(opened).toEqual([]);
  });

  it('always asks for internationalised (punycode) hosts, which can imitate familiar names', async () => {
    const { service, asked } = links();
    await service.open({ url: 'https://xn--bnd-hoa.de/' });
    expect(asked).toHaveLength(1);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'http://bund.de', 'data:text/html,x', 'ftp://x.org', 'depesche://room/!a:b', 'not a url', ''])(
    'refuses %j with a typed error',
    async (url) => {
      const { service, opened } = links();
      await expect(service.open({ url })).rejects.toMatchObject({ code: 'link-refused' });
      expect(opened).toEqual([]);
    },
  );

  it('refuses links with embedded credentials', () => {
    expect(() => checkExternalUrl('https://user:pw@bund.de/', open)).toThrow(/credentials/);
  });

  it('opens nothing when policy turns links off', () => {
    expect(() => checkExternalUrl('https://bund.de/', { enabled: false })).toThrow(/turned off/);
  });

  it('limits targets to policy domains and their subdomains, for web and mail links alike', () => {
    const policy: LinkPolicy = { enabled: true, allowedDomains: ['bund.de'] };
    expect(checkExternalUrl('https://www.bund.de/x', policy).hostname).toBe('www.bund.de');
    expect(checkExternalUrl('mailto:poststelle@bmi.bund.de', policy).protocol).toBe('mailto:');
    expect(() => checkExternalUrl('https://bund.de.evil.example/', policy)).toThrow(/not allowed/);
    expect(() => checkExternalUrl('https://evilbund.de/', policy)).toThrow(/not allowed/);
    expect(() => checkExternalUrl('mailto:someone@example.org', policy)).toThrow(/not allowed/);
  });
});

describe('mail links', () => {
  const bund: LinkPolicy = { enabled: true, allowedDomains: ['bund.de'] };

  it.each([
    ['a second address in the list', 'mailto:poststelle@bund.de,leak@evil.example'],
    ['an address in "to"', 'mailto:poststelle@bund.de?to=leak@evil.example'],
    ['a second "to" field', 'mailto:poststelle@bund.de?to=a@bund.de&to=leak@evil.example'],
    ['a copy', 'mailto:poststelle@bund.de?cc=leak@evil.example'],
    ['a blind copy, written in capitals', 'mailto:poststelle@bund.de?BCC=leak@evil.example'],
    ['a list inside a copy field', 'mailto:poststelle@bund.de?cc=a@bund.de,leak@evil.example'],
    ['a percent-encoded @', 'mailto:leak%40evil.example'],
    ['a percent-encoded comma', 'mailto:poststelle@bund.de%2Cleak@evil.example'],
    ['a percent-encoded field', 'mailto:poststelle@bund.de?%62cc=leak%40evil.example'],
    ['only a recipient outside, in "to"', 'mailto:?to=leak@evil.example'],
  ])('refuses a link with a recipient outside the allowed domains in %s', (_label, url) => {
    expect(() => checkExternalUrl(url, bund)).toThrow(/Links to evil\.example are not allowed/);
  });

  it.each([
    ['a display name', 'mailto:Poststelle%20%3Cposteingang@bund.de%3E'],
    ['a second @ hiding the real domain', 'mailto:leak@evil.example%00@bund.de'],
    ['no address at all', 'mailto:?subject=Hallo'],
    ['a broken percent escape', 'mailto:poststelle@bund.de?cc=%E0%A4%A'],
  ])('refuses %s', (_label, url) => {
    expect(() => checkExternalUrl(url, bund)).toThrow(expect.objectContaining({ code: 'link-refused' }));
  });

  it('opens a mail link with its recipients, subject and body only', async () => {
    const { service, opened } = links(bund);
    const url = 'mailto:poststelle@bund.de?subject=Lage%20am%20Montag&body=Bitte%20melden&cc=amt@bmi.bund.de&bcc=archiv@bund.de&attach=/etc/passwd&from=chef@bund.de&in-reply-to=x';
    await expect(service.open({ url })).resolves.toBe('opened');
    expect(opened).toEqual(['mailto:poststelle@bund.de?subject=Lage%20am%20Montag&body=Bitte%20melden']);
  });

  it('keeps the addresses of "to" and a plus in an address, and drops fields also without a domain list', async () => {
    const { service, opened } = links(open);
    await service.open({ url: 'mailto:erika+lage@bund.de?to=max@example.org&Attach=C:%5Ckeys.txt' });
    expect(opened).toEqual(['mailto:erika+lage@bund.de,max@example.org']);
  });

  it('opens a mail link whose text is its address without asking', async () => {
    const { service, opened, asked } = links(bund);
    await service.open({ url: 'mailto:erika+lage@bund.de', text: 'erika+lage@bund.de' });
    expect(asked).toEqual([]);
    expect(opened).toEqual(['mailto:erika+lage@bund.de']);
  });
});
