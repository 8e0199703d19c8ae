import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const renderer = join(import.meta.dirname, '../../src/renderer');
const tokensFile = join(renderer, 'styles/tokens.css');
const tokens = readFileSync(tokensFile, 'utf8');

/** Every stylesheet of the renderer: the CSS files and the `<style>` of each component. */
function styleSheets(): { file: string; css: string }[] {
  const files = readdirSync(renderer, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(css|svelte)$/.test(name));
  return files.map((name) => {
    const text = readFileSync(join(renderer, name), 'utf8');
    const css = name.endsWith('.css') ? text : [...text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]).join('\n');
    return { file: name, css };
  });
}

/** The custom properties a `:root` block sets, by name. */
function declarations(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((match) => [match[1]!, match[2]!.trim()]));
}

const both = declarations(/^:root \{([^}]*)\}/m.exec(tokens)?.[1] ?? '');
/** One side of every `light-dark(light, dark)` token. */
function side(index: 0 | 1): Record<string, string> {
  return Object.fromEntries(Object.entries(both).map(([name, value]) => [name, /^light-dark\(([^,]+),\s*([^)]+)\)$/.exec(value)?.[index + 1] ?? value]));
}
const light = side(0);
const dark = side(1);

/** A token's colour in a theme, following `var(--other)` references. */
function colour(theme: Record<string, string>, name: string): string {
  const value = theme[name] ?? '';
  const reference = /^var\((--[\w-]+)\)$/.exec(value);
  return reference ? colour(theme, reference[1]!) : value;
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((at) => {
      const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

type Pair = readonly [string, string];

// Text and what it is drawn on (4.5:1), then lines and rings against their surroundings (3:1).
const onBackgrounds = (text: string): Pair[] => [
  [text, '--color-surface'],
  [text, '--color-bg'],
];
const textPairs: readonly Pair[] = [
  ...['--color-text', '--color-text-muted', '--color-accent', '--color-danger-text', '--color-success-text'].flatMap(onBackgrounds),
  ['--color-accent-text', '--color-accent-fill'],
  ['--color-accent-text', '--color-danger-fill'],
  ['--color-danger-text', '--color-danger-bg'],
  ['--color-text-muted', '--color-danger-bg'],
  ['--color-warning-text', '--color-warning-bg'],
  ['--color-selection-text', '--color-selection-bg'],
  ['--color-mention-text', '--color-mention-bg'],
  ['--color-badge-text', '--color-badge-bg'],
  ['--color-badge-muted-text', '--color-badge-muted-bg'],
];
const linePairs: readonly Pair[] = [
  ['--color-focus', '--color-surface'],
  ['--color-focus', '--color-bg'],
  ['--color-border', '--color-surface'],
];

describe('design tokens', () => {
  it.each([
    ['light', light],
    ['dark', dark],
  ])('keep text at 4.5:1 and lines at 3:1 in the %s theme', (_theme, colours) => {
    const below = (pairs: readonly Pair[], minimum: number) =>
      pairs.map(([fore, back]) => ({ pair: `${fore} on ${back}`, ratio: contrast(colour(colours, fore), colour(colours, back)) })).filter(({ ratio }) => !(ratio >= minimum));
    expect(below(textPairs, 4.5)).toEqual([]);
    expect(below(linePairs, 3)).toEqual([]);
  });

  it('give dark and forced colours a value for every colour of the light theme', () => {
    const colourNames = Object.keys(light).filter((name) => name.startsWith('--color-'));
    // A colour named after another (a fill that is the accent) follows it into dark.
    const ownColours = colourNames.filter((name) => !light[name]!.startsWith('var('));
    const forced = declarations(/@media \(forced-colors: active\) \{\s*:root \{([^}]*)\}/.exec(tokens)?.[1] ?? '');
    const darkOwn = colourNames.filter((name) => both[name]!.startsWith('light-dark('));
    expect(darkOwn.sort()).toEqual(ownColours.sort());
    expect(Object.keys(forced).sort()).toEqual(colourNames.sort());
    // Forced colours are the OS's system colours, never a colour of ours.
    expect(Object.values(forced).filter((value) => !/^[A-Z][A-Za-z]+$/.test(value))).toEqual([]);
  });

  it('are the only place with colour values: components name tokens', () => {
    const literals = styleSheets()
      .filter(({ file }) => join(renderer, file) !== tokensFile)
      .flatMap(({ file, css }) => [...css.matchAll(/#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklch|oklab)\(/g)].map((match) => `${file}: ${match[0]}`));
    expect(literals).toEqual([]);
  });

  it('define every custom property a stylesheet uses', () => {
    const sheets = styleSheets();
    const defined = new Set(sheets.flatMap(({ css }) => [...css.matchAll(/(--[\w-]+)\s*:/g)].map((match) => match[1])));
    const undefinedUses = sheets.flatMap(({ file, css }) =>
      [...css.matchAll(/var\((--[\w-]+)/g)].filter((match) => !defined.has(match[1])).map((match) => `${file}: ${match[1]}`),
    );
    expect(undefinedUses).toEqual([]);
  });
});
