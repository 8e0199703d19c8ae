import { describe, expect, it } from 'vitest';
import { kioskLeftovers, kioskPartition } from '../../src/main/core/kiosk-profile';

describe('a kiosk starts clean', () => {
  it('removes everything a previous session left but the running instance lock', () => {
    const entries = ['IndexedDB', 'Local Storage', 'Cache', 'logs', 'Crashpad', 'Partitions', 'Cookies', 'SingletonLock', 'SingletonSocket', 'lockfile'];
    expect(kioskLeftovers(entries)).toEqual(['IndexedDB', 'Local Storage', 'Cache', 'logs', 'Crashpad', 'Partitions', 'Cookies']);
  });

  it("keeps the window's storage in memory: the partition is not a persist: one", () => {
    expect(kioskPartition.startsWith('persist:')).toBe(false);
  });
});
