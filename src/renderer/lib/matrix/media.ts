/**
 * Loads Matrix media into blob: URLs. The renderer's CSP allows no remote image,
 * and the authenticated media endpoints want the access token, so every image is
 * fetched here, checked, and handed to the page as an object URL. Attachments of
 * encrypted rooms are decrypted here too, after their ciphertext hash is checked.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { decryptAttachment } from 'matrix-encrypt-attachment';
import { limits as bridgeLimits } from '../../../shared/limits';
import { mxcUri } from '../content/mxc';
import type { AttachedMedia } from './attachment-content';

export interface ThumbnailSize {
  readonly width: number;
  readonly height: number;
  /** `crop` fills the box (avatars); `scale` fits into it. */
  readonly method: 'crop' | 'scale';
}

/** What components may ask for: a blob: URL, or null when there is no image to show. */
export interface MediaPort {
  /** A thumbnail the server made of the image. */
  thumbnail(mxc: string, size: ThumbnailSize): Promise<string | null>;
  /** The image as uploaded, if it is no larger than the loader's byte cap. */
  download(mxc: string): Promise<string | null>;
  /** An attached image or its thumbnail, decrypted if need be; null unless it is a raster image within the cap. */
  picture(media: AttachedMedia): Promise<string | null>;
}

export interface MediaLimits {
  /** The largest response accepted, in bytes. */
  readonly maxBytes: number;
  /** Object URLs kept at once; beyond either bound the least recently used is revoked. */
  readonly maxEntries: number;
  readonly maxCachedBytes: number;
  readonly timeoutMs: number;
  /** The largest attachment fetched for saving, and how long that may take. */
  readonly maxFileBytes: number;
  readonly fileTimeoutMs: number;
}

export type MediaClient = Pick<MatrixClient, 'mxcUrlToHttp' | 'getAccessToken'>;

const defaultLimits: MediaLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxEntries: 300,
  maxCachedBytes: 64 * 1024 * 1024,
  timeoutMs: 30_000,
  maxFileBytes: bridgeLimits.saveBytes,
  fileTimeoutMs: 10 * 60_000,
};

// Raster formats only: an SVG opened from its blob: URL would be a document in our origin.
export const rasterImageTypes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
const maxThumbnailSide = 2048;

interface Entry {
  readonly url: string;
  readonly bytes: number;
}

export class MediaLoader implements MediaPort {
  private readonly limits: MediaLimits;
  /** In use order, least recent first (a Map keeps insertion order). */
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string | null>>();
  private readonly stop = new AbortController();
  private cachedBytes = 0;

  constructor(
    private readonly client: MediaClient,
    limits: Partial<MediaLimits> = {},
    private readonly fetchMedia: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.limits = { ...defaultLimits, ...limits };
  }

  thumbnail(mxc: string, { width, height, method }: ThumbnailSize): Promise<string | null> {
    if (!isSide(width) || !isSide(height)) return Promise.resolve(null);
    return this.load(`${mxc} ${width}x${height} ${method}`, mxc, () => this.fetchImage(this.client.mxcUrlToHttp(mxc, width, height, method, false, true, true)));
  }

  download(mxc: string): Promise<string | null> {
    return this.load(`${mxc} original`, mxc, () => this.fetchImage(this.endpoint(mxc)));
  }

  picture(media: AttachedMedia): Promise<string | null> {
    const { mxc, encryption, mimetype } = media;
    if (!encryption) return this.download(mxc);
    // The server sees ciphertext of no type; the sender's declared type is taken only if it is a raster one.
    const type = mimetype ?? '';
    if (!rasterImageTypes.has(type)) return Promise.resolve(null);
    return this.load(`${mxc} decrypted`, mxc, async () => {
      const body = await this.fetchBody(this.endpoint(mxc), this.limits.maxBytes, this.limits.timeoutMs);
      return body && new Blob([await decrypted(body.bytes, encryption)], { type });
    });
  }

