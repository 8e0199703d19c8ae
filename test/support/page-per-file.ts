/**
 * Chromium pages on the app for a file's tests: checked for internal errors and closed
 * after them.
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

/** Opens pages on the app as a test needs them (two sessions of one person); all are checked and closed after the file. */
export function pagesPerFile(options: HarnessOptions = { secretStorage: 'memory' }): () => Promise<Harness> {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    for (const harness of harnesses.splice(0)) {
      expect(harness.internalErrors).toEqual([]);
      await harness.close();
    }
  });
  return async () => {
    const harness = await startHarness(options);
    harnesses.push(harness);
    await harness.page.goto(harness.url);
    return harness;
  };
}
