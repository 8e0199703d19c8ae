/**
 * Turns the runs into the reported figures (medians) and writes them as JSON and as
 * a Markdown table with the targets next to each figure.
 */
import type { BundleSizes, Size } from './bundle-sizes';
import type { RunFigures } from './measure';

export interface Environment {
  readonly date: string;
  readonly commit: string;
  readonly cpus: number;
  readonly chromium: string;
  readonly synapse: string;
  /** Policy `sync.mode` of the runs. */
  readonly sync: 'sliding' | 'classic';
  readonly seed: {
    readonly rooms: number;
    readonly encryptedRooms: number;
    readonly bigRoomMessages: number;
    readonly switchRooms: number;
    readonly switchRoomMessages: number;
  };
}

export interface Report {
  readonly environment: Environment;
  readonly runs: readonly RunFigures[];
  readonly median: {
    readonly floorSyncMs: number;
    readonly floorSyncBytes: number;
    readonly roomListColdMs: number;
    readonly roomListWarmMs: number;
    readonly wasmFetchesPerLoad: number;
    readonly overheadRatioCold: number;
    readonly overheadRatioWarm: number;
    readonly roomListCompleteMs: number;
    readonly completeRatio: number;
    readonly openOutsideWindowMs: number;
    readonly openRoomMs: number;
    readonly scrollMs: number;
    readonly scrollFrames: number;
    readonly framesOver50ms: number;
    readonly longestFrameMs: number;
    readonly longAnimationFrames: number;
    readonly longAnimationFrameScriptMs: number;
    readonly heapRoomListMb: number;
    readonly heapAfterScrollMb: number;
    readonly roomSwitchMedianMs: number;
    readonly roomSwitchWorstMs: number;
  };
  readonly bundle: BundleSizes;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function buildReport(environment: Environment, runs: readonly RunFigures[], bundle: BundleSizes): Report {
  const of = (pick: (run: RunFigures) => number) => median(runs.map(pick));
  return {
    environment,
    runs,
    median: {
      floorSyncMs: of((run) => run.floorSyncMs),
      floorSyncBytes: of((run) => run.floorSyncBytes),
      roomListColdMs: of((run) => run.roomListColdMs),
      roomListWarmMs: of((run) => run.roomListWarmMs),
      wasmFetchesPerLoad: of((run) => run.wasmFetches / 2),
      // Per run, then the median: each run's client is compared with its own floor.
      overheadRatioCold: of((run) => run.roomListColdMs / run.floorSyncMs),
      overheadRatioWarm: of((run) => run.roomListWarmMs / run.floorSyncMs),
      roomListCompleteMs: of((run) => run.roomListCompleteMs),
      completeRatio: of((run) => run.roomListCompleteMs / run.floorSyncMs),
      openOutsideWindowMs: of((run) => run.openOutsideWindowMs),
      openRoomMs: of((run) => run.openRoomMs),
      scrollMs: of((run) => run.scrollBack.ms),
      scrollFrames: of((run) => run.scrollBack.frames),
      framesOver50ms: of((run) => run.scrollBack.framesOver50ms),
      longestFrameMs: of((run) => run.scrollBack.longestFrameMs),
      longAnimationFrames: of((run) => run.scrollBack.longAnimationFrames),
      longAnimationFrameScriptMs: of((run) => run.scrollBack.longAnimationFrameScriptMs),
      heapRoomListMb: of((run) => run.heapRoomListMb),
      heapAfterScrollMb: of((run) => run.heapAfterScrollMb),
      // Each run's median and worst switch, then their medians over the runs.
      roomSwitchMedianMs: of((run) => run.roomSwitch.medianMs),
      roomSwitchWorstMs: of((run) => run.roomSwitch.worstMs),
    },
    bundle,
  };
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const mb = (value: number) => `${value.toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const files = (s: Size) => `${s.files} file${s.files === 1 ? '' : 's'}`;
const size = (s: Size) => `${kb(s.gzipBytes)} gzip (${kb(s.bytes)} raw, ${files(s)})`;
/** woff2 is compressed already: what ships is its own size. */
const woff2 = (s: Size) => `${kb(s.bytes)} woff2 (${files(s)})`;
const met = (ok: boolean) => (ok ? 'yes' : '**no**');

export function markdownTable(report: Report): string {
  const m = report.median;
  const ratios = (pick: (run: RunFigures) => number) => {
    const values = report.runs.map((run) => pick(run) / run.floorSyncMs);
    return `runs ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}×`;
  };
  const b = report.bundle;
  const e = report.environment;
  const rows: [string, string, string, string][] = [
    ['(a) Initial sync fetched directly (server floor)', `${ms(m.floorSyncMs)} (${kb(m.floorSyncBytes)} JSON)`, '–', '–'],
    ['(b) Restored session to room list, no local data yet', ms(m.roomListColdMs), '–', '–'],
    ['(b)/(a) client overhead ratio, no local data', `${m.overheadRatioCold.toFixed(2)}× (${ratios((run) => run.roomListColdMs)})`, '≤ 1.5×', met(m.overheadRatioCold <= 1.5)],
    ['(b) Restored session to room list, reload with local data', ms(m.roomListWarmMs), '–', '–'],
    ['(b)/(a) client overhead ratio, with local data', `${m.overheadRatioWarm.toFixed(2)}× (${ratios((run) => run.roomListWarmMs)})`, '≤ 1.5×', met(m.overheadRatioWarm <= 1.5)],
    ['(b) First screen of rooms, no local data (sliding sync target)', ms(m.roomListColdMs), '≤ 1,000 ms', met(m.roomListColdMs <= 1000)],
    ['(b) Restored session to the complete room list, no local data', ms(m.roomListCompleteMs), '–', '–'],
    ['(b)/(a) complete list ratio', `${m.completeRatio.toFixed(2)}× (${ratios((run) => run.roomListCompleteMs)})`, '≤ 1.2×', met(m.completeRatio <= 1.2)],
    ['(c) Open a room beyond the first screen (found by the filter) to its latest message', ms(m.openOutsideWindowMs), '–', '–'],
    ['Crypto WASM fetched per page load', String(m.wasmFetchesPerLoad), '1', met(m.wasmFetchesPerLoad === 1)],
    ['(c) Open the 5,000-message room to its latest screen', ms(m.openRoomMs), '< 1,000 ms', met(m.openRoomMs < 1000)],
    ['(d) Scroll back 500 messages: frames over 50 ms', `${m.framesOver50ms} of ${m.scrollFrames} (longest ${ms(m.longestFrameMs)}, ${ms(m.scrollMs)} in all)`, '0', met(m.framesOver50ms === 0)],
    ['(d) … long animation frames over 50 ms (script time in them)', `${m.longAnimationFrames} (${ms(m.longAnimationFrameScriptMs)})`, '–', '–'],
    ['(e) JS heap after settling: room list', mb(m.heapRoomListMb), '< 150 MB', met(m.heapRoomListMb < 150)],
    ['(e) JS heap after settling: after the scroll-back', mb(m.heapAfterScrollMb), '< 150 MB', met(m.heapAfterScrollMb < 150)],
    ['(f) JS loaded by the login screen', size(b.loginJs), '< 150 KB gzip', met(b.loginJs.gzipBytes < 150 * 1024)],
    ['(f) All renderer JS (without WASM)', size(b.allJs), '< 600 KB gzip', met(b.allJs.gzipBytes < 600 * 1024)],
    ['(f) CSS', size(b.css), '–', '–'],
    ['(f) Crypto WASM', size(b.wasm), '–', '–'],
    ['(f) Emoji font (woff2), apart from the JS budget', woff2(b.emojiFont), '< 512 KB', met(b.emojiFont.bytes < 512 * 1024)],
    ['(f) Emoji picker names (German and English JSON), loaded when the picker opens', size(b.emojiData), '–', '–'],
    ['(g) Switch between 20 rooms to the latest message shown: median', ms(m.roomSwitchMedianMs), '–', '–'],
    ['(g) … worst of the 20 switches', ms(m.roomSwitchWorstMs), '–', '–'],
  ];
  return [
    `Median of ${report.runs.length} run${report.runs.length === 1 ? '' : 's'}, ${e.date}, commit ${e.commit}, ${e.sync} sync; ${e.cpus} CPU cores, Chromium ${e.chromium}, Synapse ${e.synapse} (SQLite) on the same machine.`,
    `Account: ${e.seed.rooms.toLocaleString('en')} joined rooms (${e.seed.encryptedRooms} encrypted), one with ${e.seed.bigRoomMessages.toLocaleString('en')} messages, ${e.seed.switchRooms} with ${e.seed.switchRoomMessages} more each.`,
    '',
    'Each figure is the median over the runs; the ratios are taken per run (each client load against the floor measured just before it).',
    '',
    '| measure | median | target | met |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}
