/** Writes an origin mark (services/origin-mark.ts) onto a saved file: the thin OS part. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { OriginMark } from './services/origin-mark';

const run = promisify(execFile);

export async function writeOriginMark(path: string, mark: OriginMark): Promise<void> {
  if (mark.kind === 'alternate-stream') return writeFile(`${path}:${mark.stream}`, mark.content);
  // The absolute path, so no other `xattr` on PATH is run.
  await run('/usr/bin/xattr', ['-w', mark.name, mark.value, path]);
}
