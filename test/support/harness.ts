/**
 * End-to-end harness: serves the built renderer on loopback with the app's CSP,
 * drives it in real Chromium, and answers `window.depesche` with the real
 * main-process handler table (the same dispatcher Electron's ipc.ts uses).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import keytar from 'keytar';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { eventChannel, type BridgeEventName } from '../../src/shared/bridge';
import { buildContentSecurityPolicy, connectSources, isConnectAllowed } from '../../src/shared/csp';
import { fail } from '../../src/shared/errors';
import { createAppFileServer } from '../../src/main/core/app-files';
import { cleanKioskProfile, type ProfileCleanup } from '../../src/main/core/kiosk-profile';
import type { PolicyStore } from '../../src/main/core/services/policy-store';
import { createKeychainSecretStore, createMemorySecretStore } from '../../src/main/core/services/secret-store';
import { isTrustedSender } from '../../src/main/core/trusted-sender';
import { createMainForTests, type MainForTests } from './main-for-tests';

const rendererRoot = resolve('out/renderer');

export interface Harness extends MainForTests {
  readonly url: string;
  readonly page: Page;
  readonly context: BrowserContext;
  /** Chromium's profile directory: where a leaked secret would end up on disk. */
  readonly userDataDir: string;
  /** The browser's temporary folder (its TMPDIR), where Chromium puts what does not belong in the profile. */
  readonly temporaryDir: string;
  readonly profile: string;
  /** What the kiosk's start clean-up removed from the profile folder; null when kiosk mode is off. */
  readonly profileCleanup: ProfileCleanup | null;
  /** A crash or power cut: SIGKILL to the browser, nothing of it gets to clean up. */
  killBrowser(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly secretStorage?: 'os-keychain' | 'memory';
  readonly locale?: string;
  /** Written as the machine policy file and read by main's reader: an object, or the file's text (to write a broken one). */
  readonly machinePolicy?: unknown;
  readonly policy?: PolicyStore;
  /**
   * The storage a kiosk's partition gives the app: Chromium keeps it in memory (an incognito
   * context of a browser the harness starts itself, with its own profile and temporary folder).
   */
  readonly inMemory?: boolean;
  /** The profile folder of an earlier run (after killBrowser), as the app finds it on its next start. */
  readonly userDataDir?: string;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(join(rendererRoot, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` first (npm test does).');
  }
  const profile = `test-${randomBytes(6).toString('hex')}`;
  const secretStore =
    options.secretStorage === 'memory' ? createMemorySecretStore() : createKeychainSecretStore(keytar, process.platform);
  // Events go to the page, which exists only once the browser is up.
  const target: { page?: Page } = {};
  const main = await createMainForTests({
    secretStore,
    profile,
    machinePolicy: options.machinePolicy,
    policy: options.policy,
    deliver: (event, payload) => void deliverToPage(target.page, event, payload),
  });

  const pageConnectSources = () => connectSources({ activeHomeserverOrigin: main.sessionVault.activeHomeserverOrigin, allowLoopbackHttp: true });
  const serveAppFile = createAppFileServer({
    root: rendererRoot,
    contentSecurityPolicy: () => buildContentSecurityPolicy(pageConnectSources()),
  });
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    void serveAppFile(request.method ?? 'GET', pathname).then((file) => {
      response.writeHead(file.status, file.headers);
      response.end(file.body);
    });
  });
  const url = await listen(server);
  const appOrigin = new URL(url).origin;

  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'depesche-chromium-')));
  const temporaryDir = await mkdtemp(join(tmpdir(), 'depesche-chromium-tmp-'));
  // As main's start does at a kiosk, before the window opens.
  const profileCleanup = main.kiosk ? await cleanKioskProfile(userDataDir) : null;
  const locale = options.locale ?? 'en-US';
  const inMemory = options.inMemory ? await launchInMemory(userDataDir, temporaryDir, locale) : null;
  const context =
    inMemory?.context ??
    (await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath(), headless: true, locale, args: chromiumArgs() }));
  // Each page is a window, numbered as Electron numbers webContents, for main's per-window limits.
  const windowIds = new Map<Page, number>();
  await context.exposeBinding('__depescheInvoke', ({ frame, page: sender }, channel: unknown, args: unknown) => {
    const trusted = isTrustedSender({ url: frame.url(), isTopLevel: frame === sender.mainFrame() }, appOrigin);
    if (!trusted) return fail('forbidden-sender', 'Only the Depesche window may use the bridge.');
    const windowId = windowIds.get(sender) ?? windowIds.size + 1;
    windowIds.set(sender, windowId);
    return main.dispatch(channel, args, { windowId });
  });
  // What main's onBeforeRequest filter does in the app: the same rule, per request.
  await context.route(
    (target) => target.origin !== appOrigin,
    (route) => (isConnectAllowed(route.request().url(), appOrigin, pageConnectSources()) ? route.fallback() : route.abort('blockedbyclient')),
  );
  await context.addInitScript({ content: await harnessPreloadScript() });
  const page = context.pages()[0] ?? (await context.newPage());
  target.page = page;

  return {
    ...main,
    url: `${url}/index.html`,
    page,
    context,
    userDataDir,
    temporaryDir,
    profile,
    profileCleanup,
    async killBrowser() {
      if (!inMemory) throw new Error('killBrowser needs inMemory: the persistent context is Playwright\'s own process');
      await inMemory.kill();
    },
    async close() {
      await context.close().catch(() => undefined);
      await inMemory?.kill();
      await new Promise((done) => server.close(done));
      await rm(userDataDir, { recursive: true, force: true });
      await rm(temporaryDir, { recursive: true, force: true });
    },
  };
}

/** Chromium started by hand (so its profile and TMPDIR are known and it can be killed), driven over CDP in an incognito context. */
async function launchInMemory(userDataDir: string, temporaryDir: string, locale: string): Promise<{ context: BrowserContext; kill(): Promise<void> }> {
  const browserProcess = spawn(chromiumPath(), ['--headless=new', `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', ...chromiumArgs(), 'about:blank'], {
    env: { ...process.env, TMPDIR: temporaryDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const browser: Browser = await chromium.connectOverCDP(await devToolsEndpoint(browserProcess));
  const context = await browser.newContext({ locale });
  return {
    context,
    async kill() {
      if (browserProcess.exitCode !== null || browserProcess.signalCode !== null) return;
      const exited = new Promise((done) => browserProcess.once('exit', done));
      browserProcess.kill('SIGKILL');
      await exited;
    },
  };
}

function devToolsEndpoint(browserProcess: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    browserProcess.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (found?.[1]) resolve(found[1]);
    });
    browserProcess.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before it listened: ${output.slice(-500)}`)));
  });
}

/** What Electron's `webContents.send` does for the real preload. */
async function deliverToPage(page: Page | undefined, event: BridgeEventName, payload: unknown): Promise<void> {
  await page?.evaluate(
    ([channel, value]) => (window as unknown as { __depescheHarnessEmit: (c: string, p: unknown) => void }).__depescheHarnessEmit(channel, value),
    [eventChannel(event), payload] as const,
  );
}

function chromiumArgs(): string[] {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-quic',
    '--no-first-run',
    '--disable-sync',
  ];
  // Chromium refuses to run its own sandbox as root (CI containers).
  return process.getuid?.() === 0 ? ['--no-sandbox', ...args] : args;
}

function listen(server: Server): Promise<string> {
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) done(`http://127.0.0.1:${address.port}`);
      else reject(new Error('harness server has no address'));
    });
  });
}

let preloadScript: Promise<string> | null = null;

/** Bundles test/support/harness-preload.ts for the page, once per test process. */
function harnessPreloadScript(): Promise<string> {
  preloadScript ??= build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve('test/support/harness-preload.ts'), formats: ['iife'], name: 'depescheHarnessPreload' },
    },
  }).then((output) => {
    const result = Array.isArray(output) ? output[0] : output;
    const chunk = result && 'output' in result ? result.output[0] : undefined;
    if (!chunk || chunk.type !== 'chunk') throw new Error('harness preload did not build');
    return chunk.code;
  });
  return preloadScript;
}
