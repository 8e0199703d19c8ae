/**
 * Composition root of the Electron main process: app lifecycle and wiring.
 * Logic lives in the Electron-free modules it wires together; what is here runs
 * only in the real app, so keep it to wiring.
 */
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, ipcMain, powerMonitor, protocol, session, type BrowserWindow } from 'electron';
import log from 'electron-log/main';
import keytar from 'keytar';
import { mainProcessCaller } from '../../shared/bridge';
import { buildContentSecurityPolicy, connectSources, isConnectAllowed } from '../../shared/csp';
import { installAppMenu } from './app-menu';
import { createAppFileServer } from '../core/app-files';
import { createBridgeDispatcher } from '../core/bridge-dispatch';
import { helpText, parseCommandLine, refusedSwitchesIn } from '../core/command-line';
import { parseDeepLink } from '../core/deep-link';
import { createElectronAdapters } from './desktop-adapters';
import { cleanUpAtExit } from '../core/exit-cleanup';
import { cleanKioskProfile, kioskPartition } from '../core/kiosk-profile';
import { registerBridge } from './ipc';
import { createLogging } from '../core/logging';
import { mainStrings } from '../core/main-strings';
import { createMainServices } from '../core/main-services';
import { proxySettings } from '../core/proxy';
import { createRedactor } from '../core/redaction';
import { platformPolicySources } from '../core/services/policy-platform';
import { createPolicyStore } from '../core/services/policy-store';
import { createKeychainSecretStore, createMemorySecretStore } from '../core/services/secret-store';
import { createTray } from './tray';
import { createMainWindow } from './window';
import { devToolsAllowed, isPermissionGranted, shouldHideOnClose } from '../core/window-policy';

const appScheme = 'app';
const appOrigin = `${appScheme}://depesche`;
const idleCheckMs = 30_000;

const commandLine = parseCommandLine(process.argv);
if (commandLine.help) {
  process.stdout.write(`${helpText}\n`);
  app.exit(0);
}
// A profile is a separate data directory and keychain namespace (and its own single-instance lock).
if (commandLine.profile !== 'default') app.setPath('userData', `${app.getPath('userData')}-${commandLine.profile}`);

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
// Only the homeserver is contacted. Chromium subsystems that fetch in the background (component
// updates, and whatever else honours --disable-background-networking) stay off, should this
// Electron build contain any; spell-check dictionaries are handled in start() (spellcheck.ts).
app.commandLine.appendSwitch('disable-background-networking');
app.commandLine.appendSwitch('disable-component-update');

let mainWindow: BrowserWindow | null = null;
let quitting = false;

