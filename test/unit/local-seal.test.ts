import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSealingKey, seal, unseal } from '../../src/renderer/lib/local-seal';

const binding = ['draft', '@alice:behoerde.example', '!akte:behoerde.example'];
const text = 'Vertraulicher Entwurf: Anhörung am Dienstag';

describe('sealing what the page keeps in local storage', () => {
  it('opens what it sealed, under a key derived again from the same storage key (a restart)', async () => {
    const storageKey = randomBytes(32);
    const sealed = await seal(await deriveSealingKey(storageKey), text, binding);
    expect(await unseal(await deriveSealingKey(storageKey), sealed, binding)).toBe(text);
  });

  it('stores neither the text nor the same bytes twice: a fresh 96-bit IV per write', async () => {
    const key = await deriveSealingKey(randomBytes(32));
    const first = await seal(key, text, binding);
    const second = await seal(key, text, binding);
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(12);
    expect(first.iv).not.toBe(second.iv);
    expect(first.data).not.toBe(second.data);
    expect(JSON.stringify(first)).not.toContain('Entwurf');
    expect(Buffer.from(first.data, 'base64').toString('latin1')).not.toContain('Entwurf');
  });

  it('holds a key that cannot be exported and is only good for AES-GCM', async () => {
    const key = await deriveSealingKey(randomBytes(32));
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('does not open under another session’s key', async () => {
    const sealed = await seal(await deriveSealingKey(randomBytes(32)), text, binding);
    expect(await unseal(await deriveSealingKey(randomBytes(32)), sealed, binding)).toBeNull();
  });

  it.each([
    ['another account', ['draft', '@mallory:behoerde.example', '!akte:behoerde.example']],
    ['another room', ['draft', '@alice:behoerde.example', '!andere:behoerde.example']],
    ['another kind of record', ['queued-message', '@alice:behoerde.example', '!akte:behoerde.example']],
    ['the same parts split differently', ['draft', '@alice:behoerde.example', '!akte:behoerde', 'example']],
  ])('does not open when moved to %s', async (_label, other) => {
    const key = await deriveSealingKey(randomBytes(32));
    expect(await unseal(key, await seal(key, text, binding), other)).toBeNull();
  });

  it('does not open a tampered record', async () => {
    const key = await deriveSealingKey(randomBytes(32));
    const sealed = await seal(key, text, binding);
    const data = Buffer.from(sealed.data, 'base64');
    data[3]! ^= 1;
    const iv = Buffer.from(sealed.iv, 'base64');
    iv[0]! ^= 1;
    expect(await unseal(key, { ...sealed, data: data.toString('base64') }, binding)).toBeNull();
    expect(await unseal(key, { ...sealed, iv: iv.toString('base64') }, binding)).toBeNull();
    expect(await unseal(key, { ...sealed, data: sealed.data.slice(0, -8) }, binding)).toBeNull();
  });

  it.each([null, 'text', 42, [], {}, { iv: 1, data: 'x' }, { iv: '%%%', data: '***' }, { iv: 'AAAA', data: 'AAAA' }])(
    'answers null for something that is not a sealed record: %j',
    async (record) => {
      const key = await deriveSealingKey(randomBytes(32));
      expect(await unseal(key, record, binding)).toBeNull();
    },
  );
});
