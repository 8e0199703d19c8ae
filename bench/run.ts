/**
 * `npm run bench`: seeds (or reuses) the large account, measures the built renderer
 * in Chromium several times, and writes bench/results/latest.{json,md}.
 * BENCH_RUNS sets the number of runs (default 3).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../test/support/harness';
import { synapseVersion } from '../test/support/synapse';
import { bundleSizes } from './bundle-sizes';
import { loginScreenScripts, measureRun, warmUp, type RunFigures } from './measure';
import { buildReport, markdownTable } from './report';
import { measureSearch, searchTable } from './search';
import { seededSynapse, seedShape } from './seed';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const results = resolve('bench/results');
const log = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  const seeded = await seededSynapse(log);
  const figures: RunFigures[] = [];
  try {
    await warmUp(seeded.synapse.baseUrl, seeded.account);
    for (let run = 1; run <= runs; run += 1) {
      log(`Run ${run} of ${runs}…`);
      const figure = await measureRun(seeded.synapse.baseUrl, seeded.account);
      log(JSON.stringify(figure));
      figures.push(figure);
    }
  } finally {
    await seeded.stop();
  }
  const search = await measureSearch(log);
  const bundle = await bundleSizes(resolve('out/renderer'), await loginScreenScripts());
  const report = buildReport(
    {
      date: new Date().toISOString().slice(0, 10),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
      cpus: cpus().length,
      chromium: await chromiumVersion(),
      synapse: synapseVersion,
      seed: {
        rooms: seedShape.rooms,
        encryptedRooms: Math.floor((seedShape.rooms - 1) / seedShape.encryptedEvery),
        bigRoomMessages: seedShape.bigRoomMessages,
        switchRooms: seedShape.switchRooms,
        switchRoomMessages: seedShape.switchRoomMessages,
      },
    },
    figures,
    bundle,
  );
  await mkdir(results, { recursive: true });
  await writeFile(resolve(results, 'latest.json'), `${JSON.stringify({ ...report, search }, null, 2)}\n`);
  const table = `${markdownTable(report)}\n${searchTable(search)}`;
  await writeFile(resolve(results, 'latest.md'), `# Benchmark results\n\n${table}`);
  console.log(`\n${table}`);
}

async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  const version = browser.version();
  await browser.close();
  return version;
}

await main();
