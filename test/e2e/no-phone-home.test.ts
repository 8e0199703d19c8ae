/**
 * "Only the homeserver is contacted" (design/security.md, Network): every request the page
 * and its workers make, from the first start to sign-out, goes to the app or the homeserver.
 * What Electron fetches on its own is not seen here: main's side has its own tests (discovery, spell checking).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventType, MsgType, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { startPeer } from '../support/peer-client';
import { gradientPng } from '../support/png';
import { registerUser, uniqueLocalpart } from '../support/synapse';
import { chooseFromUserMenu } from '../support/user-menu';

const synapse = inject('synapse');
const homeserver = new URL(synapse.baseUrl).origin;

/**
 * Every URL the harness's page and its workers request, refused ones included. Playwright attaches
 * to each dedicated worker and reports its requests on the context, which the page target's CDP
 * view does not; that view adds what the browser loads for the page itself (its favicon), which
 * Playwright leaves out.
 */
async function recordRequests(harness: Harness): Promise<string[]> {
  const urls: string[] = [];
  harness.context.on('request', (request) => void urls.push(request.url()));
  const pageTarget = await harness.context.newCDPSession(harness.page);
  pageTarget.on('Network.requestWillBeSent', ({ request }) => void urls.push(request.url));
  await pageTarget.send('Network.enable');
  return urls;
}

/**
 * The recorded URLs that leave the allowed origins, each once. A data: URL carries its bytes in
 * itself and is no request; a blob: URL has the origin of the page that made it, so it is checked.
 */
function requestsLeaving(urls: readonly string[], allowedOrigins: readonly string[]): string[] {
  return [...new Set(urls)].filter((url) => !url.startsWith('data:') && !allowedOrigins.includes(new URL(url).origin));
}

/** A third loopback origin that answers anything, with CORS so the page may read it; remembers what reached it. */
async function thirdOrigin(): Promise<{ origin: string; reached: string[]; close(): void }> {
  const reached: string[] = [];
  const server = createServer((request, response) => {
    reached.push(request.url ?? '');
    response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' }).end('hello');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, reached, close: () => server.close() };
}

/** The bodies of the messages in Bob's copy of the room, once decrypted. */
function bodiesBobHas(bob: MatrixClient, roomId: string): unknown[] {
  const events = bob.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
  return events.filter((event) => event.getType() === EventType.RoomMessage).map((event) => event.getContent().body);
}

describe('no phone-home: the page talks to the app and the homeserver, and to nobody else', () => {
  let harness: Harness;
  let bob: MatrixClient | undefined;
  let requests: string[];

  beforeAll(async () => {
    harness = await startHarness({ secretStorage: 'memory' });
    requests = await recordRequests(harness);
  });
  afterAll(async () => {
    bob?.stopClient();
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  it('from first start through sign-in, chatting, attachments and the member list to sign-out', async () => {
    const { page } = harness;
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    bob = await startPeer(synapse.baseUrl, bobUser);

    // First start: the login screen. A new account's first sign-in shows the recovery key, confirmed as kept.
    await page.goto(harness.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });

    // An encrypted room with Bob, created in the UI.
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByLabel('Name').fill('Lagebesprechung');
    await page.getByLabel('Invite people', { exact: true }).fill(bobUser.userId);
    await page.getByRole('button', { name: 'Create room' }).click();
    const invitation = () => bob!.getRooms().find((room) => room.getMyMembership() === 'invite')?.roomId;
    await expect.poll(invitation).toBeDefined();
    const roomId = invitation()!;
    await bob.joinRoom(roomId);
    await expect.poll(() => bob!.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);

    // A message each way; Alice's is typed key by key, misspelt, as a person types.
    const composer = page.getByLabel('Message to Lagebesprechung');
    await composer.pressSequentially('Guten Morgn, Bob');
    await composer.press('Enter');
    await expect.poll(() => bodiesBobHas(bob!, roomId)).toContain('Guten Morgn, Bob');
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Hallo Alice, alles bereit.' });
    const log = page.getByRole('log');
    await expect.poll(() => log.getByText('Hallo Alice, alles bereit.').count()).toBe(1);

    // An image by the picker and a file by the file input; Bob gets both, Alice sees her image.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach files' }).click()]);
    await chooser.setFiles({ name: 'Lageplan.png', mimeType: 'image/png', buffer: gradientPng(320, 200) });
    await page.locator('input[type="file"]').setInputFiles({ name: 'Vermerk.txt', mimeType: 'text/plain', buffer: Buffer.from('Vermerk') });
    await expect.poll(() => bodiesBobHas(bob!, roomId)).toEqual(expect.arrayContaining(['Lageplan.png', 'Vermerk.txt']));
    await expect.poll(() => log.getByRole('img', { name: 'Lageplan.png' }).getAttribute('src')).toMatch(/^blob:/);

    // The member list, then sign-out back to the login screen.
    await page.getByRole('button', { name: '2 members' }).click();
    await page.getByRole('region', { name: 'Members' }).waitFor();
    await page.keyboard.press('Escape');
    await chooseFromUserMenu(page, 'Sign out');
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);

    // The recorder saw the app's own files (Rust crypto's WASM, the sync store's worker, the favicon) and the homeserver...
    const appOrigin = new URL(harness.url).origin;
    const ownFiles = requests.filter((url) => url.startsWith(`${appOrigin}/`)).map((url) => new URL(url).pathname);
    expect(ownFiles).toContainEqual(expect.stringMatching(/\.wasm$/));
    expect(ownFiles).toContainEqual(expect.stringMatching(/\/sync-store-worker-[\w-]+\.js$/));
    expect(ownFiles).toContain('/favicon.ico');
    expect(requests).toContainEqual(`${homeserver}/_matrix/client/v3/logout`);
    // ...and nothing else.
    expect(requestsLeaving(requests, [appOrigin, homeserver]), 'requests to neither the app nor the homeserver').toEqual([]);
  });
});

describe('the no-phone-home check can fail', () => {
  it('names a third origin reached from the page and one the CSP refuses; local URLs pass', async () => {
    const third = await thirdOrigin();
    const harness = await startHarness({ secretStorage: 'memory' });
    try {
      const requests = await recordRequests(harness);
      await harness.page.goto(harness.url);
      await harness.page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await harness.page.evaluate(async (origin) => {
        await fetch(`${origin}/from-page`);
        document.body.append(Object.assign(new Image(), { src: `${origin}/refused-image` }));
      }, third.origin);
      // A real request that left the page (the image never did: img-src refused it)...
      await expect.poll(() => [...third.reached]).toEqual(['/from-page']);
      // ...and the check names both, the refused attempt too.
      const named = ['/from-page', '/refused-image'].map((path) => `${third.origin}${path}`);
      const appOrigin = new URL(harness.url).origin;
      const allowed = [appOrigin, homeserver];
      await expect.poll(() => requestsLeaving(requests, allowed).sort()).toEqual(named.sort());
      // URLs that never leave the page are not requests elsewhere; a blob: URL counts by its creator's origin.
      expect(requestsLeaving(['data:image/gif;base64,R0lGODlhAQABAAAAACw=', `blob:${appOrigin}/1234`], allowed)).toEqual([]);
      expect(requestsLeaving([`blob:${third.origin}/1234`], allowed)).toEqual([`blob:${third.origin}/1234`]);
    } finally {
      await harness.close();
      third.close();
    }
  });
});
