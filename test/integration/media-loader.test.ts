import { resolveObjectURL } from 'node:buffer';
import type { MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MediaLoader } from '../../src/renderer/lib/matrix/media';
import { startPeer } from '../support/peer-client';
import { gradientPng, pngSize } from '../support/png';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const avatarSize = { width: 96, height: 96, method: 'crop' } as const;

/** The bytes behind a blob: URL, or null once it has been revoked. */
async function bytesOf(url: string | null): Promise<Uint8Array | null> {
  const blob = url ? resolveObjectURL(url) : undefined;
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

/** The real fetch, with a record of every URL the loader asked for. */
function recordingFetch() {
  const urls: string[] = [];
  const fetchMedia: typeof fetch = (input, init) => {
    urls.push(String(input));
    return fetch(input, init);
  };
  return { urls, fetchMedia };
}

describe('MediaLoader against Synapse', () => {
  let alice: MatrixClient;
  let bob: MatrixClient;
  const png = gradientPng(200, 120);
  let mxc: string;

  beforeAll(async () => {
    alice = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('alice')));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    ({ content_uri: mxc } = await alice.uploadContent(new Blob([new Uint8Array(png)], { type: 'image/png' }), { name: 'stempel.png', type: 'image/png' }));
  });
  afterAll(() => {
    alice.stopClient();
    bob.stopClient();
  });

  it("loads someone else's upload through the authenticated endpoint into a blob: URL with the same bytes", async () => {
    const { urls, fetchMedia } = recordingFetch();
    const loader = new MediaLoader(bob, {}, fetchMedia);

    const url = await loader.download(mxc);
    expect(url).toMatch(/^blob:/);
    expect(await bytesOf(url)).toEqual(new Uint8Array(png));
    expect(resolveObjectURL(url!)?.type).toBe('image/png');
    expect(urls).toEqual([expect.stringMatching(`^${synapse.baseUrl}/_matrix/client/v1/media/download/localhost/`)]);
    loader.dispose();
  });

  it('loads a server-made thumbnail of the requested size', async () => {
    const loader = new MediaLoader(bob);
    const url = await loader.thumbnail(mxc, avatarSize);
    expect(url).toMatch(/^blob:/);
    expect(pngSize((await bytesOf(url))!)).toEqual({ width: 96, height: 96 });
    loader.dispose();
  });

  it('gives null, without asking the server, for anything that is not an mxc URI', async () => {
    const { urls, fetchMedia } = recordingFetch();
    const loader = new MediaLoader(bob, {}, fetchMedia);
    const notMxc = [
      'https://tracker.example/pixel.png',
      `${synapse.baseUrl}/_matrix/client/v1/media/download/localhost/abc`,
      'mxc://localhost/../../_synapse/admin',
      'mxc://localhost/abc/def',
      'mxc://localhost/abc?x=1',
      'mxc:///abc',
      ' mxc://localhost/abc',
      '',
    ];
    for (const candidate of notMxc) expect(await loader.download(candidate), candidate).toBeNull();
    expect(await loader.thumbnail(mxc, { width: 0, height: 96, method: 'crop' })).toBeNull();
    expect(await loader.thumbnail(mxc, { width: 96.5, height: 96, method: 'crop' })).toBeNull();
    expect(urls).toEqual([]);
    loader.dispose();
  });

  it('gives null for media the server does not have, and for a response over the byte cap', async () => {
    expect(await new MediaLoader(bob).download('mxc://localhost/NoSuchMediaId1234')).toBeNull();
    expect(await new MediaLoader(bob).thumbnail('mxc://localhost/NoSuchMediaId1234', avatarSize)).toBeNull();
    expect(await new MediaLoader(bob, { maxBytes: png.length - 1 }).download(mxc)).toBeNull();
    expect(await new MediaLoader(bob, { maxBytes: png.length }).download(mxc)).toMatch(/^blob:/);
  });

  it('asks the server once for concurrent and repeated requests of the same image and size', async () => {
    const { urls, fetchMedia } = recordingFetch();
    const loader = new MediaLoader(bob, {}, fetchMedia);
    const [first, second] = await Promise.all([loader.thumbnail(mxc, avatarSize), loader.thumbnail(mxc, avatarSize)]);
    expect(first).toMatch(/^blob:/);
    expect(second).toBe(first);
    expect(await loader.thumbnail(mxc, avatarSize)).toBe(first);
    expect(urls).toHaveLength(1);
    // Another size is another image.
    expect(await loader.thumbnail(mxc, { width: 32, height: 32, method: 'crop' })).not.toBe(first);
    expect(urls).toHaveLength(2);
    loader.dispose();
  });

  it('revokes the least recently used URL beyond its bound, and every URL when disposed', async () => {
    const loader = new MediaLoader(bob, { maxEntries: 2 });
    const small = await loader.thumbnail(mxc, { width: 32, height: 32, method: 'crop' });
    const avatar = await loader.thumbnail(mxc, avatarSize);
    expect(await loader.thumbnail(mxc, { width: 32, height: 32, method: 'crop' })).toBe(small); // now the most recent
    const original = await loader.download(mxc);
    expect(await bytesOf(avatar)).toBeNull();
    expect(await bytesOf(small)).not.toBeNull();
    expect(await bytesOf(original)).toEqual(new Uint8Array(png));

    loader.dispose();
    expect(await bytesOf(small)).toBeNull();
    expect(await bytesOf(original)).toBeNull();
    expect(await loader.download(mxc)).toBeNull();
  });

  it('bounds the cache by bytes as well', async () => {
    const loader = new MediaLoader(bob, { maxCachedBytes: png.length + 1 });
    const original = await loader.download(mxc);
    const avatar = await loader.thumbnail(mxc, avatarSize);
    expect(await bytesOf(original)).toBeNull();
    expect(await bytesOf(avatar)).not.toBeNull();
    loader.dispose();
  });
});
