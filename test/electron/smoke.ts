/**
 * `npm run test:electron`: the built app in real Electron, through Playwright's Electron
 * support. Checks what only Electron can show: the window opens, the page sees
 * `window.depesche` and no Node or IPC, `app://` serves with the CSP header, a bridge
 * call answers, the policy file is read and the login screen renders.
 *
 * Where the Electron binary is not installed (build machines that cannot download it)
 * it says so and exits 0 without reporting a pass, unless DEPESCHE_REQUIRE_ELECTRON is
 * set (CI). Kept out of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { buildContentSecurityPolicy, connectSources } from '../../src/shared/csp';

const root = join(import.meta.dirname, '../..');
const electronPackage = join(root, 'node_modules', 'electron');

/**
 * Where `require('electron')` would point, without requiring it: its index.js starts a
 * download when the binary is missing, which must not happen here.
 */
function electronBinary(): string | null {
  const pathFile = join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative ?? 'electron');
  return relative === null ? null : join(electronPackage, 'dist', relative);
}

const binary = electronBinary();
if (binary === null || !existsSync(binary)) {
  const missing = `the Electron binary is not installed (${binary ?? `no ${join(electronPackage, 'path.txt')}`})`;
  // CI, where npm ci installs Electron, sets DEPESCHE_REQUIRE_ELECTRON: there a missing binary is a failure.
  if (process.env.DEPESCHE_REQUIRE_ELECTRON) {
    console.error(`test:electron failed: ${missing}.`);
    process.exit(1);
  }
  console.log(`test:electron skipped: ${missing}. Nothing was tested.`);
  process.exit(0);
}

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('test:electron: the build failed');
  process.exit(1);
}

type Check = { readonly name: string; readonly run: (app: ElectronApplication, page: Page) => Promise<void> };

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// Linux reads a user policy file from $XDG_CONFIG_HOME; the other systems' sources have no file to point at.
const policyFromFile = process.platform === 'linux';

const checks: Check[] = [
  {
    name: 'the page sees window.depesche and nothing of Node or Electron',
    run: async (_app, page) => {
      const globals = await page.evaluate(() => {
        const names = ['require', 'process', 'module', 'exports', 'Buffer', 'global', 'ipcRenderer', 'electron', '__dirname'];
        return { depesche: typeof (window as { depesche?: unknown }).depesche, exposed: names.filter((name) => name in window) };
      });
      expectEqual(globals, { depesche: 'object', exposed: [] }, 'globals');
    },
  },
  {
    name: 'app:// serves the page with the Content-Security-Policy header',
    run: async (_app, page) => {
      const served = await page.evaluate(async () => ({ origin: location.origin, csp: (await fetch('/index.html')).headers.get('content-security-policy') }));
      // Signed out, in an unpackaged build: the login screen's sources, loopback http included.
      const expected = buildContentSecurityPolicy(connectSources({ activeHomeserverOrigin: null, allowLoopbackHttp: true }));
      expectEqual(served, { origin: 'app://depesche', csp: expected }, 'app:// response');
    },
  },
  {
    name: 'a bridge call answers (app.info)',
    run: async (_app, page) => {
      const info = await page.evaluate(() => window.depesche.app.info());
      if (!info.ok || info.value.name !== 'Depesche' || info.value.platform !== process.platform) throw new Error(`app.info: ${JSON.stringify(info)}`);
    },
  },
  {
    name: policyFromFile ? 'the policy file is read and applied (language: de)' : 'policy answers (no policy file is read on this system)',
    run: async (_app, page) => {
      const policy = await page.evaluate(() => window.depesche.policy.get());
      if (!policy.ok) throw new Error(`policy.get: ${JSON.stringify(policy.error)}`);
      if (policyFromFile) {
        expectEqual([policy.value.values.language, policy.value.locked.includes('language')], ['de', true], 'policy language');
      }
    },
  },
  {
    name: 'the login screen renders',
    run: async (_app, page) => {
      await page.getByRole('button', { name: policyFromFile ? 'Anmelden' : 'Sign in' }).waitFor({ timeout: 30_000 });
      await page.getByLabel(policyFromFile ? 'Benutzername' : 'User name').waitFor();
    },
  },
];

const configHome = await mkdtemp(join(tmpdir(), 'depesche-electron-'));
await mkdir(join(configHome, 'depesche'), { recursive: true });
await writeFile(join(configHome, 'depesche', 'policy.json'), JSON.stringify({ language: 'de' }));
const profile = `smoke-${randomBytes(4).toString('hex')}`;
let failed = 0;
let app: ElectronApplication | null = null;
try {
  app = await electron.launch({
    executablePath: binary,
    args: [root, '--profile', profile],
    env: { ...process.env, XDG_CONFIG_HOME: configHome, LANG: 'en_US.UTF-8' },
    timeout: 60_000,
  });
  const page = await app.firstWindow({ timeout: 60_000 });
  await page.waitForLoadState('domcontentloaded');
  console.log('ok   the window opens');
  for (const check of checks) {
    try {
      await check.run(app, page);
      console.log(`ok   ${check.name}`);
    } catch (error) {
      failed += 1;
      console.error(`FAIL ${check.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const userData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
  await app.close();
  app = null;
  await rm(userData, { recursive: true, force: true });
} catch (error) {
  failed += 1;
  console.error(`FAIL the app starts and opens its window: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await app?.close().catch(() => undefined);
  await rm(configHome, { recursive: true, force: true });
}
console.log(`test:electron: ${checks.length + 1 - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
