import { describe, expect, it } from 'vitest';
import { checkExternalUrl, createExternalLinks, type LinkPolicy } from '../../src/main/services/external-links';

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
