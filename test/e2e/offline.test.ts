import { ClientEvent, EventType, MsgType, type MatrixClient, type Room } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { aliceInTheAppBobOnNode } from '../support/two-people';
import { joinsShown } from '../support/joins-shown';

const synapse = inject('synapse');

function nextInvite(client: MatrixClient): Promise<Room> {
  return new Promise((resolve) => {
    const check = (room: Room) => {
      if (room.getMyMembership() !== 'invite') return;
      client.off(ClientEvent.Room, check);
      resolve(room);
    };
    client.on(ClientEvent.Room, check);
  });
}

/** The text messages Bob's client has in a room, decrypted, in timeline order. */
function bobsBodies(bob: MatrixClient, roomId: string): string[] {
  const events = bob.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
  return events
    .filter((event) => event.getType() === EventType.RoomMessage || event.isDecryptionFailure())
    .map((event) => (event.isDecryptionFailure() ? `undecryptable: ${event.decryptionFailureReason}` : String(event.getContent().body)));
}

describe('working through a lost connection', () => {
  const people = aliceInTheAppBobOnNode(synapse);

  it('queues 20 messages in two rooms while offline, across a reload, and delivers each once and in order', async () => {
    const { harness, alice, bob, bobUser } = people();
    const { page, context } = harness;
    const rooms: string[] = [];
    for (const name of ['Poststelle', 'Registratur']) {
      const invite = nextInvite(bob);
      await page.getByRole('button', { name: 'New room' }).click();
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Invite people', { exact: true }).fill(bobUser.userId);
      await page.getByRole('button', { name: 'Create room' }).click();
      await expect.poll(() => page.getByRole('heading', { name }).count()).toBe(1);
      const { roomId } = await invite;
      await bob.joinRoom(roomId);
      await expect.poll(() => joinsShown(page)).toBe(1);
      rooms.push(roomId);
    }

    const offline = () => context.route(`${synapse.baseUrl}/**`, (route) => route.abort('internetdisconnected'));
    const online = () => context.unroute(`${synapse.baseUrl}/**`);
    const banner = page.getByText('No connection to the server.', { exact: false });
    const write = async (roomName: string, body: string) => {
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: roomName }).click();
      const composer = page.getByLabel(`Message to ${roomName}`);
      await composer.fill(body);
      await composer.press('Enter');
      await expect.poll(() => composer.inputValue()).toBe('');
    };
    const expected: Record<string, string[]> = { Poststelle: [], Registratur: [] };
    const names = ['Poststelle', 'Registratur'] as const;
    // Alice's messages as Bob has them, by room: each once, in the order typed.
    const delivered = () => ({
      Poststelle: bobsBodies(bob, rooms[0]!).filter((body) => !body.startsWith('Noch') && !body.startsWith('Und jetzt')),
      Registratur: bobsBodies(bob, rooms[1]!).filter((body) => !body.startsWith('Noch') && !body.startsWith('Und jetzt')),
    });

    // The connection drops; Bob's message ends Alice's waiting sync, whose next one fails.
    await offline();
    await bob.sendMessage(rooms[0]!, { msgtype: MsgType.Text, body: 'Noch da?' });
    await expect.poll(() => banner.count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    for (let i = 1; i <= 10; i++) {
      const room = names[i % 2]!;
      expected[room]!.push(`Nachricht ${i}`);
      await write(room, `Nachricht ${i}`);
    }

    // A draft waits too. Local storage holds both, sealed: neither text is there to read.
    const draft = 'Entwurf zur Aktenlage, nicht abgeschickt';
    await page.getByLabel('Message to Poststelle').fill(draft);
    const stored = () => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    await expect.poll(async () => Object.keys(await stored()).sort()).toEqual(
      expect.arrayContaining([`depesche:sealed-drafts:${alice.userId}`, `depesche:sealed-outbox:${alice.userId}`]),
    );
    expect(JSON.stringify(await stored())).not.toMatch(/Nachricht|Entwurf|"body"/);

    // A reload while still offline keeps the queue, and the draft.
    await page.reload();
    await online();
    await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(delivered, { timeout: 60_000 }).toEqual(expected);
    await expect.poll(() => page.getByLabel('Message to Poststelle').inputValue()).toBe(draft);

    // Offline again, ten more, then back.
    await offline();
    await bob.sendMessage(rooms[0]!, { msgtype: MsgType.Text, body: 'Und jetzt?' });
    await expect.poll(() => banner.count()).toBe(1);
    for (let i = 11; i <= 20; i++) {
      const room = names[i % 2]!;
      expected[room]!.push(`Nachricht ${i}`);
      await write(room, `Nachricht ${i}`);
    }
    await online();
    await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(delivered, { timeout: 60_000 }).toEqual(expected);
  });
});
