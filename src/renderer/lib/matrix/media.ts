/**
 * Loads Matrix media into blob: URLs. The renderer's CSP allows no remote image,
 * and the authenticated media endpoints want the access token, so every image is
 * fetched here, checked, and handed to the page as an object URL.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { mxcUri } from '../content/mxc';

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
}

export interface MediaLimits {
  /** The largest response accepted, in bytes. */
  readonly maxBytes: number;
  /** Object URLs kept at once; beyond either bound the least recently used is revoked. */
  readonly maxEntries: number;
  readonly maxCachedBytes: number;
  readonly timeoutMs: number;
}

export type MediaClient = Pick<MatrixClient, 'mxcUrlToHttp' | 'getAccessToken'>;

const defaultLimits: MediaLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxEntries: 300,
  maxCachedBytes: 64 * 1024 * 1024,
  timeoutMs: 30_000,
};

// Raster formats only: an SVG opened from its blob: URL would be a document in our origin.
const imageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
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
    return this.load(`${mxc} ${width}x${height} ${method}`, mxc, () => this.client.mxcUrlToHttp(mxc, width, height, method, false, true, true));
  }

  download(mxc: string): Promise<string | null> {
    return this.load(`${mxc} original`, mxc, () => this.client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true));
  }

  /** Revokes every URL handed out and cancels what is still loading; later calls give null. */
  dispose(): void {
    this.stop.abort();
    for (const { url } of this.cache.values()) URL.revokeObjectURL(url);
    this.cache.clear();
    this.pending.clear();
    this.cachedBytes = 0;
  }

  private load(key: string, mxc: string, endpoint: () => string | null): Promise<string | null> {
    if (this.stop.signal.aborted || !mxcUri.test(mxc)) return Promise.resolve(null);
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return Promise.resolve(cached.url);
    }
    let request = this.pending.get(key);
    if (!request) {
      const url = endpoint();
      request = (url ? this.fetchImage(url) : Promise.resolve(null))
        .then((blob) => (blob ? this.remember(key, blob) : null))
        .catch(() => null)
        .finally(() => this.pending.delete(key));
      this.pending.set(key, request);
    }
    return request;
  }

  private async fetchImage(url: string): Promise<Blob | null> {
    const token = this.client.getAccessToken();
    if (!token) return null;
    const response = await this.fetchMedia(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.limits.timeoutMs)]),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      // Images of conversations stay out of the browser's disk cache.
      cache: 'no-store',
    });
    const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    const declaredBytes = Number(response.headers.get('content-length') ?? 0);
    if (!response.ok || !imageTypes.has(type) || declaredBytes > this.limits.maxBytes) {
      await response.body?.cancel();
      return null;
    }
    const chunks = await readAtMost(response, this.limits.maxBytes);
    // The type is one of ours, never the sender's: a blob: URL of HTML would run in our origin.
    return chunks ? new Blob(chunks, { type }) : null;
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
