/**
 * The worker behind the sync store (see matrix-session.ts): matrix-js-sdk's IndexedDB
 * backend, so saving and loading the sync data happens off the main thread.
 */
import { IndexedDBStoreWorker } from 'matrix-js-sdk/lib/indexeddb-worker';

// A dedicated worker's global scope; the DOM typings only know Window's postMessage.
const scope = globalThis as unknown as { postMessage(message: unknown): void; onmessage: ((event: MessageEvent) => void) | null };
const worker = new IndexedDBStoreWorker((message: unknown) => scope.postMessage(message));
scope.onmessage = worker.onMessage;
