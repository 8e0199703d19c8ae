import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSealingKey } from '../../src/renderer/lib/local-seal';
import { forgetIndex, openIndexDatabase, request, storeName } from '../../src/renderer/lib/search/index-database';
import { MessageIndex } from '../../src/renderer/lib/search/message-index';
import { openIndexStore } from '../../src/renderer/lib/search/sealed-index-store';

const room = '!akte:behoerde.example';
const other = '!kantine:behoerde.example';
const anna = '@anna:behoerde.example';
const ben = '@ben:behoerde.example';
const day = (date: string) => new Date(`${date}T12:00:00`).getTime();

function sampleIndex(): MessageIndex {
  const index = MessageIndex.empty();
  index.add({ eventId: '$1', roomId: room, sender: anna, ts: day('2026-11-02'), body: 'Der Bescheide liegt in der Poststraße' });
  index.add({ eventId: '$2', roomId: room, sender: ben, ts: day('2026-11-20'), body: 'Bescheid an Frau Müller geht morgen raus' });
  index.add({ eventId: '$3', roomId: other, sender: anna, ts: day('2026-11-21'), body: 'Mittagessen: Strassenfest in der Kantine' });
  return index;
}
const ids = (index: MessageIndex, query: Parameters<MessageIndex['search']>[0]) =>
  index
    .search(query)
    .map((hit) => hit.eventId)
    .sort();

describe('the local message index', () => {
  it('finds words case- and diacritic-folded, and a word by its beginning', () => {
    const index = sampleIndex();
    expect(ids(index, { text: 'strasse' })).toEqual(['$3']);
    expect(ids(index, { text: 'poststrasse' })).toEqual(['$1']);
    expect(ids(index, { text: 'Bescheid' })).toEqual(['$1', '$2']);
    expect(ids(index, { text: 'mueller' })).toEqual([]);
    expect(ids(index, { text: 'MÜLLER' })).toEqual(['$2']);
  });

  it('needs every word of a query', () => {
    expect(ids(sampleIndex(), { text: 'bescheid morgen' })).toEqual(['$2']);
    expect(ids(sampleIndex(), { text: 'bescheid kantine' })).toEqual([]);
  });

  it('filters by room, sender and days', () => {
    const index = sampleIndex();
    expect(ids(index, { text: 'der', roomId: room })).toEqual(['$1']);
    expect(ids(index, { text: 'bescheid', sender: ben })).toEqual(['$2']);
    expect(ids(index, { text: 'bescheid', from: day('2026-11-10') })).toEqual(['$2']);
    expect(ids(index, { text: 'bescheid', to: day('2026-11-10') })).toEqual(['$1']);
  });

  it('finds an edited message by its new text only, with the time of the original', () => {
    const index = sampleIndex();
    index.edit('$2', { roomId: room, sender: ben, ts: day('2026-11-22'), body: 'Widerspruch an Frau Müller geht morgen raus' });
    expect(ids(index, { text: 'bescheid' })).toEqual(['$1']);
    const [hit] = index.search({ text: 'widerspruch' });
    expect(hit).toMatchObject({ eventId: '$2', ts: day('2026-11-20'), editedTs: day('2026-11-22') });
  });

  it('ignores an edit by someone else, and an edit older than the one it has', () => {
    const index = sampleIndex();
    index.edit('$2', { roomId: room, sender: anna, ts: day('2026-11-22'), body: 'Fremde Fassung' });
    expect(ids(index, { text: 'fremde' })).toEqual([]);
    index.edit('$2', { roomId: room, sender: ben, ts: day('2026-11-23'), body: 'Neueste Fassung' });
    index.edit('$2', { roomId: room, sender: ben, ts: day('2026-11-22'), body: 'Mittlere Fassung' });
    expect(ids(index, { text: 'fassung' })).toEqual(['$2']);
    expect(ids(index, { text: 'neueste' })).toEqual(['$2']);
  });

  it('keeps the newer text when the edit came before the message it edits (history is read newest first)', () => {
    const index = MessageIndex.empty();
    index.edit('$9', { roomId: room, sender: anna, ts: day('2026-11-25'), body: 'Termin am Freitag' });
    index.add({ eventId: '$9', roomId: room, sender: anna, ts: day('2026-11-24'), body: 'Termin am Donnerstag' });
    expect(ids(index, { text: 'donnerstag' })).toEqual([]);
    expect(index.search({ text: 'freitag' })[0]).toMatchObject({ eventId: '$9', ts: day('2026-11-24') });
  });

  it('does not let an "edit" by someone else or from another room that came first hide the message', () => {
    const index = MessageIndex.empty();
    index.edit('$7', { roomId: room, sender: ben, ts: day('2026-11-25'), body: 'Gefälschte Fassung' });
    index.add({ eventId: '$7', roomId: room, sender: anna, ts: day('2026-11-24'), body: 'Bescheid ist raus' });
    index.edit('$8', { roomId: other, sender: anna, ts: day('2026-11-25'), body: 'Aus dem falschen Raum' });
    index.add({ eventId: '$8', roomId: room, sender: anna, ts: day('2026-11-24'), body: 'Akte liegt bei Ben' });
    expect(index.search({ text: 'bescheid' })[0]).toMatchObject({ eventId: '$7', sender: anna });
    expect(index.search({ text: 'akte' })[0]).toMatchObject({ eventId: '$8', roomId: room });
    expect(ids(index, { text: 'gefalschte' })).toEqual([]);
    expect(ids(index, { text: 'falschen' })).toEqual([]);
    // Once the message is known, an edit from another room is ignored as well.
    index.edit('$8', { roomId: other, sender: anna, ts: day('2026-11-26'), body: 'Noch einmal falsch' });
    expect(ids(index, { text: 'akte' })).toEqual(['$8']);
  });

  it('forgets a redacted message', () => {
    const index = sampleIndex();
    index.remove('$1');
    expect(ids(index, { text: 'bescheid' })).toEqual(['$2']);
    expect(index.has('$1')).toBe(false);
  });

  it('finds the same after a round trip through JSON', () => {
    const index = MessageIndex.fromJSON(sampleIndex().toJSON());
    expect(ids(index, { text: 'bescheid', sender: anna })).toEqual(['$1']);
    expect(index.size).toBe(3);
  });
});

