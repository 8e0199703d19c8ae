import { createHash } from 'node:crypto';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checksumLines, manifestOf, recordArchive, sha256Hex, type ArchivePart } from '../../src/renderer/lib/records/record-archive';

const parts: ArchivePart[] = [
  { name: 'a_Abgabe.Abgabe.0401.xml', role: 'xdomea', bytes: strToU8('<xml/>') },
  { name: 'b_Gespraechsverlauf.pdf', role: 'conversation', bytes: strToU8('%PDF-1.7') },
  { name: 'c_Lageplan Ü.png', role: 'attachment', bytes: new Uint8Array([137, 80, 78, 71]) },
];
const created = '2026-12-01T10:30:00Z';

describe('the manifest of a records export', () => {
  it('hashes with SHA-256 (the FIPS 180-2 test vector)', async () => {
    expect(await sha256Hex(strToU8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('lists every part with its role, size and hash, and as sha256sum prints them', async () => {
    const manifest = await manifestOf(parts, created);
    expect(manifest).toMatchObject({ format: 'depesche-record-manifest/1', algorithm: 'SHA-256', created });
    expect(manifest.parts).toEqual(
      parts.map(({ name, role, bytes }) => ({ name, role, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') })),
    );
    expect(checksumLines(manifest)).toBe(manifest.parts.map(({ sha256, name }) => `${sha256}  ${name}\n`).join(''));
  });

  it('puts every part, the manifest and the checksum list in one zip, byte for byte', async () => {
    const files = unzipSync(await recordArchive(parts, created));
    expect(Object.keys(files).sort()).toEqual([...parts.map(({ name }) => name), 'SHA256SUMS', 'manifest.json'].sort());
    for (const { name, bytes } of parts) expect(files[name]).toEqual(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { parts: { sha256: string }[] };
    expect(manifest.parts.map(({ sha256 }) => sha256)).toEqual(parts.map(({ bytes }) => createHash('sha256').update(bytes).digest('hex')));
  });

  it('refuses two parts of one name, or a part named like the manifest', async () => {
    await expect(recordArchive([parts[0]!, parts[0]!], created)).rejects.toThrow('unique');
    await expect(recordArchive([{ ...parts[0]!, name: 'manifest.json' }], created)).rejects.toThrow('unique');
  });
});
