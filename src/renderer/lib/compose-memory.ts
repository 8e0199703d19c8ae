/**
 * Keeps what the person has written but the server does not have yet, per account:
 * composer drafts per room and the outbox of queued messages. Losing them to a reload
 * or a dropped connection is the greater harm, so they live in the app's local storage
 * (in the profile folder), but sealed (local-seal.ts): the folder holds no message text.
 * That goes for every room, encrypted or not: whether a room is encrypted is known only
 * from its synced state (not yet there after a restart offline), a room can become
 * encrypted while a message waits, and text not sent yet is the person's either way.
 *
 * It is kept no longer than needed: a draft goes when it is sent or emptied, a queued
 * message once the server has accepted it, and everything of an account when it signs
 * out (kiosk sessions wipe all storage on exit). The SDK's own pending-event store is
 * not used: it is not per account and keeps no unencrypted messages of encrypted rooms,
 * so those would be lost.
 *
 * The stored records are opened once, when the workspace opens; from then on reads come
 * from memory and every change is sealed and stored in the background, in order.
 * Records that do not open (tampered, or sealed under another session's key) are dropped
 * with a log line. Plaintext entries from before sealing are sealed on first read and
 * then deleted.
 */
import type { RendererLog } from './diagnostics';
import { seal, unseal, type Sealed } from './local-seal';
import type { DraftMemory } from './view-models/room-view-model';
import type { ComposeMemory } from './view-models/workspace-view-model';
import type { OutboxMemory, QueuedMessage } from './view-models/outbox';

const draftsKey = (userId: string) => `depesche:sealed-drafts:${userId}`;
const outboxKey = (userId: string) => `depesche:sealed-outbox:${userId}`;
// Where earlier versions kept both in plaintext.
const plainDraftsKey = (userId: string) => `depesche:drafts:${userId}`;
const plainOutboxKey = (userId: string) => `depesche:outbox:${userId}`;

/** A queued message as stored: the room in the clear (it is bound into the seal), the rest sealed. */
interface StoredQueued {
  readonly roomId: string;
  readonly sealed: Sealed;
}

export async function openComposeMemory(storage: Storage, userId: string, key: CryptoKey, log: RendererLog): Promise<ComposeMemory> {
  const [drafts, outbox] = await Promise.all([openDrafts(storage, userId, key, log), openOutbox(storage, userId, key, log)]);
  return {
    drafts,
    outbox,
    close: async () => void (await Promise.all([drafts.close(), outbox.close()])),
  };
}

/** Signing out forgets the account's drafts and unsent messages. */
export function forgetComposing(storage: Storage, userId: string): void {
  for (const key of [draftsKey(userId), outboxKey(userId), plainDraftsKey(userId), plainOutboxKey(userId)]) storage.removeItem(key);
}

async function openDrafts(storage: Storage, userId: string, key: CryptoKey, log: RendererLog): Promise<DraftMemory & Closable> {
  const bound = (roomId: string) => ['draft', userId, roomId];
  const texts = new Map<string, string>();
  const records = new Map<string, Sealed>();
  const store = () => storeOrRemove(storage, draftsKey(userId), records.size > 0 && Object.fromEntries(records));

  const stored = Object.entries(recordOf(parse(storage.getItem(draftsKey(userId)))));
  const opened = await Promise.all(stored.map(([roomId, record]) => unseal(key, record, bound(roomId))));
  stored.forEach(([roomId, record], index) => {
    const text = opened[index];
    if (typeof text !== 'string') return;
    const { iv, data } = record as Sealed;
    texts.set(roomId, text);
    records.set(roomId, { iv, data });
  });
  const dropped = stored.length - texts.size;
  if (dropped > 0) log('warn', `Dropped ${dropped} stored draft(s) that could not be decrypted.`);

  const plain = Object.entries(recordOf(parse(storage.getItem(plainDraftsKey(userId))))).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '' && !texts.has(entry[0]),
  );
  for (const [roomId, text] of plain) {
    texts.set(roomId, text);
    records.set(roomId, await seal(key, text, bound(roomId)));
  }
  if (dropped > 0 || plain.length > 0) store();
  storage.removeItem(plainDraftsKey(userId));

  // Rooms whose text changed since the last write; a burst of keystrokes is sealed once.
  const changed = new Set<string>();
  const writer = backgroundWriter(async () => {
    for (const roomId of [...changed]) {
      changed.delete(roomId);
      const text = texts.get(roomId);
      if (text === undefined) records.delete(roomId);
      else records.set(roomId, await seal(key, text, bound(roomId)));
    }
    store();
  }, (error) => log('warn', `A draft could not be stored: ${errorName(error)}`));

  return {
    load: (roomId) => texts.get(roomId) ?? '',
    save(roomId, text) {
      if (writer.closed) return;
      if (text.trim()) texts.set(roomId, text);
      else texts.delete(roomId);
      changed.add(roomId);
      writer.schedule();
    },
    close: () => writer.close(),
  };
}

