/**
 * The usual cast of an end-to-end test: Alice signed in to the app in Chromium (past the
 * first sign-in's recovery key), Bob on a matrix-js-sdk client in Node. Set up once for
 * the file's tests.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll } from 'vitest';
import type { Harness } from './harness';
import { signIn } from './login-screen';
import { pagePerFile } from './page-per-file';
import { startPeer } from './peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from './synapse';

export interface TwoPeople {
  readonly harness: Harness;
  readonly alice: RegisteredUser;
  readonly bobUser: RegisteredUser;
  readonly bob: MatrixClient;
}

export function aliceInTheAppBobOnNode(synapse: Parameters<typeof registerUser>[0]): () => TwoPeople {
  const harness = pagePerFile();
  let people: TwoPeople | undefined;
  beforeAll(async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const bob = await startPeer(synapse.baseUrl, bobUser);
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await page.getByRole('button', { name: 'New room' }).waitFor();
    people = { harness: harness(), alice, bobUser, bob };
  });
  afterAll(() => people?.bob.stopClient());
  return () => people!;
}
