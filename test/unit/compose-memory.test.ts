import { MsgType } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { forgetComposing, storedDrafts, storedOutbox } from '../../src/renderer/lib/compose-memory';
import type { QueuedMessage } from '../../src/renderer/lib/view-models/outbox';
import { MemoryStorage } from '../support/memory-storage';

const alice = '@alice:behoerde.example';
const bob = '@bob:behoerde.example';
const queued = (txnId: string, body: string): QueuedMessage => ({
  roomId: '!akte:behoerde.example',
  txnId,
  content: { msgtype: MsgType.Text, body },
  queuedAt: 1_700_000_000_000,
});

describe('drafts per account and room', () => {
  it('keeps each room its own text, across a restart (a new store on the same storage)', () => {
    const storage = new MemoryStorage();
    const drafts = storedDrafts(storage, alice);
    drafts.save('!eins:x', 'Sehr geehrte');
    drafts.save('!zwei:x', 'Anbei die Akte');
    const again = storedDrafts(storage, alice);
    expect(again.load('!eins:x')).toBe('Sehr geehrte');
    expect(again.load('!zwei:x')).toBe('Anbei die Akte');
    expect(again.load('!drei:x')).toBe('');
  });

  it('keeps accounts apart on a shared machine', () => {
    const storage = new MemoryStorage();
    storedDrafts(storage, alice).save('!eins:x', 'Nur für Alice');
    expect(storedDrafts(storage, bob).load('!eins:x')).toBe('');
  });

  it('forgets a room whose text was sent or emptied, and leaves nothing behind once all are', () => {
    const storage = new MemoryStorage();
    const drafts = storedDrafts(storage, alice);
    drafts.save('!eins:x', 'Entwurf');
    drafts.save('!eins:x', '   ');
    expect(drafts.load('!eins:x')).toBe('');
    expect(storage.length).toBe(0);
  });

  it('starts empty from damaged storage instead of failing', () => {
    const storage = new MemoryStorage();
    storage.setItem(`depesche:drafts:${alice}`, '{"!eins:x": 42, "!zwei:x": "ok"');
    expect(storedDrafts(storage, alice).load('!zwei:x')).toBe('');
    storage.setItem(`depesche:drafts:${alice}`, '{"!eins:x": 42, "!zwei:x": "ok"}');
    expect(storedDrafts(storage, alice).load('!eins:x')).toBe('');
    expect(storedDrafts(storage, alice).load('!zwei:x')).toBe('ok');
  });
});

describe('the outbox in storage', () => {
  it('keeps queued messages in order across a restart, and nothing once all are sent', () => {
    const storage = new MemoryStorage();
    const outbox = storedOutbox(storage, alice);
    outbox.save([queued('t1', 'eins'), queued('t2', 'zwei')]);
    expect(storedOutbox(storage, alice).load()).toEqual([queued('t1', 'eins'), queued('t2', 'zwei')]);
    expect(storedOutbox(storage, bob).load()).toEqual([]);
    outbox.save([]);
    expect(storage.length).toBe(0);
  });

  it('drops damaged entries and keeps the rest', () => {
    const storage = new MemoryStorage();
    const broken = [{ roomId: 'kein-raum', txnId: 't0', content: { msgtype: 'm.text', body: 'x' }, queuedAt: 1 }, { txnId: 't9' }, null, 'text'];
    storage.setItem(`depesche:outbox:${alice}`, JSON.stringify([...broken, queued('t1', 'eins')]));
    expect(storedOutbox(storage, alice).load()).toEqual([queued('t1', 'eins')]);
    storage.setItem(`depesche:outbox:${alice}`, 'not json');
    expect(storedOutbox(storage, alice).load()).toEqual([]);
  });

  it('forgets an account’s drafts and queued messages on sign-out, and only that account’s', () => {
    const storage = new MemoryStorage();
    storedDrafts(storage, alice).save('!eins:x', 'Entwurf');
    storedOutbox(storage, alice).save([queued('t1', 'eins')]);
    storedDrafts(storage, bob).save('!eins:x', 'Bobs Entwurf');
    forgetComposing(storage, alice);
    expect(storedDrafts(storage, alice).load('!eins:x')).toBe('');
    expect(storedOutbox(storage, alice).load()).toEqual([]);
    expect(storedDrafts(storage, bob).load('!eins:x')).toBe('Bobs Entwurf');
  });
});
