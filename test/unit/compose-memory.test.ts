import { randomBytes } from 'node:crypto';
import { MsgType } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { forgetComposing, openComposeMemory } from '../../src/renderer/lib/compose-memory';
import { deriveSealingKey } from '../../src/renderer/lib/local-seal';
import type { QueuedMessage } from '../../src/renderer/lib/view-models/outbox';
import { MemoryStorage } from '../support/memory-storage';

const alice = '@alice:behoerde.example';
const bob = '@bob:behoerde.example';
const queued = (txnId: string, body: string, roomId = '!akte:behoerde.example'): QueuedMessage => ({
  roomId,
  txnId,
  content: { msgtype: MsgType.Text, body },
  queuedAt: 1_700_000_000_000,
});

/** One machine's local storage and one session's key, with the log lines the memory wrote. */
async function machine() {
  const storage = new MemoryStorage();
  const key = await deriveSealingKey(randomBytes(32));
  const logged: string[] = [];
  const open = (userId = alice, sealingKey = key) => openComposeMemory(storage, userId, sealingKey, (_level, line) => void logged.push(line));
  return { storage, key, logged, open, everything: () => JSON.stringify(Object.fromEntries(entries(storage))) };
}

function entries(storage: Storage): [string, string][] {
  return Array.from({ length: storage.length }, (_, index) => {
    const key = storage.key(index)!;
    return [key, storage.getItem(key)!];
  });
}

describe('drafts per account and room', () => {
  it('keeps each room its own text, across a restart, without any of it in storage as text', async () => {
    const { open, everything } = await machine();
    const memory = await open();
    memory.drafts.save('!eins:x', 'Sehr geehrte Frau Ministerialrätin');
    memory.drafts.save('!zwei:x', 'Anbei die Akte zum Vorgang');
    expect(memory.drafts.load('!eins:x')).toBe('Sehr geehrte Frau Ministerialrätin');
    await memory.close();
    expect(everything()).not.toMatch(/Ministerialrätin|Vorgang/);

    const again = await open();
    expect(again.drafts.load('!eins:x')).toBe('Sehr geehrte Frau Ministerialrätin');
    expect(again.drafts.load('!zwei:x')).toBe('Anbei die Akte zum Vorgang');
    expect(again.drafts.load('!drei:x')).toBe('');
  });

  it('stores the latest text of a burst of keystrokes', async () => {
    const { open } = await machine();
    const memory = await open();
    for (const text of ['A', 'An', 'Ant', 'Antw', 'Antwort']) memory.drafts.save('!eins:x', text);
    await memory.close();
    expect((await open()).drafts.load('!eins:x')).toBe('Antwort');
  });

  it('keeps accounts apart on a shared machine', async () => {
    const { open } = await machine();
    const memory = await open(alice);
    memory.drafts.save('!eins:x', 'Nur für Alice');
    await memory.close();
    expect((await open(bob)).drafts.load('!eins:x')).toBe('');
  });

  it('forgets a room whose text was sent or emptied, and leaves nothing behind once all are', async () => {
    const { storage, open } = await machine();
    const memory = await open();
    memory.drafts.save('!eins:x', 'Entwurf');
    memory.drafts.save('!eins:x', '   ');
    expect(memory.drafts.load('!eins:x')).toBe('');
    await memory.close();
    expect(storage.length).toBe(0);
  });

  it('takes no more changes once closed', async () => {
    const { open } = await machine();
    const memory = await open();
    memory.drafts.save('!eins:x', 'vorher');
    await memory.close();
    memory.drafts.save('!eins:x', 'nachher');
    expect((await open()).drafts.load('!eins:x')).toBe('vorher');
  });

  it('drops, with a log line, drafts sealed under another session’s key and keeps the storage tidy', async () => {
    const { storage, open, logged } = await machine();
    const before = await open();
    before.drafts.save('!eins:x', 'Alter Entwurf');
    await before.close();

    const otherSession = await open(alice, await deriveSealingKey(randomBytes(32)));
    expect(otherSession.drafts.load('!eins:x')).toBe('');
    expect(logged).toEqual(['Dropped 1 stored draft(s) that could not be decrypted.']);
    expect(storage.length).toBe(0);
  });

  it('drops a tampered draft or one moved to another room, and keeps the others', async () => {
    const { storage, open, logged } = await machine();
    const memory = await open();
    memory.drafts.save('!eins:x', 'eins');
    memory.drafts.save('!zwei:x', 'zwei');
    memory.drafts.save('!drei:x', 'drei');
    await memory.close();
    const key = `depesche:sealed-drafts:${alice}`;
    const records = JSON.parse(storage.getItem(key)!) as Record<string, { iv: string; data: string }>;
    const flipped = Buffer.from(records['!eins:x']!.data, 'base64');
    flipped[0]! ^= 1;
    records['!eins:x'] = { ...records['!eins:x']!, data: flipped.toString('base64') };
    records['!vier:x'] = records['!zwei:x']!;
    storage.setItem(key, JSON.stringify(records));

    const again = await open();
    expect(['!eins:x', '!zwei:x', '!drei:x', '!vier:x'].map((roomId) => again.drafts.load(roomId))).toEqual(['', 'zwei', 'drei', '']);
    expect(logged).toEqual(['Dropped 2 stored draft(s) that could not be decrypted.']);
    expect(Object.keys(JSON.parse(storage.getItem(key)!) as object).sort()).toEqual(['!drei:x', '!zwei:x']);
  });

  it('starts empty from damaged storage instead of failing', async () => {
    const { storage, open } = await machine();
    for (const damaged of ['{"!eins:x": 42', '[1, 2]', '"text"', '{"!eins:x": {"iv": 1}}']) {
      storage.setItem(`depesche:sealed-drafts:${alice}`, damaged);
      expect((await open()).drafts.load('!eins:x')).toBe('');
    }
  });

  it('seals plaintext drafts from before on first read and deletes the plaintext', async () => {
    const { storage, open, everything } = await machine();
    storage.setItem(`depesche:drafts:${alice}`, JSON.stringify({ '!eins:x': 'Alter Klartext-Entwurf', '!zwei:x': 42, '!drei:x': ' ' }));
    const memory = await open();
    expect(memory.drafts.load('!eins:x')).toBe('Alter Klartext-Entwurf');
    expect(storage.getItem(`depesche:drafts:${alice}`)).toBeNull();
    expect(everything()).not.toContain('Klartext');
    expect((await open()).drafts.load('!eins:x')).toBe('Alter Klartext-Entwurf');
  });
});

