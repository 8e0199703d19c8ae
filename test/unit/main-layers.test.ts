import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Lint keeps electron out of src/main/core (eslint.config.js); this keeps every module that can
// live without Electron in core, so the rule covers it, and leaves src/main/electron to the adapters.
const main = join(import.meta.dirname, '../../src/main');
const modules = readdirSync(main, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => relative(main, join(entry.parentPath, entry.name)));
const importsElectron = (path: string) => /\bfrom\s+['"]electron['"]/.test(readFileSync(join(main, path), 'utf8'));

describe('the layers of src/main', () => {
  it('has every module in core/ or electron/', () => {
    expect(modules.filter((path) => !/^(core|electron)\//.test(path))).toEqual([]);
  });

  it('keeps in electron/ only modules that import electron', () => {
    expect(modules.filter((path) => path.startsWith('electron/') && !importsElectron(path))).toEqual([]);
  });
});
