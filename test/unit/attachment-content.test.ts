import { describe, expect, it } from 'vitest';
import { attachmentContent, attachmentOf } from '../../src/renderer/lib/matrix/attachment-content';
import { formatFileSize } from '../../src/renderer/lib/i18n/file-size';

const mxc = 'mxc://example.org/AbCdEf123';
const thumbMxc = 'mxc://example.org/Thumb456';
const file = {
  url: mxc,
  v: 'v2',
  iv: 'AAAAAAAAAAAAAAAAAAAAAA',
  hashes: { sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg' },
  key: { kty: 'oct', alg: 'A256CTR', k: 'qcHVMSgYg-71CauWBezXI5qkaRb0LuIy-Wx5kIaHMIA', key_ops: ['encrypt', 'decrypt'], ext: true },
};

describe('attachmentOf', () => {
  it('reads an encrypted image with its encrypted thumbnail', () => {
    const attachment = attachmentOf({
      msgtype: 'm.image',
      body: 'Foto.jpg',
      file,
      info: { mimetype: 'image/jpeg', size: 2048, w: 1600, h: 1200, thumbnail_file: { ...file, url: thumbMxc }, thumbnail_info: { mimetype: 'image/png', w: 800, h: 600 } },
    });
    expect(attachment).toMatchObject({ kind: 'image', name: 'Foto.jpg', size: 2048, width: 1600, height: 1200 });
    expect(attachment?.media).toEqual({ mxc, encryption: file, mimetype: 'image/jpeg' });
    expect(attachment?.preview).toEqual({ mxc: thumbMxc, encryption: { ...file, url: thumbMxc }, mimetype: 'image/png' });
  });

  it('prefers the file name to a caption in the body', () => {
    expect(attachmentOf({ msgtype: 'm.file', body: 'Hier die Akte', filename: 'Akte.pdf', url: mxc })?.name).toBe('Akte.pdf');
  });

  it('offers an image whose type is not a raster format as a file, never as a picture', () => {
    const svg = attachmentOf({ msgtype: 'm.image', body: 'logo.svg', url: mxc, info: { mimetype: 'image/svg+xml' } });
    expect(svg).toMatchObject({ kind: 'file', preview: null });
    const html = attachmentOf({ msgtype: 'm.image', body: 'x', url: mxc, info: { mimetype: 'image/png', thumbnail_url: thumbMxc, thumbnail_info: { mimetype: 'text/html' } } });
    expect(html?.preview).toEqual({ mxc, encryption: null, mimetype: 'image/png' });
  });

  it('shows videos and audio as files', () => {
    expect(attachmentOf({ msgtype: 'm.video', body: 'a.mp4', url: mxc })?.kind).toBe('file');
    expect(attachmentOf({ msgtype: 'm.audio', body: 'a.ogg', url: mxc })?.kind).toBe('file');
  });

  it.each([
    ['a version other than v2', { ...file, v: 'v1' }],
    ['no hash', { ...file, hashes: {} }],
    ['another algorithm', { ...file, key: { ...file.key, alg: 'A128CBC' } }],
    ['a key not for decrypting', { ...file, key: { ...file.key, key_ops: ['encrypt'] } }],
    ['a key that is not base64url', { ...file, key: { ...file.key, k: 'no spaces allowed' } }],
    ['a url that is not mxc', { ...file, url: 'https://evil.example/x' }],
    ['a url with a path', { ...file, url: 'mxc://example.org/../../admin' }],
    ['no object at all', 'mxc://example.org/AbCdEf123'],
  ])('refuses an encrypted file with %s', (_, bad) => {
    expect(attachmentOf({ msgtype: 'm.file', body: 'x', file: bad })).toBeNull();
  });

  it('keeps nothing of the encrypted file beyond what the spec defines', () => {
    const attachment = attachmentOf({ msgtype: 'm.file', body: 'x', file: { ...file, extra: 'tracking', key: { ...file.key, extra: 1 } } });
    expect(attachment?.media.encryption).toEqual(file);
  });

  it('ignores sizes and dimensions that are not whole non-negative numbers', () => {
    const attachment = attachmentOf({ msgtype: 'm.image', body: 'x', url: mxc, info: { mimetype: 'image/png', size: -1, w: 1.5, h: '100' } });
    expect(attachment).toMatchObject({ size: null, width: null, height: null });
  });

  it('is null for text messages and for media without a usable source', () => {
    expect(attachmentOf({ msgtype: 'm.text', body: 'Hallo', url: mxc })).toBeNull();
    expect(attachmentOf({ msgtype: 'm.file', body: 'x' })).toBeNull();
    expect(attachmentOf({ msgtype: 'm.file', body: 'x', url: 'https://evil.example/x' })).toBeNull();
  });
});

describe('attachmentContent', () => {
  it('builds an encrypted image with an encrypted thumbnail and no plain url', () => {
    const content = attachmentContent({
      name: 'Plan.png',
      mimetype: 'image/png',
      size: 1000,
      media: { file },
      image: { width: 1600, height: 900, thumbnail: { media: { file: { ...file, url: thumbMxc } }, mimetype: 'image/png', size: 100, width: 800, height: 450 } },
    });
    expect(content).toEqual({
      msgtype: 'm.image',
      body: 'Plan.png',
      filename: 'Plan.png',
      file,
      info: { mimetype: 'image/png', size: 1000, w: 1600, h: 900, thumbnail_file: { ...file, url: thumbMxc }, thumbnail_info: { mimetype: 'image/png', size: 100, w: 800, h: 450 } },
    });
    expect(attachmentOf(content as unknown as Record<string, unknown>)?.preview?.mxc).toBe(thumbMxc);
  });

  it('builds a plain file with a url', () => {
    expect(attachmentContent({ name: 'a.txt', mimetype: 'text/plain', size: 3, media: { url: mxc }, image: null })).toEqual({
      msgtype: 'm.file',
      body: 'a.txt',
      filename: 'a.txt',
      url: mxc,
      info: { mimetype: 'text/plain', size: 3 },
    });
  });
});

describe('formatFileSize', () => {
  it.each([
    [512, 'en', '512 bytes'],
    [1, 'de', '1\u00A0Byte'],
    [1536, 'en', '2 kB'],
    [5 * 1024 * 1024, 'en', '5 MB'],
    [5.5 * 1024 * 1024, 'de', '5,5 MB'],
    [3 * 1024 ** 3, 'de', '3\u00A0GB'],
  ])('shows %d bytes in %s as %s', (bytes, locale, expected) => {
    expect(formatFileSize(bytes, locale)).toBe(expected);
  });
});
