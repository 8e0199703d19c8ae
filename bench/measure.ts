/**
 * One benchmark run against the seeded account: the server's own initial sync as the
 * floor, then the app in real Chromium (served and bridged by the e2e harness) from a
 * restored session to the room list, into the 5,000-message room, 500 messages back,
 * the heap once it has settled, and switching between 20 rooms.
 */
import { Filter } from 'matrix-js-sdk';
import type { CDPSession, Page } from 'playwright-core';
import { startHarness } from '../test/support/harness';
import { loginNewDevice } from '../test/support/matrix-api';
import { median } from './report';
import { bigRoomMarker, plainRoomNumber, seedShape, switchRoomMarker, type SeededAccount, type SwitchRoom } from './seed';

export interface RunFigures {
  /** (a) The initial sync with the app's filter, fetched and parsed directly. */
  readonly floorSyncMs: number;
  readonly floorSyncBytes: number;
  /** (b) Page load with a restored session (no local data yet) to the room list rendered. */
  readonly roomListColdMs: number;
  /** (b) The same after a reload, with the local stores of the first load. */
  readonly roomListWarmMs: number;
  /** (b) Page load with a restored session (no local data yet) until the list has every room (sliding sync's window has grown). */
  readonly roomListCompleteMs: number;
  /** (c) A room far down the list (beyond sliding sync's first window), found by the filter: click to its latest message shown. */
  readonly openOutsideWindowMs: number;
  /** Requests for the crypto WASM over both loads: once per page load is the aim. */
  readonly wasmFetches: number;
  /** (c) Click on the big room to its latest message rendered. */
  readonly openRoomMs: number;
  /** (d) Scrolling back 500 messages. */
  readonly scrollBack: ScrollFigures;
  /** (e) JS heap in use after garbage collection, room list shown, before opening a room. */
  readonly heapRoomListMb: number;
  /** (e) The same after the scroll-back, with 500+ messages loaded. */
  readonly heapAfterScrollMb: number;
  /** (g) Click on a room in the list until its latest message is visible, over one switch to each of the 20 rooms. */
  readonly roomSwitch: SwitchFigures;
}

export interface SwitchFigures {
  readonly medianMs: number;
  readonly worstMs: number;
  readonly switches: number;
}

export interface ScrollFigures {
  readonly ms: number;
  readonly frames: number;
  readonly framesOver50ms: number;
  readonly longestFrameMs: number;
  /**
   * Long animation frames (Chromium's attribution of slow frames to work on the main
   * thread) over 50 ms, and the script time within them: a slow frame without script
   * time was lost to the machine, not to the page.
   */
  readonly longAnimationFrames: number;
  readonly longAnimationFrameScriptMs: number;
}

const settleMs = 3_000;

/** Policy `sync.mode` of a run: the app's way of syncing that is measured. */
export type BenchSyncMode = 'sliding' | 'classic';

export async function measureRun(baseUrl: string, account: SeededAccount, mode: BenchSyncMode): Promise<RunFigures> {
  const floor = await floorSync(baseUrl, account);
  const harness = await startHarness({ machinePolicy: { 'sync.mode': mode } });
  try {
    const { page } = harness;
    // tsx names functions with an `__name` helper, which page.evaluate carries into the page.
    await harness.context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await harness.keepSession({ homeserverUrl: baseUrl, ...(await loginNewDevice(baseUrl, account, 'bench app')) });

    let wasmFetches = 0;
    page.on('request', (request) => void (request.url().endsWith('.wasm') && (wasmFetches += 1)));
    await page.goto(harness.url);
    const roomListColdMs = await roomListShown(page);
    const roomListCompleteMs = await roomListComplete(page);
    await page.waitForTimeout(settleMs);
    await page.reload();
    const roomListWarmMs = await roomListShown(page);
    await page.waitForTimeout(settleMs);
    const cdp = await page.context().newCDPSession(page);
    const heapRoomListMb = await heapInUse(cdp);

    const openRoomMs = await openRoom(page, account.bigRoomId);
    await page.waitForTimeout(1_000);
    const scrollBack = await scrollBackTo(page, bigRoomMarker(seedShape.bigRoomMessages - 500));
    await page.waitForTimeout(settleMs);
    const heapAfterScrollMb = await heapInUse(cdp);
    const roomSwitch = await switchRooms(page, account.switchRooms);
    // Reported as NaN rather than losing the run's other figures when the room cannot be found.
    const openOutsideWindowMs = await openOutsideWindow(page, account).catch((error: unknown) => {
      console.warn(`[bench] opening a room beyond the first window failed: ${String(error)}`);
      return Number.NaN;
    });
    return {
      floorSyncMs: floor.ms,
      floorSyncBytes: floor.bytes,
      roomListColdMs,
      roomListWarmMs,
      roomListCompleteMs,
      openOutsideWindowMs,
      wasmFetches,
      openRoomMs,
      scrollBack,
      heapRoomListMb,
      heapAfterScrollMb,
      roomSwitch,
    };
  } finally {
    await harness.close();
  }
}

