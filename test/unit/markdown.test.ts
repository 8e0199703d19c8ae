import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/renderer/lib/content/markdown';
import { mentionMarkdown } from '../../src/renderer/lib/content/mentions';
import { createHtmlSanitizer } from '../../src/renderer/lib/content/sanitize-html';

const { window } = new JSDOM('');
const sanitizer = createHtmlSanitizer(window as unknown as Window & typeof globalThis);

function parse(html: string | null): HTMLDivElement {
  const container = window.document.createElement('div');
  container.innerHTML = html ?? '';
  return container;
}

describe('renderMarkdown', () => {
  it.each([
    'Hello, how are you?',
    'First line\nsecond line',
    'First paragraph\n\nSecond paragraph',
    'Tom & Jerry say "hi", it\'s 5 > 3',
    '  padded  ',
    '',
  ])('sends %j as plain text without HTML', (text) => {
    expect(renderMarkdown(text, sanitizer)).toEqual({ body: text, formattedBody: null });
  });

  it('renders bold text', () => {
    expect(renderMarkdown('**bold** move', sanitizer)).toEqual({ body: '**bold** move', formattedBody: '<strong>bold</strong> move' });
  });

  it('renders bullet and numbered lists', () => {
    const container = parse(renderMarkdown('- one\n- two\n\n3. three\n4. four', sanitizer).formattedBody);
    expect([...container.querySelectorAll('ul > li')].map((item) => item.textContent)).toEqual(['one', 'two']);
    expect(container.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(container.querySelectorAll('ol > li')).toHaveLength(2);
  });

  it('renders a fenced code block with its language and escaped content', () => {
    const { formattedBody } = renderMarkdown('```ts\nconst a = "<b>";\n```', sanitizer);
    const code = parse(formattedBody).querySelector('pre > code');
    expect(code?.getAttribute('class')).toBe('language-ts');
    expect(code?.textContent).toBe('const a = "<b>";\n');
    expect(code?.children).toHaveLength(0);
  });

  it('renders links that open externally', () => {
    const link = parse(renderMarkdown('[the site](https://example.org)', sanitizer).formattedBody).querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.org');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.textContent).toBe('the site');
  });

  it('sends a mention as a link to the person, with their name alone in the plain body', () => {
    const { body, formattedBody } = renderMarkdown('Frage an [Erika Muster](https://matrix.to/#/@erika:bund.de): passt das?', sanitizer);
    expect(body).toBe('Frage an Erika Muster: passt das?');
    const link = parse(formattedBody).querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://matrix.to/#/@erika:bund.de');
    expect(link?.textContent).toBe('Erika Muster');
  });

  it('keeps Markdown in a mentioned name literal, in the pill and in the body', () => {
    const name = '*Amt* [Nord] & `Süd`_';
    const { body, formattedBody } = renderMarkdown(`${mentionMarkdown('@amt:bund.de', name)} bitte`, sanitizer);
    expect(body).toBe(`${name} bitte`);
    const container = parse(formattedBody);
    expect(container.querySelector('a')?.textContent).toBe(name);
    expect(container.querySelectorAll('em, code')).toHaveLength(0);
  });

  it('keeps other links as typed in the plain body', () => {
    const typed = '[Raum](https://matrix.to/#/#allgemein:bund.de) und [Seite](https://example.org)';
    expect(renderMarkdown(typed, sanitizer).body).toBe(typed);
  });

  it('turns a bare web address into a link', () => {
    expect(parse(renderMarkdown('see https://example.org', sanitizer).formattedBody).querySelector('a')?.getAttribute('href')).toBe('https://example.org');
  });

  it('drops a javascript link target but keeps its text', () => {
    const container = parse(renderMarkdown('[click](javascript:alert(1))', sanitizer).formattedBody);
    expect(container.querySelector('a')?.hasAttribute('href')).toBe(false);
    expect(container.textContent).toBe('click');
  });

  it('shows a remote Markdown image as its alt text only', () => {
    const container = parse(renderMarkdown('![chart](https://evil.example/x.png)', sanitizer).formattedBody);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('chart');
  });

  it('keeps typed HTML as visible text, not as elements', () => {
    const typed = '**note** <script>alert(1)</script> <img src=x onerror=alert(1)> <b>not bold</b>';
    const { body, formattedBody } = renderMarkdown(typed, sanitizer);
    const container = parse(formattedBody);
    expect(body).toBe(typed);
    expect(container.querySelectorAll('script, img, b')).toHaveLength(0);
    expect(container.textContent).toBe('note <script>alert(1)</script> <img src=x onerror=alert(1)> <b>not bold</b>');
  });

  it('sends a typed script tag alone as plain text', () => {
    expect(renderMarkdown('<script>alert(1)</script>', sanitizer)).toEqual({ body: '<script>alert(1)</script>', formattedBody: null });
  });

  it('turns single line breaks into <br> when the message has formatting', () => {
    expect(renderMarkdown('*one*\ntwo', sanitizer).formattedBody).toBe('<em>one</em><br>two');
  });

  it('passes the HTML through the sanitizer it is given', () => {
    const marking = { sanitize: (html: string) => `[${html}]` };
    expect(renderMarkdown('~~gone~~', marking).formattedBody).toBe('[<del>gone</del>]');
  });

  it('sends a single formatted paragraph without <p>, but keeps paragraphs when there are several', () => {
    expect(renderMarkdown('nur **eins**', sanitizer).formattedBody).toBe('nur <strong>eins</strong>');
    expect(renderMarkdown('**eins**\n\nzwei', sanitizer).formattedBody).toBe('<p><strong>eins</strong></p>\n<p>zwei</p>');
  });
});
