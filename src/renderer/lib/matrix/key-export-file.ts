/**
 * Room-key export files as the Matrix spec defines them ("Key exports"), so that they
 * move between Depesche, Element and other clients: the keys' JSON, encrypted with
 * AES-256-CTR under a key derived from a passphrase (PBKDF2-HMAC-SHA-512), authenticated
 * with HMAC-SHA-256, in base64 between BEGIN/END lines. Web Crypto only.
 */
import { decodeBase64, encodeBase64 } from 'matrix-js-sdk/lib/base64';

const header = '-----BEGIN MEGOLM SESSION DATA-----';
const footer = '-----END MEGOLM SESSION DATA-----';
const formatVersion = 1;
const saltBytes = 16;
const ivBytes = 16;
const macBytes = 32;
/** Our choice for new files (as Element's); reading accepts what the file says, within reason. */
export const defaultKdfRounds = 500_000;
const maxKdfRounds = 10_000_000;
const lineLength = 96;

/** The passphrase is wrong or the file was changed: the two cannot be told apart, by design. */
export class KeyFileRejected extends Error {
  constructor(readonly reason: 'not-a-key-file' | 'wrong-passphrase') {
    super(reason === 'not-a-key-file' ? 'This is not a Matrix key export file.' : 'The passphrase is wrong, or the file was changed.');
    this.name = 'KeyFileRejected';
  }
}

export async function encryptKeyFile(keysJson: string, passphrase: string, rounds = defaultKdfRounds): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(saltBytes));
  const iv = crypto.getRandomValues(new Uint8Array(ivBytes));
  // Bit 63 cleared, so the 64-bit counter never wraps into the nonce half.
  iv[8]! &= 0x7f;
  const { aesKey, hmacKey } = await deriveKeys(passphrase, salt, rounds);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 64 }, aesKey, new TextEncoder().encode(keysJson)));

  const body = new Uint8Array(1 + saltBytes + ivBytes + 4 + ciphertext.length + macBytes);
  body[0] = formatVersion;
  body.set(salt, 1);
  body.set(iv, 1 + saltBytes);
  new DataView(body.buffer).setUint32(1 + saltBytes + ivBytes, rounds);
  body.set(ciphertext, 1 + saltBytes + ivBytes + 4);
  const signed = body.subarray(0, body.length - macBytes);
  body.set(new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, signed)), signed.length);

  const base64 = encodeBase64(body);
  const lines = base64.match(new RegExp(`.{1,${lineLength}}`, 'g')) ?? [];
  return [header, ...lines, footer, ''].join('\n');
}

export async function decryptKeyFile(file: string, passphrase: string): Promise<string> {
  const body = unarmour(file);
  if (body.length < 1 + saltBytes + ivBytes + 4 + macBytes || body[0] !== formatVersion) throw new KeyFileRejected('not-a-key-file');
  const salt = body.subarray(1, 1 + saltBytes);
  const iv = body.subarray(1 + saltBytes, 1 + saltBytes + ivBytes);
  const rounds = new DataView(body.buffer, body.byteOffset).getUint32(1 + saltBytes + ivBytes);
  if (rounds < 1 || rounds > maxKdfRounds) throw new KeyFileRejected('not-a-key-file');
  const { aesKey, hmacKey } = await deriveKeys(passphrase, salt, rounds);
  const signed = body.subarray(0, body.length - macBytes);
  const mac = body.subarray(body.length - macBytes);
  if (!(await crypto.subtle.verify('HMAC', hmacKey, mac, signed))) throw new KeyFileRejected('wrong-passphrase');
  const ciphertext = body.subarray(1 + saltBytes + ivBytes + 4, body.length - macBytes);
  const plaintext = await crypto.subtle.decrypt({ name: 'AES-CTR', counter: iv, length: 64 }, aesKey, ciphertext);
  return new TextDecoder().decode(plaintext);
}

async function deriveKeys(passphrase: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<{ aesKey: CryptoKey; hmacKey: CryptoKey }> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt, iterations: rounds }, material, 512));
  try {
    const aesKey = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-CTR', false, ['encrypt', 'decrypt']);
    const hmacKey = await crypto.subtle.importKey('raw', bits.slice(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return { aesKey, hmacKey };
  } finally {
    bits.fill(0);
  }
}

function unarmour(file: string): Uint8Array<ArrayBuffer> {
  const lines = file.split(/\r?\n/).map((line) => line.trim());
  const start = lines.indexOf(header);
  const end = lines.indexOf(footer, start + 1);
  if (start < 0 || end < 0) throw new KeyFileRejected('not-a-key-file');
  const base64 = lines.slice(start + 1, end).join('');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new KeyFileRejected('not-a-key-file');
  return decodeBase64(base64);
}
