/**
 * `npm run dev:server`: a local Synapse on loopback with two demo users, so a
 * newcomer can sign in within minutes. Stops with Ctrl+C.
 */
import { registerUser, startSynapse } from '../test/support/synapse';

async function main(): Promise<void> {
  const port = Number(process.env.DEPESCHE_DEV_PORT ?? 8008);
  const synapse = await startSynapse({ port, log: (line) => console.log(line) });
  const users = await Promise.all([registerUser(synapse, 'alice', 'alice-demo-password'), registerUser(synapse, 'bob', 'bob-demo-password')]);

  console.log(`\nSynapse is running at ${synapse.baseUrl} (log: ${synapse.logFile})\n`);
  console.log('Sign in to Depesche (npm start) with:');
  for (const user of users) {
    console.log(`  homeserver ${synapse.baseUrl}   user ${user.localpart}   password ${user.password}`);
  }
  console.log('\nPress Ctrl+C to stop. Its data is temporary and removed on stop (another port: DEPESCHE_DEV_PORT=…).');

  const stop = () => {
    void synapse.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
