/**
 * `npm run bench`: seeds (or reuses) the large accounts, measures the built renderer
 * in Chromium several times per account size and sync mode, and writes
 * bench/results/latest.{json,md} (1,000 rooms, sliding sync, as before) and
 * latest-<rooms>-<mode>.{json,md} for each combination.
 * BENCH_RUNS sets the number of runs (default 3); BENCH_ROOMS (1000, 5000) and
 * BENCH_SYNC (sliding, classic) pick one size or mode instead of all of them.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../test/support/harness';
import { synapseVersion } from '../test/support/synapse';
import { bundleSizes } from './bundle-sizes';
import { loginScreenScripts, measureRun, warmUp, type BenchSyncMode, type RunFigures } from './measure';
import { buildReport, markdownTable } from './report';
import { measureSearch, searchTable, type SearchFigures } from './search';
import { accountSizes, seededSynapse, seedShape, type AccountSize } from './seed';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const results = resolve('bench/results');
const log = (line: string) => console.log(`[bench] ${line}`);

const modes: readonly BenchSyncMode[] = ['sliding', 'classic'];

function picked<T extends string | number>(all: readonly T[], env: string | undefined): readonly T[] {
  return env ? all.filter((value) => String(value) === env) : all;
}

async function main(): Promise<void> {
  const bundle = await bundleSizes(resolve('out/renderer'), await loginScreenScripts());
  const search = await measureSearch(log);
  for (const rooms of picked(accountSizes, process.env.BENCH_ROOMS)) {
    for (const mode of picked(modes, process.env.BENCH_SYNC)) await measure(rooms, mode, bundle, search);
  }
}

async function measure(rooms: AccountSize, mode: BenchSyncMode, bundle: Awaited<ReturnType<typeof bundleSizes>>, search: SearchFigures): Promise<void> {
  const seeded = await seededSynapse(rooms, log);
  const figures: RunFigures[] = [];
  try {
    await warmUp(seeded.synapse.baseUrl, seeded.account);
    for (let run = 1; run <= runs; run += 1) {
      log(`${rooms} rooms, ${mode} sync: run ${run} of ${runs}…`);
      const figure = await measureRun(seeded.synapse.baseUrl, seeded.account, mode);
      log(JSON.stringify(figure));
      figures.push(figure);
    }
  } finally {
    await seeded.stop();
  }
  const report = buildReport(
    {
      date: new Date().toISOString().slice(0, 10),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
      cpus: cpus().length,
      chromium: await chromiumVersion(),
      synapse: synapseVersion,
      sync: mode,
      seed: {
        rooms,
        encryptedRooms: Math.floor((rooms - 1) / seedShape.encryptedEvery),
        bigRoomMessages: seedShape.bigRoomMessages,
        switchRooms: seedShape.switchRooms,
        switchRoomMessages: seedShape.switchRoomMessages,
      },
    },
    figures,
    bundle,
  );
  await mkdir(results, { recursive: true });
  // The search's figures do not depend on the account or the sync: measured once, shown with every table.
  const table = `${markdownTable(report)}\n${searchTable(search)}`;
  const names = [`latest-${rooms}-${mode}`, ...(rooms === 1_000 && mode === 'sliding' ? ['latest'] : [])];
  for (const name of names) {
    await writeFile(resolve(results, `${name}.json`), `${JSON.stringify({ ...report, search }, null, 2)}\n`);
    await writeFile(resolve(results, `${name}.md`), `# Benchmark results\n\n${table}`);
  }
  console.log(`\n${table}`);
}

async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  const version = browser.version();
  await browser.close();
  return version;
}

await main();
