/**
 * Bundled into the search bench's page: the app's own index and seal, with nothing
 * else, so the page's heap is the index's.
 */
import { deriveSealingKey, seal } from '../src/renderer/lib/local-seal';
import { MessageIndex, type IndexedMessage, type SearchQuery } from '../src/renderer/lib/search/message-index';

let index = MessageIndex.empty();
let kept: string | null = null;

Object.assign(globalThis, {
  benchIndex: {
    add(messages: readonly IndexedMessage[]): number {
      const start = performance.now();
      for (const message of messages) index.add(message);
      return performance.now() - start;
    },
    async sealedBytes(): Promise<{ json: number; sealed: number }> {
      const json = index.toJSON();
      const sealed = await seal(await deriveSealingKey(crypto.getRandomValues(new Uint8Array(32))), json, ['search-index', '@bench:localhost']);
      kept = JSON.stringify(sealed);
      return { json: new TextEncoder().encode(json).byteLength, sealed: kept.length };
    },
    /** Drops the serialised copy and reloads the index from JSON, as the app does on start. */
    reload(): number {
      const json = index.toJSON();
      kept = null;
      const start = performance.now();
      index = MessageIndex.fromJSON(json);
      return performance.now() - start;
    },
    query(queries: readonly SearchQuery[]): number[] {
      return queries.map((query) => {
        const start = performance.now();
        index.search(query);
        return performance.now() - start;
      });
    },
  },
});