describe('the index at rest', () => {
  const userId = '@anna:behoerde.example';
  const stored = async () => {
    const database = await openIndexDatabase(userId);
    const record: unknown = await request(database.transaction(storeName).objectStore(storeName).get('v1'));
    database.close();
    return record;
  };

  it('is stored sealed, opens again under the same key, and is gone after sign-out', async () => {
    const key = await deriveSealingKey(randomBytes(32));
    const first = await openIndexStore(userId, key, () => {}, 0);
    first.index.add({ eventId: '$1', roomId: room, sender: anna, ts: day('2026-11-02'), body: 'Vertraulicher Bescheid' });
    first.changed();
    await first.close();
    expect(JSON.stringify(await stored())).not.toContain('Bescheid');

    const again = await openIndexStore(userId, key, () => {}, 0);
    expect(again.index.search({ text: 'bescheid' }).map((hit) => hit.eventId)).toEqual(['$1']);
    await again.close();

    await forgetIndex(userId);
    expect(await stored()).toBeUndefined();
  });

  it('starts empty, with a log line, when the stored index was sealed under another key', async () => {
    const first = await openIndexStore(userId, await deriveSealingKey(randomBytes(32)), () => {}, 0);
    first.index.add({ eventId: '$1', roomId: room, sender: anna, ts: 0, body: 'Bescheid' });
    first.changed();
    await first.close();
    const lines: string[] = [];
    const other = await openIndexStore(userId, await deriveSealingKey(randomBytes(32)), (_level, line) => lines.push(line), 0);
    expect(other.index.size).toBe(0);
    expect(lines).toEqual(['The stored search index could not be opened; it is built anew.']);
    await other.close();
    await forgetIndex(userId);
  });
});
