/** Searches every file under a directory for a secret, as UTF-8/Latin-1 and as UTF-16. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function filesContaining(root: string, secret: string): Promise<string[]> {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')];
  const hits: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path).catch(() => null);
    if (content && needles.some((needle) => content.includes(needle))) hits.push(path);
  }
  return hits;
}
