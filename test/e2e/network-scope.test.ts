import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { submitLogin } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

describe("the page's network reach", () => {
  const harness = pagePerFile();
  // Another origin on loopback that answers anyone (CORS open): reachable unless Depesche stops it.
  let elsewhere: Server;
  let elsewhereUrl = '';
  let hits = 0;
  beforeAll(async () => {
    elsewhere = createServer((_request, response) => {
      hits += 1;
      response.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
      response.end('reached');
    });
    await new Promise<void>((listening) => elsewhere.listen(0, '127.0.0.1', listening));
    const address = elsewhere.address();
    elsewhereUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  });
  afterAll(() => new Promise<void>((closed) => elsewhere.close(() => closed())));

  const reach = (url: string) =>
    harness().page.evaluate((target) => fetch(target).then((response) => response.text(), (error: Error) => `refused: ${error.name}`), url);

  it('narrows to the homeserver right after sign-in, without waiting for a reload', async () => {
    const { page } = harness();
    // The login screen looks for homeservers anywhere (here: loopback, as in development).
    expect(await reach(elsewhereUrl)).toBe('reached');
    expect(hits).toBe(1);

    const erika = await registerUser(synapse, uniqueLocalpart('erika'));
    await submitLogin(page, { homeserver: synapse.baseUrl, username: erika.localpart, password: erika.password });
    // The first screen after signing in, same document as the login screen.
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor({ timeout: 60_000 });
    expect(await reach(elsewhereUrl)).toBe('refused: TypeError');
    expect(hits).toBe(1);
    expect(await reach(`${synapse.baseUrl}/_matrix/client/versions`)).toContain('versions');
  });
});