async function openOutbox(storage: Storage, userId: string, key: CryptoKey, log: RendererLog): Promise<OutboxMemory & Closable> {
  const bound = (roomId: string) => ['queued-message', userId, roomId];
  // Queued content never changes, so each message is sealed once (while it keeps the same content).
  let sealed = new Map<string, { readonly content: QueuedMessage['content']; readonly record: StoredQueued }>();
  const sealOnce = async (message: QueuedMessage): Promise<StoredQueued> => {
    const known = sealed.get(message.txnId);
    if (known?.content === message.content) return known.record;
    const { roomId, ...rest } = message;
    return { roomId, sealed: await seal(key, JSON.stringify(rest), bound(roomId)) };
  };
  const store = async (messages: readonly QueuedMessage[]) => {
    const records = await Promise.all(messages.map(sealOnce));
    sealed = new Map(messages.map((message, index) => [message.txnId, { content: message.content, record: records[index]! }]));
    storeOrRemove(storage, outboxKey(userId), records.length > 0 && records);
  };

  const stored = arrayOf(parse(storage.getItem(outboxKey(userId))));
  const opened = await Promise.all(stored.map((record) => openQueued(key, record, bound)));
  let messages = opened.filter((message): message is QueuedMessage => message !== null);
  const dropped = stored.length - messages.length;
  if (dropped > 0) log('warn', `Dropped ${dropped} queued message(s) that could not be decrypted.`);
  const plain = arrayOf(parse(storage.getItem(plainOutboxKey(userId)))).filter(isQueuedMessage);
  messages = [...messages, ...plain.filter((message) => !messages.some((known) => known.txnId === message.txnId))];
  if (dropped > 0 || plain.length > 0) await store(messages);
  storage.removeItem(plainOutboxKey(userId));

  const writer = backgroundWriter(
    () => store(messages),
    (error) => log('warn', `The queued messages could not be stored: ${errorName(error)}`),
  );
  return {
    load: () => messages,
    save(next) {
      if (writer.closed) return;
      messages = [...next];
      writer.schedule();
    },
    close: () => writer.close(),
  };
}

async function openQueued(key: CryptoKey, record: unknown, bound: (roomId: string) => string[]): Promise<QueuedMessage | null> {
  const roomId = isRecord(record) && typeof record.roomId === 'string' ? record.roomId : null;
  if (roomId === null) return null;
  const text = await unseal(key, (record as Record<string, unknown>).sealed, bound(roomId));
  const rest = text === null ? null : parse(text);
  const message = isRecord(rest) ? { ...rest, roomId } : null;
  return isQueuedMessage(message) ? message : null;
}

interface Closable {
  /** Stores what was saved so far and takes no more changes; resolves once it is stored. */
  close(): Promise<void>;
}

/**
 * One write at a time, in order; changes made while a write runs are taken by the next
 * one, so a burst of changes costs two writes at most. A failed write is reported and
 * the next change writes again.
 */
function backgroundWriter(write: () => Promise<void>, report: (error: unknown) => void) {
  let last: Promise<void> = Promise.resolve();
  let queued = false;
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    schedule(): void {
      if (queued) return;
      queued = true;
      last = last
        .then(() => {
          queued = false;
          return write();
        })
        .catch(report);
    },
    close(): Promise<void> {
      closed = true;
      return last;
    },
  };
}

function storeOrRemove(storage: Storage, key: string, value: unknown): void {
  if (value) storage.setItem(key, JSON.stringify(value));
  else storage.removeItem(key);
}

function parse(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}

/** Local storage is ours, but a damaged entry must not stop the others from being sent. */
function isQueuedMessage(value: unknown): value is QueuedMessage {
  if (!isRecord(value) || !isRecord(value.content)) return false;
  return (
    typeof value.roomId === 'string' &&
    value.roomId.startsWith('!') &&
    typeof value.txnId === 'string' &&
    value.txnId.length > 0 &&
    typeof value.queuedAt === 'number' &&
    typeof value.content.msgtype === 'string' &&
    typeof value.content.body === 'string'
  );
}
