/**
 * The search index's figures (issue #18), measured in headless Chromium on the app's own
 * index code: indexing 50,000 messages (messages per second), the index's size at rest
 * (JSON and sealed as stored), query latency (median and 95th percentile) for one-word,
 * two-word and filtered queries, and the page's JS heap before and with the index loaded.
 * Run from bench/run.ts, or alone: `tsx bench/search.ts`.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../test/support/harness';
import type { IndexedMessage, SearchQuery } from '../src/renderer/lib/search/message-index';
import { median } from './report';

export interface SearchFigures {
  readonly messages: number;
  readonly indexingPerSecond: number;
  readonly jsonMb: number;
  readonly sealedMb: number;
  readonly loadFromJsonMs: number;
  readonly oneWord: Latency;
  readonly twoWords: Latency;
  readonly filtered: Latency;
  readonly heapEmptyMb: number;
  readonly heapLoadedMb: number;
}

interface Latency {
  readonly medianMs: number;
  readonly p95Ms: number;
}

interface BenchPage {
  benchIndex: {
    add(messages: readonly IndexedMessage[]): number;
    sealedBytes(): Promise<{ json: number; sealed: number }>;
    reload(): number;
    query(queries: readonly SearchQuery[]): number[];
  };
}

const messageCount = 50_000;
const rooms = 60;
const senders = 25;
const queriesEach = 200;

// Words of an agency's day, German and English, with umlauts and ß; rarer ones further down.
const vocabulary = (
  'Bescheid Antrag Akte Frist Termin Ortstermin Widerspruch Stellungnahme Anhörung Vorlage Sitzung Protokoll Poststraße Rathaus ' +
  'Bürgeramt Gebühr Zuständigkeit Änderung Übergabe Prüfung Rückfrage Genehmigung Bauantrag Förderung Haushalt Beschluss ' +
  'meeting deadline report review draft budget approval request office minutes schedule contract invoice update ' +
  'bitte heute morgen Montag Dienstag Mittwoch Donnerstag Freitag danke gern Frau Herr Kollegin Kollege Abteilung Referat ' +
  'der die das und mit für von bis zum zur ist wird wurde noch schon auch nicht the and for with please today tomorrow'
).split(' ');

/** A fixed pseudo-random sequence: every run indexes the same messages. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function messages(): IndexedMessage[] {
  const next = random(18);
  const pick = () => vocabulary[Math.floor(Math.pow(next(), 1.6) * vocabulary.length)]!;
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: messageCount }, (_, at) => ({
    eventId: `$bench-${at}`,
    roomId: `!room-${at % rooms}:localhost`,
    sender: `@person-${Math.floor(next() * senders)}:localhost`,
    ts: start + at * 600_000,
    body: Array.from({ length: 4 + Math.floor(next() * 20) }, pick).join(' ') + ` Az. ${Math.floor(next() * 100_000)}`,
  }));
}

function queries(): { one: SearchQuery[]; two: SearchQuery[]; filtered: SearchQuery[] } {
  const next = random(7);
  const word = () => vocabulary[Math.floor(next() * vocabulary.length)]!;
  const range = Array.from({ length: queriesEach });
  const start = Date.UTC(2026, 0, 1);
  return {
    one: range.map(() => ({ text: word() })),
    two: range.map(() => ({ text: `${word()} ${word()}` })),
    filtered: range.map(() => {
      const from = start + Math.floor(next() * 300) * 86_400_000;
      return { text: word(), roomId: `!room-${Math.floor(next() * rooms)}:localhost`, sender: `@person-${Math.floor(next() * senders)}:localhost`, from, to: from + 30 * 86_400_000 };
    }),
  };
}

function latency(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(sorted), p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]! };
}

const mb = (bytes: number) => bytes / 1024 / 1024;

export async function measureSearch(log: (line: string) => void): Promise<SearchFigures> {
  const bundle = await build({ entryPoints: [resolve('bench/search-index-page.ts')], bundle: true, format: 'iife', write: false, minify: true, target: 'es2022' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const page = await browser.newPage();
    // A secure context, for Web Crypto.
    await page.route('https://bench.localhost/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>search bench</title>' }));
    await page.goto('https://bench.localhost/');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return mb((await cdp.send('Runtime.getHeapUsage')).usedSize);
    };
    const heapEmptyMb = await heap();
    log(`Search: indexing ${messageCount.toLocaleString('en')} messages…`);
    const indexMs = await page.evaluate((all) => (globalThis as unknown as BenchPage).benchIndex.add(all), messages());
    const size = await page.evaluate(() => (globalThis as unknown as BenchPage).benchIndex.sealedBytes());
    const loadFromJsonMs = await page.evaluate(() => (globalThis as unknown as BenchPage).benchIndex.reload());
    const heapLoadedMb = await heap();
    const { one, two, filtered } = queries();
    const run = (list: SearchQuery[]) => page.evaluate((all) => (globalThis as unknown as BenchPage).benchIndex.query(all), list);
    await run(one.slice(0, 20)); // warm-up
    return {
      messages: messageCount,
      indexingPerSecond: Math.round(messageCount / (indexMs / 1000)),
      jsonMb: mb(size.json),
      sealedMb: mb(size.sealed),
      loadFromJsonMs,
      oneWord: latency(await run(one)),
      twoWords: latency(await run(two)),
      filtered: latency(await run(filtered)),
      heapEmptyMb,
      heapLoadedMb,
    };
  } finally {
    await browser.close();
  }
}

export function searchTable(figures: SearchFigures): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const row = (name: string, value: string) => `| ${name} | ${value} |`;
  const lat = (value: Latency) => `${ms(value.medianMs)} median, ${ms(value.p95Ms)} 95th percentile`;
  return [
    `## Search index (${figures.messages.toLocaleString('en')} messages, MiniSearch in the renderer)`,
    '',
    '| measure | figure |',
    '|---|---|',
    row('Indexing throughput', `${figures.indexingPerSecond.toLocaleString('en')} messages/s`),
    row('Index at rest: JSON / sealed as stored', `${figures.jsonMb.toFixed(1)} MB / ${figures.sealedMb.toFixed(1)} MB`),
    row('Loading the index from JSON (app start)', ms(figures.loadFromJsonMs)),
    row('Query: one word', lat(figures.oneWord)),
    row('Query: two words', lat(figures.twoWords)),
    row('Query: one word, filtered by room, sender and 30 days', lat(figures.filtered)),
    row('JS heap: empty page / index loaded', `${figures.heapEmptyMb.toFixed(1)} MB / ${figures.heapLoadedMb.toFixed(1)} MB`),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(searchTable(await measureSearch((line) => console.log(`[bench] ${line}`))));
}
