/**
 * A real Synapse for tests and for `npm run dev:server`: installed from PyPI into a
 * cached virtual environment, configured on a free loopback port with SQLite and
 * shared-secret registration, started as a child process and stopped by its pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const synapseVersion = '1.163.2';

export interface RunningSynapse {
  readonly baseUrl: string;
  readonly serverName: string;
  readonly registrationSecret: string;
  readonly logFile: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface RegisteredUser {
  readonly userId: string;
  readonly localpart: string;
  readonly password: string;
  readonly accessToken: string;
  readonly deviceId: string;
}

function cacheDir(): string {
  return process.env.DEPESCHE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'depesche');
}

/** Returns the venv's python, installing Synapse into it on first use. */
export async function ensureSynapseInstalled(log: (line: string) => void = () => {}): Promise<string> {
  const venv = join(cacheDir(), `synapse-${synapseVersion}`);
  const python = join(venv, 'bin', 'python');
  const marker = join(venv, '.depesche-installed');
  if (existsSync(marker)) return python;

  const systemPython = await findPython();
  log(`Installing Synapse ${synapseVersion} into ${venv} (first run only)…`);
  await mkdir(cacheDir(), { recursive: true });
  await run(systemPython, ['-m', 'venv', '--clear', venv]);
  await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `matrix-synapse==${synapseVersion}`], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stderr?: string }) => {
    throw new Error(`pip could not install matrix-synapse==${synapseVersion}: ${error.stderr ?? String(error)}`);
  });
  await writeFile(marker, `${synapseVersion}\n`);
  return python;
}

async function findPython(): Promise<string> {
  for (const candidate of ['python3', 'python']) {
    try {
      const { stdout } = await run(candidate, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])']);
      const [major, minor] = stdout.trim().split('.').map(Number);
      if (major === 3 && (minor ?? 0) >= 10) return candidate;
      throw new Error(`Synapse needs Python 3.10 or newer; ${candidate} is ${stdout.trim()}.`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('Synapse needs')) throw error;
    }
  }
  throw new Error(
    'Synapse needs Python 3.10+ with venv and pip. On Debian/Ubuntu: apt-get install python3 python3-venv python3-pip.',
  );
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface SynapseOptions {
  /** Where synapse.log is kept after the server stops; otherwise it goes with the data. */
  readonly logDir?: string;
  /** A fixed port (dev server); a free one otherwise. */
  readonly port?: number;
  readonly log?: (line: string) => void;
  /**
   * Run on this data directory (created if missing) and keep it when stopping: the
   * benchmark starts from a seeded copy. A fresh temporary one, removed on stop, otherwise.
   */
  readonly dataDir?: string;
  /** More homeserver.yaml settings, appended to the test configuration. */
  readonly extraConfig?: string;
}

export async function startSynapse(options: SynapseOptions = {}): Promise<RunningSynapse> {
  const python = await ensureSynapseInstalled(options.log);
  const ownsData = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'depesche-synapse-')));
  await mkdir(dataDir, { recursive: true });
  const port = options.port ?? (await freeLoopbackPort());
  const serverName = 'localhost';
  const registrationSecret = randomBytes(16).toString('hex');
  const logFile = resolve(options.logDir ?? dataDir, 'synapse.log');
  if (options.logDir) await mkdir(options.logDir, { recursive: true });

  const configPath = join(dataDir, 'homeserver.yaml');
  await writeFile(join(dataDir, 'log.yaml'), logConfig(logFile));
  await writeFile(configPath, homeserverConfig({ dataDir, port, serverName, registrationSecret }) + (options.extraConfig ?? ''));
  await run(python, ['-m', 'synapse.app.homeserver', '--config-path', configPath, '--generate-keys'], { cwd: dataDir });

  const child = spawn(python, ['-m', 'synapse.app.homeserver', '--config-path', configPath], {
    cwd: dataDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, child);
  } catch (error) {
    await stopProcess(child);
    throw new Error(`Synapse did not start (${String(error)}). Log: ${logFile}\n${stderr}`, { cause: error });
  }
  const stop = async () => {
    await stopProcess(child);
    if (ownsData) await rm(dataDir, { recursive: true, force: true });
  };
  return { baseUrl, serverName, registrationSecret, logFile, dataDir, stop };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Registers a user through Synapse's shared-secret admin registration API. */