/** One untimed initial sync, so the first run does not pay for Synapse's cold caches alone. */
export async function warmUp(baseUrl: string, account: SeededAccount): Promise<void> {
  await floorSync(baseUrl, account);
}

/**
 * The app's first sync request as matrix-js-sdk builds it (the default filter with
 * thread notifications, lazy-loaded members, timeline limit 20, state_after),
 * timed to the parsed response.
 */
async function floorSync(baseUrl: string, account: SeededAccount): Promise<{ ms: number; bytes: number }> {
  const { userId, accessToken } = await loginNewDevice(baseUrl, account, 'bench floor');
  const filter = new Filter(userId);
  filter.setUnreadThreadNotifications(true);
  filter.setLazyLoadMembers(true);
  filter.setTimelineLimit(20);
  const query = new URLSearchParams({
    filter: JSON.stringify(filter.getDefinition()),
    timeout: '0',
    'org.matrix.msc4222.use_state_after': 'true',
  });
  const started = performance.now();
  const response = await fetch(`${baseUrl}/_matrix/client/v3/sync?${query}`, { headers: { authorization: `Bearer ${accessToken}` } });
  const text = await response.text();
  const body = JSON.parse(text) as { rooms?: { join?: Record<string, unknown> } };
  const ms = performance.now() - started;
  const joined = Object.keys(body.rooms?.join ?? {}).length;
  if (!response.ok || joined < account.joinedRooms) throw new Error(`floor sync: ${response.status}, ${joined} rooms`);
  await fetch(`${baseUrl}/_matrix/client/v3/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
  return { ms, bytes: text.length };
}

/** Milliseconds from navigation start until the first room of the list is on screen. */
async function roomListShown(page: Page): Promise<number> {
  const shownAt = await page.waitForFunction(() => (document.querySelector('nav button.room') ? performance.now() : 0), undefined, {
    polling: 'raf',
    timeout: 300_000,
  });
  return (await shownAt.jsonValue()) as number;
}

/** Milliseconds from navigation start until the list says no more rooms are loading (at once with classic sync). */
async function roomListComplete(page: Page): Promise<number> {
  const completeAt = await page.waitForFunction(
    () => (document.querySelector('nav button.room') && !document.querySelector('nav .loading[role="status"]') ? performance.now() : 0),
    undefined,
    { polling: 'raf', timeout: 300_000 },
  );
  return (await completeAt.jsonValue()) as number;
}

/** A plain room created half-way through the seed: far below the first screen, by activity. */
async function openOutsideWindow(page: Page, account: SeededAccount): Promise<number> {
  const n = plainRoomNumber(Math.floor(account.joinedRooms / 2));
  await page.locator('nav input[type="search"]').fill(`Unit ${n}`);
  // The filter leaves that one room (its number is unique among 1,000 or 5,000).
  const only = await page.waitForFunction(() => {
    const buttons = document.querySelectorAll('nav button.room');
    return buttons.length === 1 ? buttons[0]!.getAttribute('data-room-id') : null;
  });
  const roomId = (await only.jsonValue()) as string | null;
  const ms = await timedOpen(page, roomId!, `Notice ${n}`, { inView: false });
  await page.locator('nav input[type="search"]').fill('');
  return ms;
}

function openRoom(page: Page, roomId: string): Promise<number> {
  return timedOpen(page, roomId, bigRoomMarker(seedShape.bigRoomMessages), { inView: false });
}

/**
 * Scrolls the timeline up by a mouse-wheel notch per frame until `marker` is rendered,
 * recording the time between animation frames (back-pagination happens on the way).
 */
async function scrollBackTo(page: Page, marker: string): Promise<ScrollFigures> {
  const result = await page.evaluate(
    ({ marker, timeoutMs }) =>
      new Promise<{ ms: number; deltas: number[]; found: boolean; long: { duration: number; scriptMs: number }[] }>((resolve) => {
        const long: { duration: number; scriptMs: number }[] = [];
        const scroller = document.querySelector<HTMLElement>('[role="log"] .vlist');
        if (!scroller) return resolve({ ms: 0, deltas: [], found: false, long });
        type LongFrame = PerformanceEntry & { scripts: { duration: number }[] };
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as LongFrame[]) {
            if (entry.duration > 50) long.push({ duration: entry.duration, scriptMs: entry.scripts.reduce((sum, script) => sum + script.duration, 0) });
          }
        });
        observer.observe({ type: 'long-animation-frame' });
        const deltas: number[] = [];
        const started = performance.now();
        let last = started;
        const frame = (now: number) => {
          deltas.push(now - last);
          last = now;
          const found = [...scroller.querySelectorAll('[data-event-id]')].some((element) => element.textContent?.includes(marker));
          if (found || now - started > timeoutMs) {
            observer.disconnect();
            return resolve({ ms: now - started, deltas, found, long });
          }
          scroller.scrollTop -= 100;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { marker, timeoutMs: 180_000 },
  );
  if (!result.found) throw new Error(`scrolling back did not reach ${marker} within ${Math.round(result.ms)} ms`);
  // The first delta is from the start to the first frame, not a frame.
  const frames = result.deltas.slice(1);
  return {
    ms: result.ms,
    frames: frames.length,
    framesOver50ms: frames.filter((delta) => delta > 50).length,
    longestFrameMs: Math.max(0, ...frames),
    longAnimationFrames: result.long.length,
    longAnimationFrameScriptMs: result.long.reduce((sum, frame) => sum + frame.scriptMs, 0),
  };
}

/**
 * Switches to each room in turn, once untimed (each room's first opening) and once timed:
 * from the click on the room in the list until its latest message is on screen in the timeline.
 */
async function switchRooms(page: Page, rooms: readonly SwitchRoom[]): Promise<SwitchFigures> {
  for (const room of rooms) await switchTo(page, room);
  const times: number[] = [];
  for (const room of rooms) times.push(await switchTo(page, room));
  return { medianMs: median(times), worstMs: Math.max(...times), switches: times.length };
}

/** Untimed: the list is virtualised (and sectioned), so a room's button may have to be scrolled into it first. */
async function scrollIntoList(page: Page, roomId: string): Promise<void> {
  await page.evaluate(
    (roomId) =>
      new Promise<void>((resolve, reject) => {
        const list = document.querySelector<HTMLElement>('nav .vlist');
        if (!list) return reject(new Error('no room list'));
        list.scrollTop = 0;
        const look = (frames: number) => {
          const button = document.querySelector(`nav button.room[data-room-id="${CSS.escape(roomId)}"]`);
          if (button) {
            button.scrollIntoView({ block: 'nearest' });
            return requestAnimationFrame(() => resolve());
          }
          if (frames > 600) return reject(new Error(`room ${roomId} is not in the list`));
          // A frame to render what the last step brought into view, then the next step.
          if (frames % 2 === 1) list.scrollTop += list.clientHeight / 2;
          requestAnimationFrame(() => look(frames + 1));
        };
        requestAnimationFrame(() => look(0));
      }),
    roomId,
  );
}

function switchTo(page: Page, room: SwitchRoom): Promise<number> {
  return timedOpen(page, room.roomId, switchRoomMarker(room.n), { inView: true });
}

/**
 * Milliseconds from a click on the room in the list until the message starting with
 * `marker` is rendered (with `inView`: inside the timeline's visible part).
 */
async function timedOpen(page: Page, roomId: string, marker: string, { inView }: { inView: boolean }): Promise<number> {
  await scrollIntoList(page, roomId);
  return page.evaluate(
    ({ roomId, marker, inView }) =>
      new Promise<number>((resolve) => {
        const button = document.querySelector<HTMLButtonElement>(`nav button.room[data-room-id="${CSS.escape(roomId)}"]`)!;
        const started = performance.now();
        button.click();
        const check = () => {
          if (shown()) resolve(performance.now() - started);
          else requestAnimationFrame(check);
        };
        function shown(): boolean {
          const message = [...document.querySelectorAll('[data-event-id]')].find((element) => element.textContent?.includes(marker));
          if (!message || !inView) return !!message;
          const timeline = document.querySelector('[role="log"] .vlist')?.getBoundingClientRect();
          const box = message.getBoundingClientRect();
          return !!timeline && box.height > 0 && box.top < timeline.bottom && box.bottom > timeline.top;
        }
        requestAnimationFrame(check);
      }),
    { roomId, marker, inView },
  );
}

async function heapInUse(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/** The script files (names under assets/) the login screen requests, with no session stored. */
export async function loginScreenScripts(): Promise<string[]> {
  const harness = await startHarness();
  try {
    const { page } = harness;
    const scripts: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.endsWith('.js')) scripts.push(pathname.slice(pathname.lastIndexOf('/') + 1));
    });
    await page.goto(harness.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Whatever the page would still fetch while it sits idle counts too.
    await page.waitForTimeout(2_000);
    return scripts;
  } finally {
    await harness.close();
  }
}