describe('the outbox in storage', () => {
  it('keeps queued messages in order across a restart, sealed, and nothing once all are sent', async () => {
    const { storage, open, everything } = await machine();
    const memory = await open();
    memory.outbox.save([queued('t1', 'Erste Nachricht'), queued('t2', 'Zweite Nachricht', '!andere:x')]);
    await memory.close();
    expect(everything()).not.toContain('Nachricht');

    const again = await open();
    expect(again.outbox.load()).toEqual([queued('t1', 'Erste Nachricht'), queued('t2', 'Zweite Nachricht', '!andere:x')]);
    expect((await open(bob)).outbox.load()).toEqual([]);
    again.outbox.save([]);
    await again.close();
    expect(storage.length).toBe(0);
  });

  it('drops damaged, tampered and moved entries with a log line and keeps the rest', async () => {
    const { storage, open, logged } = await machine();
    const memory = await open();
    memory.outbox.save([queued('t1', 'eins'), queued('t2', 'zwei')]);
    await memory.close();
    const key = `depesche:sealed-outbox:${alice}`;
    const [first, second] = JSON.parse(storage.getItem(key)!) as { roomId: string; sealed: { iv: string; data: string } }[];
    storage.setItem(key, JSON.stringify([{ ...first!, roomId: '!umgeleitet:x' }, null, 'text', { roomId: '!akte:behoerde.example' }, second]));

    const again = await open();
    expect(again.outbox.load()).toEqual([queued('t2', 'zwei')]);
    expect(logged).toEqual(['Dropped 4 queued message(s) that could not be decrypted.']);
    storage.setItem(key, 'not json');
    expect((await open()).outbox.load()).toEqual([]);
  });

  it('seals plaintext queued messages from before on first read, keeps their order, and deletes the plaintext', async () => {
    const { storage, open, everything } = await machine();
    const broken = { roomId: 'kein-raum', txnId: 't0', content: { msgtype: 'm.text', body: 'x' }, queuedAt: 1 };
    storage.setItem(`depesche:outbox:${alice}`, JSON.stringify([broken, queued('t1', 'Klartext eins'), queued('t2', 'Klartext zwei')]));
    const memory = await open();
    expect(memory.outbox.load()).toEqual([queued('t1', 'Klartext eins'), queued('t2', 'Klartext zwei')]);
    expect(storage.getItem(`depesche:outbox:${alice}`)).toBeNull();
    expect(everything()).not.toContain('Klartext');
    expect((await open()).outbox.load()).toEqual([queued('t1', 'Klartext eins'), queued('t2', 'Klartext zwei')]);
  });
});

describe('signing out', () => {
  it('forgets an account’s drafts and queued messages, sealed or from before, and only that account’s', async () => {
    const { storage, open } = await machine();
    const memory = await open(alice);
    memory.drafts.save('!eins:x', 'Entwurf');
    memory.outbox.save([queued('t1', 'eins')]);
    await memory.close();
    const bobs = await open(bob);
    bobs.drafts.save('!eins:x', 'Bobs Entwurf');
    await bobs.close();
    storage.setItem(`depesche:drafts:${alice}`, '{"!zwei:x": "alt"}');
    storage.setItem(`depesche:outbox:${alice}`, '[]');

    forgetComposing(storage, alice);
    expect(entries(storage).map(([key]) => key)).toEqual([`depesche:sealed-drafts:${bob}`]);
    expect((await open(bob)).drafts.load('!eins:x')).toBe('Bobs Entwurf');
  });
});
