/**
 * Composition root of the Electron main process: app lifecycle and wiring.
 * Logic lives in the Electron-free modules it wires together.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { app, ipcMain, protocol, session } from 'electron';
import log from 'electron-log/main';
import keytar from 'keytar';
import { buildContentSecurityPolicy, connectSources } from '../shared/csp';
import { createAppFileServer } from './app-files';
import { createBridgeDispatcher } from './bridge-dispatch';
import { createBridgeHandlers } from './bridge-handlers';
import { registerBridge } from './ipc';
import { createKeychainSecretStore } from './services/secret-store';
import { discoverHomeserver } from './services/homeserver-discovery';
import { createSessionVault } from './services/session-vault';
import { createMainWindow } from './window';

const appScheme = 'app';
const appOrigin = `${appScheme}://depesche`;

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
log.initialize();

async function start(): Promise<void> {
  const secretStore = createKeychainSecretStore(keytar, process.platform);
  const sessionVault = createSessionVault(secretStore, 'default', randomBytes);
  // Knowing the active homeserver before the first page load lets the CSP name it.
  await sessionVault.load().catch((error: unknown) => log.warn('Could not read the session from the keychain', error));

  const handlers = createBridgeHandlers({
    appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform, secretStorage: secretStore.kind },
    sessionVault,
    discoverHomeserver: (input) => discoverHomeserver(input),
  });
  const dispatch = createBridgeDispatcher(handlers, (channel, error) => log.error(`Bridge call ${channel} failed`, error));
  registerBridge(ipcMain, dispatch, appOrigin);

  const serveAppFile = createAppFileServer({
    root: join(import.meta.dirname, '../renderer'),
    contentSecurityPolicy: () =>
      buildContentSecurityPolicy(
        connectSources({ activeHomeserverOrigin: sessionVault.activeHomeserverOrigin, allowLoopbackHttp: !app.isPackaged }),
      ),
  });
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'depesche') return new Response('Not found', { status: 404 });
    const file = await serveAppFile(request.method, url.pathname);
    return new Response(file.body, { status: file.status, headers: file.headers });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  createMainWindow({ preloadPath: join(import.meta.dirname, '../preload/index.cjs'), startUrl: `${appOrigin}/index.html`, appOrigin });
}

app.on('window-all-closed', () => app.quit());
app.whenReady().then(start, (error: unknown) => {
  log.error('Depesche failed to start', error);
  app.exit(1);
});
