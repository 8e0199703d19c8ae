/**
 * Starts one Synapse for the whole test run (shared by the integration and e2e
 * projects) and stops it at the end. Its log is kept under test-results/.
 */
import type { TestProject } from 'vitest/node';
import { startSynapse, type RunningSynapse } from './synapse';

declare module 'vitest' {
  export interface ProvidedContext {
    synapse: { baseUrl: string; serverName: string; registrationSecret: string };
  }
}

let running: Promise<RunningSynapse> | null = null;
let users = 0;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  users += 1;
  running ??= startSynapse({ logDir: 'test-results/synapse', log: (line) => console.log(line) });
  const synapse = await running;
  project.provide('synapse', {
    baseUrl: synapse.baseUrl,
    serverName: synapse.serverName,
    registrationSecret: synapse.registrationSecret,
  });
  return async () => {
    users -= 1;
    if (users === 0) {
      running = null;
      await synapse.stop();
    }
  };
}