  /**
   * An attachment's bytes for saving, decrypted and hash-checked if encrypted;
   * null when it cannot be had (gone, too large, tampered with). Not cached.
   */
  async file(media: AttachedMedia): Promise<Uint8Array<ArrayBuffer> | null> {
    if (this.stop.signal.aborted || !mxcUri.test(media.mxc)) return null;
    try {
      const body = await this.fetchBody(this.endpoint(media.mxc), this.limits.maxFileBytes, this.limits.fileTimeoutMs);
      if (!body) return null;
      return media.encryption ? await decrypted(body.bytes, media.encryption) : body.bytes;
    } catch {
      return null;
    }
  }

  /** Revokes every URL handed out and cancels what is still loading; later calls give null. */
  dispose(): void {
    this.stop.abort();
    for (const { url } of this.cache.values()) URL.revokeObjectURL(url);
    this.cache.clear();
    this.pending.clear();
    this.cachedBytes = 0;
  }

  private endpoint(mxc: string): string | null {
    return this.client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
  }

  private load(key: string, mxc: string, fetchBlob: () => Promise<Blob | null>): Promise<string | null> {
    if (this.stop.signal.aborted || !mxcUri.test(mxc)) return Promise.resolve(null);
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return Promise.resolve(cached.url);
    }
    let request = this.pending.get(key);
    if (!request) {
      request = fetchBlob()
        .then((blob) => (blob ? this.remember(key, blob) : null))
        .catch(() => null)
        .finally(() => this.pending.delete(key));
      this.pending.set(key, request);
    }
    return request;
  }

  /** A picture the server serves in the clear: only a raster type it names, within the byte cap. */
  private async fetchImage(url: string | null): Promise<Blob | null> {
    // The type is one of ours, never the sender's: a blob: URL of HTML would run in our origin.
    const body = await this.fetchBody(url, this.limits.maxBytes, this.limits.timeoutMs, (type) => rasterImageTypes.has(type));
    return body && new Blob([body.bytes], { type: body.type });
  }

  /** The response body with its type, or null if the request fails, the type is refused, or the body grows past `maxBytes`. */
  private async fetchBody(
    url: string | null,
    maxBytes: number,
    timeoutMs: number,
    acceptType: (type: string) => boolean = () => true,
  ): Promise<{ type: string; bytes: Uint8Array<ArrayBuffer> } | null> {
    const token = this.client.getAccessToken();
    if (!url || !token) return null;
    const response = await this.fetchMedia(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(timeoutMs)]),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      // Media of conversations stays out of the browser's disk cache.
      cache: 'no-store',
    });
    const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    const declaredBytes = Number(response.headers.get('content-length') ?? 0);
    if (!response.ok || !acceptType(type) || declaredBytes > maxBytes) {
      await response.body?.cancel();
      return null;
    }
    const chunks = await readAtMost(response, maxBytes);
    return chunks && { type, bytes: new Uint8Array(await new Blob(chunks).arrayBuffer()) };
  }

  private remember(key: string, blob: Blob): string | null {
    if (this.stop.signal.aborted) return null;
    const url = URL.createObjectURL(blob);
    this.cache.set(key, { url, bytes: blob.size });
    this.cachedBytes += blob.size;
    for (const [oldKey, old] of this.cache) {
      if (this.cache.size <= this.limits.maxEntries && this.cachedBytes <= this.limits.maxCachedBytes) break;
      if (oldKey === key) break;
      URL.revokeObjectURL(old.url);
      this.cache.delete(oldKey);
      this.cachedBytes -= old.bytes;
    }
    return url;
  }
}

/** The plaintext of an encrypted attachment; throws if the ciphertext's SHA-256 differs from the one the sender sent. */
async function decrypted(ciphertext: Uint8Array<ArrayBuffer>, encryption: NonNullable<AttachedMedia['encryption']>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await decryptAttachment(ciphertext.buffer, encryption));
}

function isSide(pixels: number): boolean {
  return Number.isInteger(pixels) && pixels > 0 && pixels <= maxThumbnailSide;
}

/** The body's chunks, or null (and the download cancelled) once it grows past `maxBytes`. */
async function readAtMost(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>[] | null> {
  const reader = response.body?.getReader();
  if (!reader) return [];
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}
