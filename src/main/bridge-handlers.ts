/**
 * The main-process side of the bridge contract, free of Electron: the real app
 * (`ipc.ts`) and the test harness both run exactly this table.
 */
import type { AppInfo, BridgeHandlers } from '../shared/bridge';
import type { SessionVault } from './services/session-vault';

export interface BridgeServices {
  readonly appInfo: AppInfo;
  readonly sessionVault: SessionVault;
  readonly discoverHomeserver: (input: string) => Promise<{ baseUrl: string; versions: readonly string[] }>;
}

export function createBridgeHandlers(services: BridgeServices): BridgeHandlers {
  const { sessionVault } = services;
  return {
    app: {
      info: async () => services.appInfo,
    },
    homeserver: {
      discover: (input) => services.discoverHomeserver(input),
    },
    session: {
      load: () => sessionVault.load(),
      save: (session) => sessionVault.save(session),
      storageKey: () => sessionVault.storageKey(),
      clear: () => sessionVault.clear(),
    },
  };
}
