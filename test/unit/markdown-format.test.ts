import { describe, expect, it } from 'vitest';
import { applyFormat, type MarkdownFormat, type TextSelection } from '../../src/renderer/lib/content/markdown-format';

/** Text with the selection drawn in: «selected» or a caret |. */
function selection(drawn: string): TextSelection {
  const caret = drawn.indexOf('|');
  if (caret >= 0) return { text: drawn.replace('|', ''), start: caret, end: caret };
  const start = drawn.indexOf('«');
  const end = drawn.indexOf('»') - 1;
  return { text: drawn.replace('«', '').replace('»', ''), start, end };
}

function drawn({ text, start, end }: TextSelection): string {
  return start === end ? `${text.slice(0, start)}|${text.slice(start)}` : `${text.slice(0, start)}«${text.slice(start, end)}»${text.slice(end)}`;
}

const format = (kind: MarkdownFormat, text: string) => drawn(applyFormat(kind, selection(text)));

describe('inline formatting', () => {
  it.each<[MarkdownFormat, string, string]>([
    ['bold', 'bis «Freitag» bitte', 'bis **«Freitag»** bitte'],
    ['italic', 'bis «Freitag» bitte', 'bis *«Freitag»* bitte'],
    ['code', 'Datei «akte.pdf» ansehen', 'Datei `«akte.pdf»` ansehen'],
    ['bold', 'Ver«wal»tung', 'Ver**«wal»**tung'],
  ])('%s wraps the selection: %s', (kind, before, after) => {
    expect(format(kind, before)).toBe(after);
  });

  it('leaves spaces at the edges of the selection outside the marks', () => {
    expect(format('bold', 'bis« Freitag »bitte')).toBe('bis **«Freitag»** bitte');
  });

  it('puts an empty pair at the caret, with the caret inside to type on', () => {
    expect(format('bold', 'Text |')).toBe('Text **|**');
    expect(format('code', '|')).toBe('`|`');
  });

  it.each<[MarkdownFormat, string, string]>([
    ['bold', 'bis **«Freitag»** bitte', 'bis «Freitag» bitte'],
    ['bold', 'bis «**Freitag**» bitte', 'bis «Freitag» bitte'],
    ['italic', 'bis *«Freitag»* bitte', 'bis «Freitag» bitte'],
    ['code', 'Datei `«akte.pdf»` ansehen', 'Datei «akte.pdf» ansehen'],
    ['bold', 'Text **|**', 'Text |'],
  ])('%s takes its marks away again: %s', (kind, before, after) => {
    expect(format(kind, before)).toBe(after);
  });

  it('tells bold and italic apart: italic inside bold adds to it, and bold-italic loses one at a time', () => {
    expect(format('italic', '**«Freitag»**')).toBe('***«Freitag»***');
    expect(format('bold', '*«Freitag»*')).toBe('***«Freitag»***');
    expect(format('italic', '***«Freitag»***')).toBe('**«Freitag»**');
    expect(format('bold', '***«Freitag»***')).toBe('*«Freitag»*');
  });

  it('turns several selected lines into a fenced code block on lines of its own', () => {
    expect(format('code', 'Siehe: «const a = 1;\nconst b = 2;» Ende')).toBe('Siehe: \n```\n«const a = 1;\nconst b = 2;»\n```\n Ende');
    expect(format('code', '«eins\nzwei»')).toBe('```\n«eins\nzwei»\n```');
  });
});

describe('line formatting', () => {
  it('quotes every line the selection touches, and unquotes them again', () => {
    const quoted = format('quote', 'Vor«her\nzwei»te Zeile');
    expect(quoted).toBe('«> Vorher\n> zweite Zeile»');
    expect(format('quote', quoted)).toBe('«Vorher\nzweite Zeile»');
  });

  it('makes a bulleted list of the selected lines, skipping blank ones', () => {
    expect(format('list', '«Akte\n\nBescheid»')).toBe('«- Akte\n\n- Bescheid»');
    expect(format('list', '«- Akte\n\n- Bescheid»')).toBe('«Akte\n\nBescheid»');
  });

  it('marks the caret line only, moving the caret along', () => {
    expect(format('list', 'Einkauf:\nMil|ch\nBrot')).toBe('Einkauf:\n- Mil|ch\n\nBrot');
    expect(format('list', '|')).toBe('- |');
    expect(format('quote', '> Zit|at')).toBe('Zit|at');
  });

  it('keeps the following line out of the quote or list with a blank line', () => {
    expect(format('quote', '«Zitat»\nAntwort')).toBe('«> Zitat»\n\nAntwort');
    expect(format('quote', '«Zitat»\n\nAntwort')).toBe('«> Zitat»\n\nAntwort');
  });
});

describe('links', () => {
  it('makes the selected text a link, with https:// selected to be replaced by the address', () => {
    expect(format('link', 'Siehe «Erlass» dazu')).toBe('Siehe [Erlass](«https://») dazu');
  });

  it('makes a selected address the target, with the caret where the link text goes', () => {
    expect(format('link', '«https://bund.de/erlass»')).toBe('[|](https://bund.de/erlass)');
  });

  it('puts an empty link at the caret', () => {
    expect(format('link', 'Siehe |')).toBe('Siehe [|](https://)');
  });
});
