import { describe, expect, it } from 'vitest';
import { disambiguateNames, neutraliseFileName, neutraliseLine, neutraliseName } from '../../src/renderer/lib/content/display-text';

describe('neutraliseName', () => {
  it('removes a right-to-left override that disguises a file extension', () => {
    expect(neutraliseName('Alice\u202Egnp.exe')).toBe('Alicegnp.exe');
  });

  it.each(['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069', '200E', '200F', '061C'])('removes the bidi control U+%s', (hex) => {
    expect(neutraliseName(`Bo${String.fromCodePoint(parseInt(hex, 16))}b`)).toBe('Bob');
  });

  it('removes zero-width characters between letters', () => {
    expect(neutraliseName('A\u200Bl\u200Ci\u200Dc\u2060e\uFEFF')).toBe('Alice');
  });

  it('keeps a zero-width joiner that builds an emoji', () => {
    expect(neutraliseName('\u{1F469}\u200D\u{1F4BB} Anna')).toBe('\u{1F469}\u200D\u{1F4BB} Anna');
  });

  it('removes other control and format characters', () => {
    expect(neutraliseName('Bo\u0000b\u0007\u00AD\u{E0041}')).toBe('Bob');
  });

  it('collapses whitespace runs, line breaks included, and trims', () => {
    expect(neutraliseName('  Anna \n\t Müller \u3000')).toBe('Anna Müller');
  });

  it.each(['', '   ', '\n\t', '\u200B\u202E\uFEFF', '\u3164\u2800'])('returns an empty string for %j', (name) => {
    expect(neutraliseName(name)).toBe('');
  });

  it('caps very long names at 256 characters with an ellipsis', () => {
    const name = neutraliseName('a'.repeat(10_000));
    expect(name).toHaveLength(256);
    expect(name.endsWith('a…')).toBe(true);
  });

  it('does not cut an emoji in half when capping', () => {
    const name = neutraliseName('\u{1F600}'.repeat(300));
    expect([...name]).toHaveLength(256);
    expect(() => encodeURIComponent(name)).not.toThrow();
  });

  it('leaves ordinary names unchanged', () => {
    expect(neutraliseName('Dr. Zoë Ünal-García (Bürgeramt)')).toBe('Dr. Zoë Ünal-García (Bürgeramt)');
  });
});

describe('neutraliseLine', () => {
  it('removes a right-to-left override that would turn the rest of a topic around', () => {
    expect(neutraliseLine('Zuständig: Referat \u202E21 Z')).toBe('Zuständig: Referat 21 Z');
  });

  it('removes zero-width characters and bidi isolates hidden in the text', () => {
    expect(neutraliseLine('Bitte\u200B an\u2066 @admin\u2069 wen\uFEFFden')).toBe('Bitte an @admin wenden');
  });

  it('keeps right-to-left letters: only the invisible controls go', () => {
    expect(neutraliseLine('مرحبا \u202Bبالعالم\u202C')).toBe('مرحبا بالعالم');
  });

  it('puts a multi-line message on one line', () => {
    expect(neutraliseLine('Zeile eins\n\nZeile zwei\t ')).toBe('Zeile eins Zeile zwei');
  });

  it('is longer than a name but still capped, at 1,000 characters with an ellipsis', () => {
    expect(neutraliseLine('a'.repeat(600))).toHaveLength(600);
    const line = neutraliseLine('a'.repeat(5000));
    expect(line).toHaveLength(1000);
    expect(line.endsWith('a…')).toBe(true);
  });
});

