/**
 * Addresses other clients send as plain text become links in the timeline, and those
 * links take the way of every link in a message: matrix.to into the app, the rest to
 * main, which applies the link policy.
 */
import { MsgType, Preset, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');

describe('addresses in messages from another client', () => {
  const harness = pagePerFile({ secretStorage: 'memory', machinePolicy: { 'links.allowedDomains': ['bund.example', 'bund.de'] } });
  let alice: RegisteredUser;
  let bob: MatrixClient;
  let roomId: string;

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    ({ room_id: roomId } = await bob.createRoom({ name: 'Vorlagen', preset: Preset.PrivateChat, invite: [alice.userId] }));
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Vorlagen' }).waitFor();
  });
  afterAll(() => bob.stopClient());

  it('links a plain address; a click and Enter each ask main to open it, and the page stays', async () => {
    const { page, adapters } = harness();
    const address = 'https://bund.example/vorlage?id=7';
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: `Die Vorlage: ${address}. Bitte lesen.` });
    const link = page.getByRole('log').getByRole('link', { name: address });
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe(address);
    // The sentence's full stop is not part of the address.
    const body = page.getByRole('log').locator('article', { has: page.getByRole('link', { name: address }) }).locator('.body');
    expect((await body.textContent())?.trim()).toBe(`Die Vorlage: ${address}. Bitte lesen.`);

    const pageUrl = page.url();
    await link.click();
    await expect.poll(() => adapters.openedLinks).toEqual([address]);
    await link.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => adapters.openedLinks).toEqual([address, address]);
    // The text shows the target itself, so main opened it without asking.
    expect(adapters.linkConfirmations).toEqual([]);
    expect(page.url()).toBe(pageUrl);
  });

  it('links addresses in the text of HTML, not in its code, and main refuses a domain outside the policy', async () => {
    const { page, adapters } = harness();
    adapters.openedLinks.length = 0;
    await bob.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: 'Antwort an poststelle@bund.de, nicht an https://elsewhere.example/form',
      format: 'org.matrix.custom.html',
      formatted_body: '<p>Antwort an <b>poststelle@bund.de</b>, nicht an https://elsewhere.example/form</p><pre><code>https://bund.example/intern</code></pre>',
    });
    const log = page.getByRole('log');
    const mail = log.getByRole('link', { name: 'poststelle@bund.de' });
    await expect.poll(() => mail.count()).toBe(1);
    expect(await mail.getAttribute('href')).toBe('mailto:poststelle@bund.de');
    expect(await log.getByRole('link', { name: 'https://bund.example/intern' }).count()).toBe(0);

    // The refused one first: had main opened it, it would be recorded before the mail link.
    await log.getByRole('link', { name: 'https://elsewhere.example/form' }).click();
    await mail.click();
    await expect.poll(() => adapters.openedLinks.length).toBe(1);
    expect(adapters.openedLinks).toEqual(['mailto:poststelle@bund.de']);
  });

  it('opens a plain matrix.to address to a room inside the app, not in the browser', async () => {
    const { page, adapters } = harness();
    adapters.openedLinks.length = 0;
    const { room_id: otherRoom } = await bob.createRoom({ name: 'Protokoll', preset: Preset.PrivateChat, invite: [alice.userId] });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Protokoll' }).waitFor();
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /^Vorlagen/ }).click();
    await page.getByRole('heading', { name: 'Vorlagen' }).waitFor();

    const address = `https://matrix.to/#/${otherRoom}`;
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: `Weiter in ${address}` });
    await page.getByRole('log').getByRole('link', { name: address }).click();
    await page.getByRole('heading', { name: 'Protokoll' }).waitFor();
    expect(adapters.openedLinks).toEqual([]);
  });
});
