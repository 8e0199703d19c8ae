/** Remembers the open room per account across restarts (a room id is not a secret, but it is the account's). */
import type { SelectionMemory } from './view-models/workspace-view-model';

const selectionKey = (userId: string) => `depesche:selected-room:${userId}`;

export function storedSelection(storage: Storage, userId: string): SelectionMemory {
  const key = selectionKey(userId);
  return {
    load: () => storage.getItem(key),
    save: (roomId) => (roomId === null ? storage.removeItem(key) : storage.setItem(key, roomId)),
  };
}

/** Signing out forgets which room was open, so the next person on the machine does not learn it. */
export function forgetSelection(storage: Storage, userId: string): void {
  storage.removeItem(selectionKey(userId));
}
