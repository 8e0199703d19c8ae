import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../src/main/core/trusted-sender';

const appOrigin = 'app://depesche';
const harnessOrigin = 'http://127.0.0.1:41234';

describe('isTrustedSender', () => {
  it.each([`${harnessOrigin}/index.html`, `${harnessOrigin}/`, `${harnessOrigin}/index.html?x=1#login`, `${harnessOrigin}/assets/../index.html`])(
    'trusts the top-level frame at %s for its own origin',
    (url) => {
      expect(isTrustedSender({ url, isTopLevel: true }, harnessOrigin)).toBe(true);
    },
  );

  it('trusts a top-level frame of an https origin only for that exact origin', () => {
    expect(isTrustedSender({ url: 'https://depesche.example/index.html', isTopLevel: true }, 'https://depesche.example')).toBe(true);
    expect(isTrustedSender({ url: 'https://depesche.example:443/', isTopLevel: true }, 'https://depesche.example')).toBe(true);
    expect(isTrustedSender({ url: 'https://depesche.example.evil/', isTopLevel: true }, 'https://depesche.example')).toBe(false);
  });

  it('trusts the app window on the custom app:// scheme, whose origin Node reports as "null"', () => {
    expect(isTrustedSender({ url: 'app://depesche/index.html', isTopLevel: true }, appOrigin)).toBe(true);
    expect(isTrustedSender({ url: 'app://depesche/', isTopLevel: true }, appOrigin)).toBe(true);
  });

  it('does not treat two opaque origins as the same', () => {
    expect(isTrustedSender({ url: 'about:blank', isTopLevel: true }, 'null')).toBe(false);
    expect(isTrustedSender({ url: 'data:text/html,x', isTopLevel: true }, appOrigin)).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', isTopLevel: true }, 'file://')).toBe(false);
  });

  it('refuses a subframe, even one loaded from the app origin', () => {
    expect(isTrustedSender({ url: `${harnessOrigin}/index.html`, isTopLevel: false }, harnessOrigin)).toBe(false);
    expect(isTrustedSender({ url: 'app://depesche/index.html', isTopLevel: false }, appOrigin)).toBe(false);
  });

  it.each([
    'app://depesche.evil/index.html',
    'app://evil/index.html',
    'app://depesche:1/index.html',
    'app://evil.depesche/index.html',
    'https://depesche/index.html',
    'https://example.org/app://depesche/index.html',
    'file:///app/depesche/index.html',
    'about:blank',
    'data:text/html,<script>depesche</script>',
  ])('refuses a top-level frame at %s for the app origin', (url) => {
    expect(isTrustedSender({ url, isTopLevel: true }, appOrigin)).toBe(false);
  });

  it.each([
    'http://127.0.0.1:41235/index.html',
    'http://127.0.0.1/index.html',
    'https://127.0.0.1:41234/index.html',
    'http://localhost:41234/index.html',
    'http://[::1]:41234/index.html',
  ])('refuses a top-level frame at %s for the harness origin', (url) => {
    expect(isTrustedSender({ url, isTopLevel: true }, harnessOrigin)).toBe(false);
  });

  it('refuses a missing frame', () => {
    expect(isTrustedSender(null, appOrigin)).toBe(false);
    expect(isTrustedSender(undefined, appOrigin)).toBe(false);
  });

  it.each(['', 'not a url', 'index.html', '/index.html', '//depesche/index.html', 'http://[::1'])(
    'refuses the unparsable URL %j',
    (url) => {
      expect(isTrustedSender({ url, isTopLevel: true }, harnessOrigin)).toBe(false);
    },
  );
});
