import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

async function builderConfig(): Promise<Record<string, unknown>> {
  return load(await readFile('electron-builder.yml', 'utf8')) as Record<string, unknown>;
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own configuration schema', async () => {
    const schema = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(await builderConfig());
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
  });

  it('sets every Electron fuse the security model requires', async () => {
    expect((await builderConfig()).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('builds managed packages: per-machine MSI, DEB on libsecret, no auto-update', async () => {
    const config = await builderConfig();
    expect(config.asar).toBe(true);
    expect(config.publish).toBeNull();
    expect(config.linux).toMatchObject({ target: ['deb', 'AppImage'] });
    expect(config.deb).toMatchObject({ depends: ['libsecret-1-0'], recommends: ['gnome-keyring'] });
    expect(config.win).toMatchObject({ target: ['msi', 'nsis'] });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
  });
});
