/** Remembers the open room per account across restarts (a room id is not a secret). */
import type { SelectionMemory } from './view-models/chat-view-model';

export function storedSelection(storage: Storage, userId: string): SelectionMemory {
  const key = `depesche:selected-room:${userId}`;
  return {
    load: () => storage.getItem(key),
    save: (roomId) => (roomId === null ? storage.removeItem(key) : storage.setItem(key, roomId)),
  };
}
