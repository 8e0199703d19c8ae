import { MsgType, Preset } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { unstoredIndex } from '../../src/renderer/lib/search/sealed-index-store';
import { MessageSearch, noFilters } from '../../src/renderer/lib/view-models/message-search';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

describe('message search against Synapse', () => {
  it("merges the server's results for an unencrypted room with the device's, and reads older history into the index on request", async () => {
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    const aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    const bob = await startPeer(synapse.baseUrl, bobUser);
    const { room_id: roomId } = await bob.createRoom({ preset: Preset.PublicChat, name: 'Offene Runde' });
    const { event_id: oldest } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Altes Aktenzeichen 0815 zur Akte' });
    // More than the initial sync brings (20), so the oldest is not in Alice's timeline.
    for (let at = 0; at < 25; at += 1) await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: `Füllnachricht ${at}` });
    const joined = await fetch(`${synapse.baseUrl}/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${aliceUser.accessToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(joined.ok).toBe(true);
    const alice = await startPeer(synapse.baseUrl, aliceUser);
    await expect.poll(() => alice.getRoom(roomId)?.getMyMembership()).toBe('join');

    const store = unstoredIndex();
    const search = new MessageSearch(alice, store, { neutraliseName: (name) => name, showMessage: () => {} });
    const filters = { ...noFilters, text: 'aktenzeichen', roomId };
    try {
      expect(store.index.has(oldest)).toBe(false);
      await search.search(filters);
      expect(search.value.results.map(({ eventId, source }) => ({ eventId, source }))).toEqual([{ eventId: oldest, source: 'server' }]);
      expect(search.value.results[0]!.parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Aktenzeichen']);

      const progress: number[] = [];
      const watching = search.subscribe(({ history }) => history && progress.push(history.messages));
      await search.indexHistory(roomId);
      watching();
      expect(store.index.has(oldest)).toBe(true);
      expect(progress.at(-1)).toBeGreaterThanOrEqual(26);
      expect(search.value.history).toBeNull();
      // The device has it now: one result, the device's, not two.
      await search.search(filters);
      expect(search.value.results.map(({ eventId, source }) => ({ eventId, source }))).toEqual([{ eventId: oldest, source: 'device' }]);
    } finally {
      search.dispose();
      alice.stopClient();
      bob.stopClient();
    }
  }, 240_000);
});