export async function registerUser(
  synapse: Pick<RunningSynapse, 'baseUrl' | 'registrationSecret' | 'serverName'>,
  localpart: string,
  password = `pw-${randomBytes(9).toString('base64url')}`,
): Promise<RegisteredUser> {
  const endpoint = `${synapse.baseUrl}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string };
  const mac = createHmac('sha1', synapse.registrationSecret)
    .update(`${nonce}\0${localpart}\0${password}\0notadmin`)
    .digest('hex');
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nonce, username: localpart, password, admin: false, mac }),
  });
  const body = (await response.json()) as { user_id?: string; access_token?: string; device_id?: string; error?: string };
  if (!response.ok || !body.user_id || !body.access_token || !body.device_id) {
    throw new Error(`Registering ${localpart} failed: ${response.status} ${body.error ?? ''}`);
  }
  return { userId: body.user_id, localpart, password, accessToken: body.access_token, deviceId: body.device_id };
}

/** A fresh, unique user: tests never share accounts. */
export function uniqueLocalpart(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

function homeserverConfig(c: { dataDir: string; port: number; serverName: string; registrationSecret: string }): string {
  const generous = '{ per_second: 1000, burst_count: 1000 }';
  return `server_name: "${c.serverName}"
public_baseurl: "http://127.0.0.1:${c.port}/"
pid_file: "${join(c.dataDir, 'homeserver.pid')}"
report_stats: false
listeners:
  - port: ${c.port}
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "${join(c.dataDir, 'homeserver.db')}"
log_config: "${join(c.dataDir, 'log.yaml')}"
media_store_path: "${join(c.dataDir, 'media')}"
signing_key_path: "${join(c.dataDir, 'signing.key')}"
registration_shared_secret: "${c.registrationSecret}"
macaroon_secret_key: "${randomBytes(24).toString('hex')}"
form_secret: "${randomBytes(24).toString('hex')}"
enable_registration: false
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
# Only logins that ask for a refresh token get these short-lived tokens (the app never
# does); tests use them to see a device's token expire, which Synapse answers with soft_logout.
refreshable_access_token_lifetime: 10s
presence:
  enabled: false
# A password policy as agencies set one, so the settings' password change meets real refusals
# (the shared-secret registration of test users does not apply it).
password_config:
  policy:
    enabled: true
    minimum_length: 12
    require_digit: true
    require_symbol: true
# The people picker's tests find people by display name without sharing a room first; by
# default Synapse's user directory lists only people who share a room or a public room.
user_directory:
  search_all_users: true
# Synapse lets only server admins publish rooms to the room directory unless told otherwise;
# the directory's tests have a test user publish one.
room_list_publication_rules:
  - action: allow
rc_message: ${generous}
rc_registration: ${generous}
rc_login:
  address: ${generous}
  account: ${generous}
  failed_attempts: ${generous}
rc_joins:
  local: ${generous}
  remote: ${generous}
rc_joins_per_room: ${generous}
rc_invites:
  per_room: ${generous}
  per_user: ${generous}
  per_issuer: ${generous}
rc_3pid_validation: ${generous}
rc_admin_redaction: ${generous}
rc_key_requests: ${generous}
rc_room_creation: ${generous}
rc_delayed_event_mgmt: ${generous}
rc_reports: ${generous}
`;
}

function logConfig(logFile: string): string {
  return `version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: "${logFile}"
    encoding: utf8
loggers:
  synapse.storage.SQL:
    level: WARNING
root:
  level: INFO
  handlers: [file]
disable_existing_loggers: false
`;
}