describe('disambiguateNames', () => {
  it('keeps unique names as they are', () => {
    const labels = disambiguateNames([
      { userId: '@alice:example.org', displayName: 'Alice' },
      { userId: '@bob:example.org', displayName: 'Bob' },
    ]);
    expect(labels).toEqual(new Map([['@alice:example.org', 'Alice'], ['@bob:example.org', 'Bob']]));
  });

  it('labels members without a usable name by their user id', () => {
    const labels = disambiguateNames([
      { userId: '@carol:example.org', displayName: null },
      { userId: '@dave:example.org', displayName: ' \u200B ' },
    ]);
    expect(labels).toEqual(new Map([['@carol:example.org', '@carol:example.org'], ['@dave:example.org', '@dave:example.org']]));
  });

  it('adds the user id to every member sharing a name, ignoring case', () => {
    const labels = disambiguateNames([
      { userId: '@alice:example.org', displayName: 'Alice' },
      { userId: '@mallory:evil.example', displayName: 'ALICE' },
      { userId: '@bob:example.org', displayName: 'Bob' },
    ]);
    expect(labels.get('@alice:example.org')).toBe('Alice (@alice:example.org)');
    expect(labels.get('@mallory:evil.example')).toBe('ALICE (@mallory:evil.example)');
    expect(labels.get('@bob:example.org')).toBe('Bob');
  });

  it('sees names equal once hidden characters are removed as the same', () => {
    const labels = disambiguateNames([
      { userId: '@alice:example.org', displayName: 'Alice' },
      { userId: '@mallory:evil.example', displayName: 'Al\u200Bice\u202E' },
    ]);
    expect(labels.get('@mallory:evil.example')).toBe('Alice (@mallory:evil.example)');
    expect(labels.get('@alice:example.org')).toBe('Alice (@alice:example.org)');
  });

  it('sees full-width look-alikes as the same name', () => {
    const labels = disambiguateNames([
      { userId: '@alice:example.org', displayName: 'Alice' },
      { userId: '@mallory:evil.example', displayName: '\uFF21lice' },
    ]);
    expect(labels.get('@mallory:evil.example')).toBe('\uFF21lice (@mallory:evil.example)');
  });

  it('tells apart a display name that equals another member\'s user id', () => {
    const labels = disambiguateNames([
      { userId: '@alice:example.org', displayName: null },
      { userId: '@mallory:evil.example', displayName: '@alice:example.org' },
    ]);
    expect(labels.get('@mallory:evil.example')).toBe('@alice:example.org (@mallory:evil.example)');
    expect(labels.get('@alice:example.org')).toBe('@alice:example.org');
  });

  it('tells apart a display name that looks like a user id even when that member has a name', () => {
    const labels = disambiguateNames([
      { userId: '@alice:example.org', displayName: 'Alice' },
      { userId: '@mallory:evil.example', displayName: '@Alice:example.org' },
      { userId: '@eve:evil.example', displayName: 'Alice (@alice:example.org)' },
    ]);
    expect(labels.get('@mallory:evil.example')).toBe('@Alice:example.org (@mallory:evil.example)');
    expect(labels.get('@eve:evil.example')).toBe('Alice (@alice:example.org) (@eve:evil.example)');
    expect(labels.get('@alice:example.org')).toBe('Alice');
  });
});

describe('neutraliseFileName', () => {
  it.each([
    ['Bescheid 2026-17.pdf', 'Bescheid 2026-17.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['../../etc/passwd', '.._.._etc_passwd'],
    ['C:\\Windows\\evil.dll', 'C:_Windows_evil.dll'],
    ['two\nlines\r\n.txt', 'two lines .txt'],
    ['bell\u0007\u0000.txt', 'bell.txt'],
    ['zero\u200Bwidth\u2066.txt', 'zerowidth.txt'],
    ['  spaced  out  .pdf ', 'spaced out .pdf'],
    ['\u202E\u200B', ''],
  ])('shows %j as %j', (input, expected) => {
    expect(neutraliseFileName(input)).toBe(expected);
  });

  it('shortens an extremely long name in the middle, keeping its extension visible', () => {
    const name = neutraliseFileName(`${'Antrag '.repeat(10_000)}.pdf`);
    expect([...name]).toHaveLength(120);
    expect(name).toMatch(/^Antrag Antrag .*…\.pdf$/);
  });

  it('keeps no extension when the end is not one', () => {
    const name = neutraliseFileName(`${'x'.repeat(200)}.not an extension at all`);
    expect([...name]).toHaveLength(120);
    expect(name.endsWith('…')).toBe(true);
  });

  it('does not cut an emoji in half when shortening', () => {
    const name = neutraliseFileName(`${'\u{1F4C4}'.repeat(300)}.txt`);
    expect([...name]).toHaveLength(120);
    expect(() => encodeURIComponent(name)).not.toThrow();
  });
});
