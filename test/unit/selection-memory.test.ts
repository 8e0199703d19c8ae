import { describe, expect, it } from 'vitest';
import { forgetSelection, storedSelection } from '../../src/renderer/lib/selection-memory';
import { MemoryStorage } from '../support/memory-storage';

const alice = '@alice:behoerde.example';
const bob = '@bob:behoerde.example';

describe('the remembered open room', () => {
  it('is kept per account across restarts', () => {
    const storage = new MemoryStorage();
    storedSelection(storage, alice).save('!akte:x');
    storedSelection(storage, bob).save('!post:x');
    expect(storedSelection(storage, alice).load()).toBe('!akte:x');
    expect(storedSelection(storage, bob).load()).toBe('!post:x');
    storedSelection(storage, alice).save(null);
    expect(storedSelection(storage, alice).load()).toBeNull();
  });

  it('is forgotten when the account signs out, and only that account’s', () => {
    const storage = new MemoryStorage();
    storedSelection(storage, alice).save('!akte:x');
    storedSelection(storage, bob).save('!post:x');
    forgetSelection(storage, alice);
    expect(storedSelection(storage, alice).load()).toBeNull();
    expect(storedSelection(storage, bob).load()).toBe('!post:x');
    expect(storage.length).toBe(1);
  });
});
