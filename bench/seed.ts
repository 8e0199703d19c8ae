/**
 * The benchmark's large accounts, each seeded once into a Synapse data directory and
 * cached under ~/.cache/depesche/bench-seed: 1,000 or 5,000 joined rooms (some
 * encrypted, some direct chats with a colleague), one room with 5,000 messages, and 20
 * rooms with a screenful of messages each to switch between. Each benchmark run starts
 * Synapse on a fresh copy of the cached directory, so runs never see each other's devices.
 */
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUser, startSynapse, synapseVersion, type RunningSynapse } from '../test/support/synapse';

/** Bump when the seeded content changes: a new version seeds a new cache entry. */
const seedVersion = 2;

/** The account sizes the benchmark measures: today's and the one sliding sync is for. */
export const accountSizes = [1_000, 5_000] as const;
export type AccountSize = (typeof accountSizes)[number];

export const seedShape = {
  /** Every n-th room is end-to-end encrypted. */
  encryptedEvery: 10,
  /** Every n-th room is a direct chat with the colleague (who joins it). */
  directEvery: 50,
  bigRoomMessages: 5_000,
  /** Rooms (unencrypted, not direct) that get `switchRoomMessages` more messages each, to switch between. */
  switchRooms: 20,
  switchRoomMessages: 30,
} as const;

export interface SeededAccount {
  readonly userId: string;
  readonly localpart: string;
  readonly password: string;
  readonly bigRoomId: string;
  readonly bigRoomName: string;
  readonly joinedRooms: number;
  /** The rooms to switch between, by their number; in the list they come right after the big room. */
  readonly switchRooms: readonly SwitchRoom[];
}

export interface SwitchRoom {
  readonly roomId: string;
  /** Its number n: named `Unit n`, its latest message starts with `switchRoomMarker(n)`. */
  readonly n: number;
}

export interface SeededSynapse {
  readonly synapse: RunningSynapse;
  readonly account: SeededAccount;
  /** Stops Synapse and removes the run's copy of the data. */
  stop(): Promise<void>;
}

/** The number of a room near `n` that is neither encrypted nor direct: named `Unit n`, its message is `Notice n`. */
export function plainRoomNumber(n: number): number {
  let plain = n;
  while (plain % seedShape.encryptedEvery === 0 || plain % seedShape.directEvery === 0) plain += 1;
  return plain;
}

/** The text of message `n` (1-based) in the big room; `m5000:` marks the latest one. */
export function bigRoomMarker(n: number): string {
  return `m${n}:`;
}

/** The start of the latest message in switch room `n` (`u7-30:`; messages count from 1). */
export function switchRoomMarker(n: number, message: number = seedShape.switchRoomMessages): string {
  return `u${n}-${message}:`;
}

/** The 1,000-room account keeps the directory it had before there were two sizes. */
function cacheRoot(rooms: AccountSize): string {
  const base = process.env.DEPESCHE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'depesche');
  const size = rooms === 1_000 ? '' : `-${rooms}-rooms`;
  return join(base, 'bench-seed', `synapse-${synapseVersion}-seed-${seedVersion}${size}`);
}

