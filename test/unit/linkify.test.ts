import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { findLinks, linkifyTextIn } from '../../src/renderer/lib/content/linkify';

/** The addresses found, as the text showed them and where they lead. */
function found(text: string): [string, string][] {
  return findLinks(text).map(({ start, end, href }) => [text.slice(start, end), href]);
}

describe('findLinks: what counts as an address', () => {
  it.each([
    ['Bitte lesen: https://bund.example/vorlage?id=7.', [['https://bund.example/vorlage?id=7', 'https://bund.example/vorlage?id=7']]],
    ['Termin (siehe https://bund.example/a), ok?', [['https://bund.example/a', 'https://bund.example/a']]],
    ['https://de.wikipedia.org/wiki/Akte_(Verwaltung)!', [['https://de.wikipedia.org/wiki/Akte_(Verwaltung)', 'https://de.wikipedia.org/wiki/Akte_(Verwaltung)']]],
    ['Siehe „https://bund.example/a“.', [['https://bund.example/a', 'https://bund.example/a']]],
    ['alt: http://intranet.example/x', [['http://intranet.example/x', 'http://intranet.example/x']]],
    ['auf www.bund.de nachlesen', [['www.bund.de', 'https://www.bund.de']]],
    ['Post an poststelle@bund.de!', [['poststelle@bund.de', 'mailto:poststelle@bund.de']]],
    ['mailto:poststelle@bund.de', [['mailto:poststelle@bund.de', 'mailto:poststelle@bund.de']]],
    ['https://matrix.to/#/#lage:bund.de', [['https://matrix.to/#/#lage:bund.de', 'https://matrix.to/#/#lage:bund.de']]],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['a bare file name that is also a domain', 'siehe readme.md und bund.de'],
    ['a Matrix user id', '@erika:bund.de fragt'],
    ['a room alias', '#lage:bund.de'],
    ['a host and port', 'localhost:8080'],
    ['ftp and file links', 'ftp://files.example/x file:///etc/passwd'],
    ['a javascript: address', 'javascript:alert(1)//bund.de'],
    ['a scheme alone', 'https://'],
  ])('finds nothing in %s', (_what, text) => {
    expect(found(text)).toEqual([]);
  });

  it('keeps the text outside a javascript: prefix and links only the https part', () => {
    expect(found('javascript://www.bund.de/%0aalert(1)')).toEqual([['www.bund.de/%0aalert(1)', 'https://www.bund.de/%0aalert(1)']]);
  });
});

describe('linkifyTextIn', () => {
  const { document } = new JSDOM('').window;
  const makeLink = (href: string, text: string, owner: Document) => {
    const link = owner.createElement('a');
    link.setAttribute('href', href);
    link.textContent = text;
    return link;
  };
  function linkified(html: string): { html: string; made: number } {
    const root = document.createElement('div');
    root.innerHTML = html;
    const made = linkifyTextIn(root, makeLink);
    return { html: root.innerHTML, made };
  }

  it('links addresses in text at any depth, keeping the text around them', () => {
    expect(linkified('<p>A https://a.example und <b>www.bund.de.</b></p>')).toEqual({
      html: '<p>A <a href="https://a.example">https://a.example</a> und <b><a href="https://www.bund.de">www.bund.de</a>.</b></p>',
      made: 2,
    });
  });

  it('leaves text inside links, code and preformatted blocks alone', () => {
    const html = '<a href="https://a.example/">see https://b.example</a><code>https://c.example</code><pre>x <i>https://d.example</i></pre>';
    expect(linkified(html)).toEqual({ html, made: 0 });
  });
});
