/**
 * (f) The built renderer's sizes, raw and gzip-compressed: the JavaScript the login
 * screen loaded in Chromium, all JavaScript, CSS, the crypto WASM, the emoji font
 * (reported apart from the JavaScript: it is already compressed, and loaded only once an
 * emoji is on screen) and the emoji picker's names (JSON, fetched when the picker opens).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Size {
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly files: number;
}

export interface BundleSizes {
  readonly loginJs: Size;
  readonly allJs: Size;
  readonly css: Size;
  readonly wasm: Size;
  readonly emojiFont: Size;
  readonly emojiData: Size;
}

/** `loginScripts`: file names under assets/ that the login screen requested. */
export async function bundleSizes(rendererRoot: string, loginScripts: readonly string[]): Promise<BundleSizes> {
  const assets = join(rendererRoot, 'assets');
  const names = await readdir(assets);
  const measure = async (files: string[]): Promise<Size> => {
    let bytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const content = await readFile(join(assets, file));
      bytes += content.length;
      gzipBytes += gzipSync(content, { level: 9 }).length;
    }
    return { bytes, gzipBytes, files: files.length };
  };
  const js = names.filter((name) => name.endsWith('.js'));
  return {
    loginJs: await measure(js.filter((name) => loginScripts.includes(name))),
    allJs: await measure(js),
    css: await measure(names.filter((name) => name.endsWith('.css'))),
    wasm: await measure(names.filter((name) => name.endsWith('.wasm'))),
    emojiFont: await measure(names.filter((name) => name.endsWith('.woff2'))),
    emojiData: await measure(names.filter((name) => name.endsWith('.json'))),
  };
}
