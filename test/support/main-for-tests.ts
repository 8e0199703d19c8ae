/**
 * The real main-process services and dispatcher, assembled for tests exactly as
 * src/main/electron/index.ts assembles them, over recording adapters and a log directory.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import electronLog from 'electron-log/node';
import { mainProcessCaller, type BridgeEventName, type StoredSession } from '../../src/shared/bridge';
import type { PolicySnapshot } from '../../src/shared/policy';
import { createBridgeDispatcher, type BridgeDispatcher } from '../../src/main/core/bridge-dispatch';
import { createLogging } from '../../src/main/core/logging';
import { mainStrings } from '../../src/main/core/main-strings';
import { createMainServices } from '../../src/main/core/main-services';
import { createRedactor } from '../../src/main/core/redaction';
import { linuxPolicyPaths, policyFileSources } from '../../src/main/core/services/policy-files';
import { readPolicySnapshot } from '../../src/main/core/services/policy-loader';
import type { PolicyStore } from '../../src/main/core/services/policy-store';
import type { SecretStore } from '../../src/main/core/services/secret-store';
import type { ServerSignOut } from '../../src/main/core/services/server-sign-out';
import type { ScreenLock } from '../../src/main/core/screen-lock';
import type { SessionVault } from '../../src/main/core/services/session-vault';
import { createRecordingAdapters, type RecordingAdapters } from './recording-adapters';

export interface MainForTests {
  readonly dispatch: BridgeDispatcher;
  readonly sessionVault: SessionVault;
  /** Main's lock state; `checkIdle()` is what the app's timer calls. */
  readonly screenLock: ScreenLock;
  readonly adapters: RecordingAdapters;
  readonly logDirectory: string;
  readonly logFiles: () => Promise<string[]>;
  /** Errors the bridge reported as internal (bugs), collected for assertions. */
  readonly internalErrors: unknown[];
  /** kiosk.enabled as main started with it: logs then stay in memory, as in the app. */
  readonly kiosk: boolean;
  /** Keeps a session as a sign-in earlier would have: main looks its homeserver up first, then saves it. */
  keepSession(session: StoredSession): Promise<void>;
  /** What a kiosk's exit, log-off and shutdown do first: the kept device is deleted on the homeserver. */
  signOutOnServer(signal: AbortSignal): Promise<ServerSignOut>;
}

export interface MainForTestsOptions {
  readonly secretStore: SecretStore;
  readonly profile: string;
  /** A machine policy, as an IT department would write it: an object, or (to write a broken one) the file's text. */
  readonly machinePolicy?: unknown;
  /** Policy that follows its sources (files in a temporary root); replaces machinePolicy. */
  readonly policy?: PolicyStore;
  readonly deliver?: (event: BridgeEventName, payload: unknown) => void;
  /** Run main as a packaged build (default: development, like the tests' Synapse on http://127.0.0.1). */
  readonly packaged?: boolean;
  /** The clock of main's renderer log budget. */
  readonly now?: () => number;
}

let loggers = 0;

export async function createMainForTests(options: MainForTestsOptions): Promise<MainForTests> {
  const logDirectory = await mkdtemp(join(tmpdir(), 'depesche-logs-'));
  const policy = options.policy ?? (await machinePolicySnapshot(options.machinePolicy));
  const kiosk = ('current' in policy ? policy.current() : policy).values['kiosk.enabled'];
  const redactor = createRedactor();
  loggers += 1;
  const logging = createLogging({
    logger: electronLog.create({ logId: `depesche-test-${process.pid}-${loggers}` }),
    // The folder stays, empty: a kiosk test scans it to show nothing was written.
    directory: kiosk ? null : logDirectory,
    level: 'debug',
    redactor,
    console: false,
  });
  const adapters = await createRecordingAdapters(options.deliver);
  const { handlers, sessionVault, screenLock, signOutOnServer } = createMainServices({
    appInfo: { name: 'Depesche', version: 'test', platform: process.platform, secretStorage: options.secretStore.kind },
    secretStore: options.secretStore,
    profile: options.profile,
    policy,
    logging,
    strings: mainStrings('en'),
    adapters,
    development: !options.packaged,
    now: options.now,
  });
  const internalErrors: unknown[] = [];
  const dispatch = createBridgeDispatcher(handlers, (channel, error) => {
    internalErrors.push(error);
    logging.error(`Bridge call ${channel} failed`, error);
  });
  const keepSession = async (session: StoredSession) => {
    await handlers.homeserver.discover(session.homeserverUrl, mainProcessCaller);
    await sessionVault.save(session);
  };
  return { dispatch, sessionVault, screenLock, adapters, logDirectory, logFiles: () => logging.logFiles(), internalErrors, kiosk, keepSession, signOutOnServer };
}

/** The machine policy as /etc/depesche/policy.json under a temporary root, read once by main's own Linux reader. */
async function machinePolicySnapshot(machinePolicy: unknown): Promise<PolicySnapshot> {
  const root = await mkdtemp(join(tmpdir(), 'depesche-policy-'));
  try {
    const paths = linuxPolicyPaths(root, join(root, 'home', '.config'));
    if (machinePolicy !== undefined) {
      await mkdir(dirname(paths.machineFile), { recursive: true });
      await writeFile(paths.machineFile, typeof machinePolicy === 'string' ? machinePolicy : JSON.stringify(machinePolicy));
    }
    return await readPolicySnapshot(policyFileSources(paths));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
