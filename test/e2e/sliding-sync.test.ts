import { EventType, MsgType, Preset } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { signIn, submitLogin } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { startCrossSignedPeer, startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
const rooms = 300;

/** Rooms made straight through the API, a few at a time: the app sees an account that has them already. */
async function createRooms(user: RegisteredUser, names: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/createRoom`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, preset: 'private_chat' }),
      });
      if (!response.ok) throw new Error(`createRoom: ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

describe('sliding sync on a new device of an account with 300 rooms', () => {
  // Sliding sync where the server offers it, as an organisation turns it on (`sync.mode: auto`).
  const harness = pagePerFile({ secretStorage: 'memory', machinePolicy: { 'sync.mode': 'auto' } });

  it('shows the first rooms before the whole list, filters beyond the first window, and notifies about an encrypted message there', { timeout: 600_000 }, async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')), { sync: 'classic' });
    try {
      // The oldest rooms, so the newer ones push them out of the first window: an encrypted one with Bob and one to filter for.
      const { room_id: secretRoom } = await bob.createRoom({
        name: 'Geheimakte',
        preset: Preset.PrivateChat,
        invite: [alice.userId],
        initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
      });
      const joined = await fetch(`${synapse.baseUrl}/_matrix/client/v3/join/${encodeURIComponent(secretRoom)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(joined.ok).toBe(true);
      await createRooms(alice, ['Archiv Nord']);
      await createRooms(alice, Array.from({ length: rooms - 2 }, (_, n) => `Referat ${n + 1}`));

      // Alice's account has secure backup from another session, so this device is new: it may verify later.
      const { client: firstSession } = await startCrossSignedPeer(synapse.baseUrl, alice, { sync: 'classic' });
      firstSession.stopClient();

      const { page, adapters } = harness();
      // A slow homeserver: the answers that grow the list's window wait, so the first screen can be seen alone.
      let slow = true;
      await page.route('**/org.matrix.simplified_msc3575/sync**', async (route) => {
        const body = JSON.parse(route.request().postData() ?? '{}') as { lists?: { rooms?: { ranges?: number[][] } } };
        // The app drops a poll it no longer needs (a new window, another open room).
        const response = await route.fetch().catch(() => null);
        if (!response) return route.abort().catch(() => undefined);
        while (slow && (body.lists?.rooms?.ranges?.[0]?.[1] ?? 0) >= 20) await new Promise((resolve) => setTimeout(resolve, 100));
        await route.fulfill({ response }).catch(() => undefined);
      });
      await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
      await page.getByRole('button', { name: 'Verify later' }).click({ timeout: 60_000 });

      const list = page.getByRole('navigation', { name: 'Conversations' });
      await expect.poll(() => list.getByRole('status').textContent()).toContain(`of ${rooms}`);
      await expect.poll(() => list.locator('button.room', { hasText: 'Referat' }).count()).toBeGreaterThan(0);
      expect(await list.locator('button.room', { hasText: 'Archiv Nord' }).count()).toBe(0);

      slow = false;
      await expect.poll(() => list.getByRole('status').count(), { timeout: 60_000 }).toBe(0);
      await list.getByRole('searchbox').fill('Archiv');
      await expect.poll(() => list.locator('button.room', { hasText: 'Archiv Nord' }).count()).toBe(1);
      await list.getByRole('searchbox').fill('');

      // Bob's key for the new device comes by to-device message, the message by the room list's window.
      await bob.sendMessage(secretRoom, { msgtype: MsgType.Text, body: 'Die Akte liegt bereit.' });
      // A named room: the notification says who wrote.
      await expect.poll(() => adapters.notifications.some(({ title, body }) => title === 'Geheimakte' && body.endsWith(': Die Akte liegt bereit.')), { timeout: 60_000 }).toBe(true);
      await list.locator('button.room', { hasText: 'Geheimakte' }).click();
      await expect.poll(() => page.getByRole('log').getByText('Die Akte liegt bereit.').count()).toBe(1);
    } finally {
      bob.stopClient();
    }
  });
});

describe('policy sync.mode', () => {
  for (const [mode, endpoint] of [
    ['classic', '/_matrix/client/v3/sync'],
    ['sliding', '/org.matrix.simplified_msc3575/sync'],
  ] as const) {
    describe(mode, () => {
      const harness = pagePerFile({ secretStorage: 'memory', machinePolicy: { 'sync.mode': mode } });

      it(`syncs with ${mode} sync only, and the rooms arrive`, async () => {
        const alice = await registerUser(synapse, uniqueLocalpart('alice'));
        await createRooms(alice, ['Poststelle']);
        const { page } = harness();
        const syncs = new Set<string>();
        page.on('request', (request) => {
          const { pathname } = new URL(request.url());
          if (pathname.endsWith('/sync')) syncs.add(pathname.includes('simplified_msc3575') ? '/org.matrix.simplified_msc3575/sync' : pathname);
        });
        await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
        await expect.poll(() => page.getByRole('navigation', { name: 'Conversations' }).locator('button.room', { hasText: 'Poststelle' }).count()).toBe(1);
        expect([...syncs]).toEqual([endpoint]);
      });
    });
  }
});
