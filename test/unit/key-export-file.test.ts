import { describe, expect, it } from 'vitest';
import { decryptKeyFile, encryptKeyFile, KeyFileRejected } from '../../src/renderer/lib/matrix/key-export-file';

// Few rounds keep the unit test fast; the file records its rounds, and reading follows them.
const rounds = 1000;
const keys = JSON.stringify([{ algorithm: 'm.megolm.v1.aes-sha2', room_id: '!r:bund.de', session_id: 'abc', session_key: 'AQID' }]);

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeyFileRejected) return error.reason;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('key export files', () => {
  it('round-trips the keys under the passphrase, in the armoured format of the spec', async () => {
    const file = await encryptKeyFile(keys, 'Amtsgeheimnis 2026', rounds);
    const lines = file.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN MEGOLM SESSION DATA-----');
    expect(lines.at(-1)).toBe('-----END MEGOLM SESSION DATA-----');
    expect(lines.slice(1, -1).every((line) => line.length <= 96 && /^[A-Za-z0-9+/=]+$/.test(line))).toBe(true);
    const body = Buffer.from(lines.slice(1, -1).join(''), 'base64');
    expect(body[0]).toBe(1);
    expect(body.readUInt32BE(33)).toBe(rounds);
    expect(body[1 + 16 + 8]! & 0x80).toBe(0); // bit 63 of the IV is clear
    expect(file).not.toContain('session_key');
    expect(await decryptKeyFile(file, 'Amtsgeheimnis 2026')).toBe(keys);
  });

  it('refuses a wrong passphrase and a changed file alike', async () => {
    const file = await encryptKeyFile(keys, 'richtig', rounds);
    expect(await rejection(decryptKeyFile(file, 'falsch'))).toBe('wrong-passphrase');
    const lines = file.split('\n');
    const tampered = [lines[0], lines[1]!.slice(0, 60) + (lines[1]![60] === 'A' ? 'B' : 'A') + lines[1]!.slice(61), ...lines.slice(2)].join('\n');
    expect(await rejection(decryptKeyFile(tampered, 'richtig'))).toBe('wrong-passphrase');
  });

  it('refuses what is not a key file without trying the passphrase', async () => {
    for (const text of ['', 'hello', '-----BEGIN MEGOLM SESSION DATA-----\n!!!\n-----END MEGOLM SESSION DATA-----', '-----BEGIN MEGOLM SESSION DATA-----\nAQ==\n-----END MEGOLM SESSION DATA-----']) {
      expect(await rejection(decryptKeyFile(text, 'x')), text).toBe('not-a-key-file');
    }
  });

  it('reads a file another client wrote (the known-answer vector in the Android and web clients\' tests)', async () => {
    // Salt "saltsaltsaltsalt", IV 0x88…, 10 rounds, passphrase "password", content "plain".
    const written = ['-----BEGIN MEGOLM SESSION DATA-----', 'AXNhbHRzYWx0c2FsdHNhbHSIiIiIiIiIiIiIiIiIiIiIAAAACmIRUW2OjZ3L2l6j9h0lHlV3M2dx', 'cissyYBxjsfsAndErh065A8=', '-----END MEGOLM SESSION DATA-----'].join('\n');
    expect(await decryptKeyFile(written, 'password')).toBe('plain');
    await expect(decryptKeyFile(written, 'Password')).rejects.toBeInstanceOf(KeyFileRejected);
  });
});

