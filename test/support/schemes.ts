/**
 * The colour schemes the OS can ask for (light, dark, forced colours), and axe in each:
 * every screen has to be accessible in all three.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAccessibilityViolations } from './axe';

/** What the OS can ask for; each must change what the page draws, or checking it proves nothing. */
const schemes = [
  { name: 'light', media: { colorScheme: 'light', forcedColors: 'none' } },
  { name: 'dark', media: { colorScheme: 'dark', forcedColors: 'none' } },
  { name: 'forced colours', media: { colorScheme: 'light', forcedColors: 'active' } },
] as const;

/** The page's background and whether forced colours are on, as the page sees them. */
function appearance(page: Page): Promise<{ background: string; forced: boolean }> {
  return page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, forced: matchMedia('(forced-colors: active)').matches }));
}

/**
 * Text whose colour does not read on Canvas. In forced colours Chromium keeps system
 * colours as they are and draws a Canvas backplate behind all text, so text in, say,
 * HighlightText on a Highlight fill vanishes; axe does not see that.
 */
function unreadableOnBackplate(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (colour: string) =>
      rgb(colour)
        .map((value) => value / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, index) => sum + c * [0.2126, 0.7152, 0.0722][index]!, 0);
    const ratio = (a: string, b: string) => {
      const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (high! + 0.05) / (low! + 0.05);
    };
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = 'Canvas';
    const canvas = getComputedStyle(probe).color;
    probe.remove();
    return [...document.body.querySelectorAll('*')]
      .filter((element) => [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()))
      .filter((element) => element.checkVisibility() && ratio(getComputedStyle(element).color, canvas) < 4.5)
      .map((element) => `${element.outerHTML.slice(0, 120)}: ${getComputedStyle(element).color} on ${canvas}`);
  });
}

/** Axe in each scheme; the three must look different, so the emulation really took effect. */
export async function accessibleInEveryScheme(page: Page): Promise<void> {
  const seen: { background: string; forced: boolean }[] = [];
  for (const scheme of schemes) {
    await page.emulateMedia(scheme.media);
    seen.push(await appearance(page));
    if (scheme.media.forcedColors === 'active') expect(await unreadableOnBackplate(page)).toEqual([]);
    expect({ scheme: scheme.name, violations: await seriousAccessibilityViolations(page) }).toEqual({ scheme: scheme.name, violations: [] });
  }
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  expect(seen.map(({ forced }) => forced)).toEqual([false, false, true]);
  expect(new Set(seen.map(({ background }) => background)).size).toBe(3);
}