if (!commandLine.help && !app.requestSingleInstanceLock()) {
  // Another instance runs for this profile; it receives our arguments through 'second-instance'.
  app.quit();
} else if (!commandLine.help) {
  app.setAsDefaultProtocolClient('depesche');
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    log.error('Depesche failed to start', error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const policyStore = await createPolicyStore({
    sources: platformPolicySources(process.platform, { configHome: process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config') }),
    reportProblems: (snapshot) => {
      for (const problem of snapshot.problems) logging.warn(`Policy ${problem.key ?? 'source'}: ${problem.message}`);
      if (snapshot.pendingRestart?.length) logging.info(`Policy changed; after a restart: ${snapshot.pendingRestart.join(', ')}`);
    },
    // Before logging exists: electron-log's default logger writes it.
    reportWatchError: (source, error) => log.warn(`Policy changes in ${source.name} are not watched`, error),
  });
  // What the app starts with; keys read here take effect after a restart. Live keys are read from the store.
  const policy = policyStore.current();
  const kiosk = policy.values['kiosk.enabled'];
  // Before anything writes to the profile: a kiosk session that crashed or lost power left this behind.
  const profileCleanup = kiosk ? await cleanKioskProfile(userData) : null;
  const redactor = createRedactor();
  // A kiosk logs to memory only: log files would outlive the session they describe.
  const logDirectory = kiosk ? null : join(userData, 'logs');
  const logging = createLogging({ logger: log, directory: logDirectory, level: policy.values['logging.level'], redactor, console: !app.isPackaged });
  // Before any window or secret exists: a packaged build does not run under a debugger or a redirected network.
  const devTools = devToolsAllowed(app.isPackaged, policy.values['devTools.enabled']);
  const refused = devTools ? [] : refusedSwitchesIn(process.argv, process.platform);
  if (refused.length > 0) {
    logging.error(`Not starting: packaged builds refuse ${refused.join(', ')} unless the devTools.enabled policy allows debugging`);
    return app.exit(2);
  }
  for (const problem of policy.problems) logging.warn(`Policy ${problem.key ?? 'source'}: ${problem.message}`);
  if (policy.machineUnreadable) logging.error('The machine policy could not be read: security settings take their restrictive values');
  // What administrators check after a rollout: every key set by policy, with its value.
  const setByPolicy = policy.locked.map((key) => `${key}=${JSON.stringify(policy.values[key])}`);
  logging.info(`Policy in force: ${setByPolicy.length > 0 ? setByPolicy.join(', ') : 'nothing set, built-in defaults'}`);
  for (const problem of commandLine.problems) logging.warn(`Command line: ${problem}`);
  if (profileCleanup) logging.info(`Kiosk start: removed ${profileCleanup.removed.length} leftovers from the profile`);
  if (profileCleanup?.failed.length) logging.warn(`Kiosk start: could not remove ${profileCleanup.failed.join(', ')}`);
  // The window and main's own requests share one session; a kiosk's lives in memory (no IndexedDB, cache or cookies on disk).
  const appSession = kiosk ? session.fromPartition(kioskPartition, { cache: false }) : session.defaultSession;

  // Before any request: the window and main's own requests (net.request) both use this session.
  // A proxy the organisation requires and Electron refuses would mean traffic around it: no start then.
  const proxyApplied = await appSession.setProxy(proxySettings(policy.values['network.proxy'])).then(
    () => true,
    (error: unknown) => {
      logging.error('The network.proxy policy could not be applied', error);
      return false;
    },
  );
  if (!proxyApplied && policy.locked.includes('network.proxy')) return app.exit(2);

  const secretStore = kiosk ? createMemorySecretStore() : createKeychainSecretStore(keytar, process.platform);
  const strings = mainStrings(policy.values.language ?? app.getLocale());
  const tray = kiosk
    ? null
    : createTray(trayIconPath(), strings, { show: () => adapters.focusWindow(), quit: () => app.quit() });
  const adapters = createElectronAdapters({
    window: () => mainWindow,
    session: appSession,
    strings,
    setTrayUnreadCount: (count) => tray?.setUnreadCount(count),
    reportInvalidEvent: (event) => logging.error(`Refused to send a malformed ${event} event`),
  });

  const { handlers, sessionVault, spellcheck, clearCopiedSecret, screenLock, signOutOnServer } = createMainServices({
    appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform, secretStorage: secretStore.kind },
    secretStore,
    profile: commandLine.profile,
    policy: policyStore,
    logging,
    strings,
    adapters,
    development: !app.isPackaged,
  });
  // Knowing the active homeserver before the first page load lets the CSP name it.
  await sessionVault.load().catch((error: unknown) => logging.warn('Could not read the session from the keychain', error));
  registerBridge(ipcMain, createBridgeDispatcher(handlers, (channel, error) => logging.error(`Bridge call ${channel} failed`, error)), appOrigin);

  const pageConnectSources = () => connectSources({ activeHomeserverOrigin: sessionVault.activeHomeserverOrigin, allowLoopbackHttp: !app.isPackaged });
  const serveAppFile = createAppFileServer({
    root: join(import.meta.dirname, '../renderer'),
    contentSecurityPolicy: () => buildContentSecurityPolicy(pageConnectSources()),
  });
  // The document's CSP is fixed when it loads; this narrows the page's reach to the homeserver
  // the moment a session is kept. Every web contents is held to it; only main's own requests
  // (discovery, which checks its targets itself) carry no web contents id.
  appSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    callback({ cancel: details.webContentsId !== undefined && !isConnectAllowed(details.url, appOrigin, pageConnectSources()) });
  });
  appSession.protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'depesche') return new Response('Not found', { status: 404 });
    const file = await serveAppFile(request.method, url.pathname);
    return new Response(file.body, { status: file.status, headers: file.headers });
  });
  appSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl, appOrigin)),
  );
  appSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, appOrigin),
  );
  // Before the window exists, so Chromium never starts a dictionary download from its default (public) server.
  appSession.setSpellCheckerEnabled(spellcheck.enabled);
  if (spellcheck.dictionaryUrl) appSession.setSpellCheckerDictionaryDownloadURL(spellcheck.dictionaryUrl);
  // files.save writes with fs after its own checks, so a download Chromium starts (a link, a navigation) is never ours.
  appSession.on('will-download', (event) => {
    event.preventDefault();
    logging.warn('Refused a download started by the page; files are saved through files.save only');
  });

  // The handler applies the downloads policy too; the menu just does not offer what would be refused.
  const exportLogs = () => void handlers.log.export(undefined, mainProcessCaller).catch((error: unknown) => logging.warn('Logs not exported', error));
  installAppMenu({ platform: process.platform, kiosk, devTools, exportLogs: policy.values['downloads.enabled'] ? exportLogs : null, strings });
  const window = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    startUrl: `${appOrigin}/index.html`,
    appOrigin,
    devTools,
    kiosk,
    session: appSession,
    contentProtection: policy.values['screenCapture.protection'],
    spellcheck: spellcheck.enabled,
    showOnReady: !commandLine.hidden,
    // A link that reaches window.open bypassed the page's link handling: its shown text is unknown, so the person is asked.
    openExternal: (url) =>
      void handlers.links.openExternal({ url, text: '' }, mainProcessCaller).catch((error: unknown) => logging.warn('Link not opened', error)),
    reportLoadFailure: (error) => logging.error('The window did not load the app', error),
  });
  mainWindow = window;
  window.on('closed', () => (mainWindow = null));
  // With a tray, closing the window keeps Depesche running for notifications (unless policy says otherwise).
  window.on('close', (event) => {
    if (shouldHideOnClose({ tray: tray !== null, closeToTray: policy.values['tray.closeToTray'], quitting })) {
      event.preventDefault();
      window.hide();
    }
  });

  const openDeepLink = (raw: string | null) => {
    if (raw === null) return;
    const link = parseDeepLink(raw);
    if (!link) return logging.warn('Ignored a depesche:// link that is not a room link');
    adapters.focusWindow();
    adapters.emit('deepLinkOpened', { roomIdOrAlias: link.roomIdOrAlias, ...(link.eventId ? { eventId: link.eventId } : {}) });
  };
  window.webContents.once('did-finish-load', () => openDeepLink(commandLine.deepLink));
  app.on('second-instance', (_event, argv) => {
    adapters.focusWindow();
    openDeepLink(parseCommandLine(argv).deepLink);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openDeepLink(url);
  });

  setInterval(() => screenLock.checkIdle(), idleCheckMs).unref();
  // The person locked the computer: Depesche locks too, so unlocking the OS alone does not reopen it.
  powerMonitor.on('lock-screen', () => screenLock.request('manual'));

  let exiting: Promise<void> | null = null;
  const cleanUpAndExit = () => {
    exiting ??= cleanUpAtExit(kiosk, {
      clearCopiedSecret,
      signOutOnServer: async (signal) => void (await signOutOnServer(signal)),
      clearSession: () => sessionVault.clear(),
      clearStorage: () => appSession.clearStorageData(),
      clearCache: () => appSession.clearCache(),
      removeLogs: async () => (logDirectory ? rm(logDirectory, { recursive: true, force: true }) : undefined),
    }).then(() => app.exit(0));
    return exiting;
  };
  app.once('will-quit', (event) => {
    event.preventDefault();
    void cleanUpAndExit();
  });
  // Log-off and shutdown end a kiosk session as quitting does, as far as the OS waits (see docs/administration.md).
  if (kiosk) endKioskSessionWithTheOs(window, cleanUpAndExit);
}

/**
 * Windows: the window's 'session-end' (log-off, shutdown; Windows ends the process soon after).
 * Linux and macOS: powerMonitor's 'shutdown', whose preventDefault asks the OS to wait for the exit.
 */
function endKioskSessionWithTheOs(window: BrowserWindow, cleanUpAndExit: () => Promise<void>): void {
  window.on('session-end', () => void cleanUpAndExit());
  // Electron passes an event the typings leave out.
  powerMonitor.on('shutdown', (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    void cleanUpAndExit();
  });
}

function trayIconPath(): string {
  const icons = app.isPackaged ? join(process.resourcesPath, 'icons') : join(app.getAppPath(), 'build', 'icons');
  return join(icons, 'tray.png');
}
