/**
 * The account's IndexedDB database for the search index. Apart from the index itself so
 * that signing out can delete it without loading the search engine into the login screen.
 */
const databaseName = (userId: string) => `depesche-search:${userId}`;
export const storeName = 'index';

export function openIndexDatabase(userId: string): Promise<IDBDatabase> {
  const opening = indexedDB.open(databaseName(userId), 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(storeName);
  return request(opening);
}

/** Signing out forgets the account's index (once the workspace has closed its connection). */
export function forgetIndex(userId: string): Promise<void> {
  return new Promise((resolve) => {
    const deleting = indexedDB.deleteDatabase(databaseName(userId));
    deleting.onsuccess = deleting.onerror = () => resolve();
  });
}

export function request<T>(pending: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    pending.onsuccess = () => resolve(pending.result);
    pending.onerror = () => reject(pending.error ?? new Error('IndexedDB request failed'));
  });
}
