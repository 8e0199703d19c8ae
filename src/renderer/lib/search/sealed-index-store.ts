/**
 * Keeps the search index at rest: one record in the account's own IndexedDB database,
 * sealed like the drafts (local-seal.ts) under the session's storage key, so the profile
 * folder holds no message text (kiosk sessions keep that key only in memory). Writes
 * come in the background, a few seconds after the last change, so a burst of decrypted
 * history is sealed once. Signing out deletes the database (index-database.ts).
 */
import type { RendererLog } from '../diagnostics';
import { seal, unseal } from '../local-seal';
import { openIndexDatabase, request, storeName } from './index-database';
import { MessageIndex } from './message-index';

const recordKey = 'v1';
const writeDelayMs = 3_000;

export interface IndexStore {
  readonly index: MessageIndex;
  /** The index changed: it is stored a little later. */
  changed(): void;
  /** Stores what changed and takes no more; resolves once it is stored. */
  close(): Promise<void>;
}

export async function openIndexStore(userId: string, key: CryptoKey, log: RendererLog, delayMs = writeDelayMs): Promise<IndexStore> {
  const bound = ['search-index', userId];
  const database = await openIndexDatabase(userId);
  const record = await request(database.transaction(storeName).objectStore(storeName).get(recordKey));
  let index = MessageIndex.empty();
  if (record !== undefined) {
    const json = await unseal(key, record, bound);
    try {
      if (json === null) throw new Error('unsealable');
      index = MessageIndex.fromJSON(json);
    } catch {
      log('warn', 'The stored search index could not be opened; it is built anew.');
    }
  }

  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  const write = () => {
    timer = null;
    writing = writing.then(async () => {
      const sealed = await seal(key, index.toJSON(), bound);
      await request(database.transaction(storeName, 'readwrite').objectStore(storeName).put(sealed, recordKey));
    }).catch((error: unknown) => log('warn', `The search index could not be stored: ${error instanceof Error ? error.name : 'unknown'}`));
  };
  return {
    index,
    changed() {
      if (closed || timer !== null) return;
      timer = setTimeout(write, delayMs);
    },
    async close() {
      if (closed) return writing;
      closed = true;
      if (timer !== null) {
        clearTimeout(timer);
        write();
      }
      await writing;
      database.close();
    },
  };
}

/** An index kept in memory only (tests, and where no storage is wanted). */
export function unstoredIndex(): IndexStore {
  return { index: MessageIndex.empty(), changed: () => {}, close: () => Promise.resolve() };
}
