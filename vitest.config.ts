import { defineConfig } from 'vitest/config';

const needsSynapse = ['test/support/global-setup.ts'];

function sdkShutdownRace(error: { name?: string; message?: string; stack?: string }): boolean {
  if (error.message === 'null pointer passed to rust') return error.stack?.includes('RustBackupManager') ?? false;
  return error.name === 'AbortError' && error.message === 'This operation was aborted' && (error.stack?.includes('MatrixHttpApi.requestOtherUrl') ?? false);
}

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // matrix-js-sdk logs every request and sync at debug level: megabytes per run. Its warnings
    // and errors (stderr) stay; DEPESCHE_TEST_LOGS=1 shows everything.
    onConsoleLog: (_log, type) => (process.env.DEPESCHE_TEST_LOGS || type === 'stderr' ? undefined : false),
    // matrix-js-sdk 43 checks the key backup in the background (started in RustCrypto's
    // constructor, with no handler) and does not wait for that check when a client stops: on a
    // loaded machine the check then reaches the closed Rust crypto machine ("null pointer passed
    // to rust"), or its request is aborted by stopClient (an AbortError whose async stack ends
    // in the SDK's HTTP layer), outside any test. Only that shutdown race is let through; every
    // other unhandled error still fails the run (our own background work handles its errors).
    onUnhandledError: (error) => !sdkShutdownRace(error),
    // UI and server round trips on a loaded 2-core machine: poll patiently, never assert on speed.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: needsSynapse,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: needsSynapse,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file drives its own Chromium; two at once is what two cores carry.
          maxWorkers: 2,
        },
      },
    ],
  },
});
