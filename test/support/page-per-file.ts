/**
 * One Chromium page on the app for all tests of a file: opened before them, checked for
 * internal errors and closed after them.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from './harness';

export function pagePerFile(options: HarnessOptions = { secretStorage: 'memory' }): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
    await harness.page.goto(harness.url);
  });
  afterAll(async () => {
    if (!harness) return;
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });
  return () => harness!;
}
