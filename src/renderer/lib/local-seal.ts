/**
 * Seals what the page itself keeps in local storage (drafts, queued messages) with
 * AES-256-GCM: a fresh random 96-bit IV for every write, under a key derived with
 * HKDF-SHA-256 from the session's storage key. Main keeps that key in the OS keychain
 * (only in memory for kiosk sessions) and deletes it on sign-out, so what is left on
 * disk without it cannot be read. The derived key cannot be exported from Web Crypto,
 * and its own label keeps it apart from the crypto store's use of the same secret.
 * The authenticated data names what a record is and whose (account, room), so a
 * record moved to another account or room does not open.
 */
import { decodeBase64, encodeBase64 } from 'matrix-js-sdk/lib/base64';

/** A sealed record as stored: base64 of the IV and of the ciphertext with its tag. */
export interface Sealed {
  readonly iv: string;
  readonly data: string;
}

const label = new TextEncoder().encode('depesche/local-storage-seal/v1');
const ivBytes = 12;

/** The sealing key of a session, from its 32-byte storage key. */
export async function deriveSealingKey(storageKey: Uint8Array): Promise<CryptoKey> {
  const secret = await crypto.subtle.importKey('raw', bytes(storageKey), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(), info: label }, secret, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/** `boundTo` is authenticated, not stored: the same values must be given to open it. */
export async function seal(key: CryptoKey, text: string, boundTo: readonly string[]): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(ivBytes));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: binding(boundTo) }, key, new TextEncoder().encode(text));
  return { iv: encodeBase64(iv), data: encodeBase64(new Uint8Array(data)) };
}

/** The sealed text, or null for anything that does not open: tampered, another key or binding, not a record at all. */
export async function unseal(key: CryptoKey, record: unknown, boundTo: readonly string[]): Promise<string | null> {
  if (!isSealed(record)) return null;
  try {
    const iv = decodeBase64(record.iv);
    if (iv.length !== ivBytes) return null;
    const text = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(iv), additionalData: binding(boundTo) }, key, bytes(decodeBase64(record.data)));
    return new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    return null;
  }
}

function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const { iv, data } = value as Record<string, unknown>;
  return typeof iv === 'string' && typeof data === 'string';
}

// JSON keeps the parts apart: ["a:b", "c"] and ["a", "b:c"] bind differently.
function binding(boundTo: readonly string[]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(boundTo));
}

/** Web Crypto's types want bytes over a plain ArrayBuffer. */
function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(view);
}
