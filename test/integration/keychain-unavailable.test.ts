import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../src/main/core/services/secret-store';
import { startBusWithoutSecretService, type BareBus } from '../support/dbus';

// This file runs in its own process (Vitest isolates files), so the bus switch stays here.
describe('the OS keychain secret store without a Secret Service', () => {
  let bus: BareBus;
  beforeAll(async () => {
    bus = await startBusWithoutSecretService();
    process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  });
  afterAll(() => bus.stop());

  it('fails every operation with a typed error that names the missing service and the fix', async () => {
    const store = createKeychainSecretStore(keytar, 'linux');
    for (const operation of [() => store.get('p/session'), () => store.set('p/session', 'x'), () => store.delete('p/session')]) {
      const error = await operation().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: 'keychain-unavailable' });
      expect((error as Error).message).toContain('Secret Service (org.freedesktop.secrets)');
      expect((error as Error).message).toContain('apt install gnome-keyring');
      expect((error as Error).message).toContain('Nothing was saved');
    }
  });
});