export async function seededSynapse(rooms: AccountSize, log: (line: string) => void): Promise<SeededSynapse> {
  const cached = cacheRoot(rooms);
  if (!existsSync(join(cached, 'account.json'))) await seedInto(cached, rooms, log);
  else log(`Using the seeded account cached in ${cached}`);

  const dataDir = await mkdtemp(join(tmpdir(), 'depesche-bench-synapse-'));
  await cp(join(cached, 'data'), dataDir, { recursive: true });
  const account = JSON.parse(await readFile(join(cached, 'account.json'), 'utf8')) as SeededAccount;
  // Synapse answers a repeated identical /sync from its response cache for two minutes;
  // a reload must cost what it costs a person who restarts the app.
  const synapse = await startSynapse({ dataDir, log, extraConfig: 'caches:\n  sync_response_cache_duration: 0\n' });
  return {
    synapse,
    account,
    async stop() {
      await synapse.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function seedInto(target: string, rooms: AccountSize, log: (line: string) => void): Promise<void> {
  // Seeded in memory where the machine has it: SQLite's commit per event costs a disk flush otherwise
  // (about 1.6 s of each room's creation on a busy disk), and 5,000 rooms would take hours.
  const staging = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'depesche-bench-seed-'));
  const synapse = await startSynapse({ dataDir: join(staging, 'data'), log });
  const started = Date.now();
  try {
    const account = await seed(synapse, rooms, log);
    await writeFile(join(staging, 'account.json'), `${JSON.stringify(account, null, 2)}\n`);
    await synapse.stop();
    await rm(join(staging, 'data', 'synapse.log'), { force: true });
    const copy = `${target}.partial`;
    await rm(copy, { recursive: true, force: true });
    await cp(staging, copy, { recursive: true });
    await rename(copy, target);
  } finally {
    await synapse.stop();
    await rm(staging, { recursive: true, force: true });
  }
  log(`Seeded in ${((Date.now() - started) / 1000).toFixed(0)} s, cached in ${target}`);
}

async function seed(synapse: RunningSynapse, rooms: AccountSize, log: (line: string) => void): Promise<SeededAccount> {
  const password = 'bench-password';
  const me = await registerUser(synapse, 'bench', password);
  const colleague = await registerUser(synapse, 'colleague');
  const as = (user: { accessToken: string }) => clientApi(synapse.baseUrl, user.accessToken);

  // The big room first, so the rooms created after it sit above it in the list
  // until its last message moves it to the top.
  const bigRoomName = 'Records office';
  const { room_id: bigRoomId } = await as(me)('POST', '/createRoom', { name: bigRoomName, preset: 'private_chat', invite: [colleague.userId] });
  await as(colleague)('POST', `/join/${encodeURIComponent(bigRoomId)}`, {});

  log(`Creating ${rooms - 1} more rooms…`);
  const direct: string[] = [];
  const plain = new Map<number, string>();
  await inParallel(rooms - 1, 8, async (index) => {
    const n = index + 1;
    const isDirect = n % seedShape.directEvery === 0;
    const encrypted = n % seedShape.encryptedEvery === 0;
    const { room_id: roomId } = await as(me)('POST', '/createRoom', {
      ...(isDirect ? { is_direct: true, preset: 'trusted_private_chat', invite: [colleague.userId] } : { name: `Unit ${n}`, preset: 'private_chat' }),
      initial_state: encrypted ? [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }] : [],
    });
    if (isDirect) {
      direct.push(roomId);
      await as(colleague)('POST', `/join/${encodeURIComponent(roomId)}`, {});
    }
    if (!isDirect && !encrypted) plain.set(n, roomId);
    // Encrypted rooms would need real Megolm sessions for messages; they keep their state events only.
    if (!encrypted) await send(as(me), roomId, `Notice ${n}`, `seed-${n}`);
    if (n % 100 === 0) log(`  ${n} rooms`);
  });
  await as(me)('PUT', `/user/${encodeURIComponent(me.userId)}/account_data/m.direct`, { [colleague.userId]: direct });

  // Before the big room's messages, so these rooms come right after it in the list.
  const switchRooms = [...plain.keys()].sort((a, b) => a - b).slice(0, seedShape.switchRooms).map((n) => ({ n, roomId: plain.get(n)! }));
  log(`Sending ${seedShape.switchRoomMessages} messages to each of ${switchRooms.length} rooms…`);
  await inParallel(switchRooms.length, 8, async (index) => {
    const { n, roomId } = switchRooms[index]!;
    await as(me)('POST', `/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: colleague.userId });
    await as(colleague)('POST', `/join/${encodeURIComponent(roomId)}`, {});
    for (let message = 1; message <= seedShape.switchRoomMessages; message += 1) {
      const text = `${switchRoomMarker(n, message)} ${sentence(n * 100 + message)}`;
      await send(as(message % 3 === 0 ? colleague : me), roomId, text, `switch-${n}-${message}`, message % 10 === 0);
    }
  });

  log(`Sending ${seedShape.bigRoomMessages} messages to "${bigRoomName}"…`);
  // In ordered batches: messages within a batch may land in any order, batches do not.
  // The last message goes alone, so it is the latest event of the room.
  const batch = 25;
  const last = seedShape.bigRoomMessages;
  for (let from = 1; from < last; from += batch) {
    const count = Math.min(batch, last - from);
    await inParallel(count, count, (offset) => {
      const n = from + offset;
      return send(as(n % 3 === 0 ? colleague : me), bigRoomId, messageText(n), `big-${n}`, n % 10 === 0);
    });
    if ((from + count - 1) % 1000 === 0) log(`  ${from + count - 1} messages`);
  }
  await send(as(colleague), bigRoomId, messageText(last), `big-${last}`);
  return { userId: me.userId, localpart: me.localpart, password, bigRoomId, bigRoomName, joinedRooms: rooms, switchRooms };
}

const words = 'Bescheid Antrag Frist Anlage Vermerk Zuständigkeit Vorgang Akte Stellungnahme Abstimmung Termin Entwurf'.split(' ');

/** Messages of varied length, as in a working room; the marker identifies each. */
function messageText(n: number): string {
  return `${bigRoomMarker(n)} ${sentence(n)}`;
}

function sentence(n: number): string {
  const length = 4 + ((n * 7) % 40);
  return Array.from({ length }, (_, i) => words[(n + i * 5) % words.length]).join(' ');
}

function send(api: ClientApi, roomId: string, body: string, txnId: string, formatted = false): Promise<unknown> {
  const content = formatted
    ? { msgtype: 'm.text', body, format: 'org.matrix.custom.html', formatted_body: `<p><strong>${body.slice(0, 12)}</strong>${body.slice(12)}</p>` }
    : { msgtype: 'm.text', body };
  return api('PUT', `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}`, content);
}

type ClientApi = (method: string, path: string, body?: unknown) => Promise<{ room_id: string }>;

function clientApi(baseUrl: string, accessToken: string): ClientApi {
  return async function call(method, path, body) {
    for (;;) {
      const response = await fetch(`${baseUrl}/_matrix/client/v3${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await response.json()) as { room_id: string; retry_after_ms?: number; error?: string };
      if (response.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, answer.retry_after_ms ?? 500));
        continue;
      }
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer.error ?? ''}`);
      return answer;
    }
  };
}

/** Runs `task(0..count-1)` with at most `width` in flight. */
async function inParallel(count: number, width: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}
