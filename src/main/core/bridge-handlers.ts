/**
 * The main-process side of the bridge contract, free of Electron: the real app
 * (`ipc.ts`) and the test harness both run exactly this table.
 */
import type { AppInfo, BridgeHandlers, DiscoveredHomeserver, RecordSaveOutcome, SaveOutcome } from '../../shared/bridge';
import { DepescheError } from '../../shared/errors';
import type { EffectiveSettings, PolicySnapshot } from '../../shared/policy';
import type { MessageNotice } from './services/notifier';
import type { SessionVault } from './services/session-vault';

export interface BridgeServices {
  readonly appInfo: AppInfo;
  readonly sessionVault: SessionVault;
  readonly policy: () => PolicySnapshot;
  /** The policy's effect on this machine (computed in main, where the platform is known). */
  readonly effective: EffectiveSettings;
  readonly discoverHomeserver: (input: string) => Promise<DiscoveredHomeserver>;
  readonly openExternalLink: (link: { url: string; text?: string }) => Promise<'opened' | 'cancelled'>;
  readonly saveFile: (suggestedName: string, bytes: Uint8Array) => Promise<SaveOutcome>;
  /** Saves a records export and logs what it held (counts and scope, no content). */
  readonly saveRecord: (suggestedName: string, bytes: Uint8Array, summary: RecordSummary) => Promise<RecordSaveOutcome>;
  readonly showNotification: (notice: MessageNotice) => void;
  readonly setUnreadCount: (count: number) => void;
  /** The page locked (the person asked) or unlocked (the homeserver accepted the password). */
  readonly reportLocked: (locked: boolean) => void;
  /** A line from the renderer; main's per-window budget decides whether it is written. */
  readonly logFromRenderer: (windowId: number, level: 'error' | 'warn' | 'info', message: string) => void;
  readonly exportLogs: () => Promise<string>;
  readonly writeSecretToClipboard: (windowId: number, text: string) => Promise<void>;
}

export interface RecordSummary {
  readonly roomId: string;
  readonly scope: 'range' | 'selection';
  readonly messages: number;
  readonly undecryptable: number;
  readonly attachments: number;
}

export function createBridgeHandlers(services: BridgeServices): BridgeHandlers {
  const { sessionVault } = services;
  // Everything that writes a file through the save dialog, the log export included.
  const saveAllowed = () => {
    if (!services.policy().values['downloads.enabled']) {
      throw new DepescheError('policy-forbidden', 'Saving files is turned off by your administrator.');
    }
  };
  return {
    app: {
      info: async () => services.appInfo,
      setUnreadCount: async (count) => services.setUnreadCount(count),
      setLocked: async (locked) => services.reportLocked(locked),
    },
    policy: {
      get: async () => ({ ...services.policy(), effective: services.effective }),
    },
    homeserver: {
      discover: (input) => services.discoverHomeserver(input),
    },
    session: {
      load: () => sessionVault.load(),
      save: (session) => sessionVault.save(session),
      expire: () => sessionVault.expire(),
      storageKey: () => sessionVault.storageKey(),
      clear: () => sessionVault.clear(),
    },
    links: {
      openExternal: (link) => services.openExternalLink(link),
    },
    files: {
      save: async ({ suggestedName, bytes }) => {
        saveAllowed();
        return services.saveFile(suggestedName, bytes);
      },
    },
    records: {
      save: async ({ suggestedName, bytes, summary }) => {
        // The page hides the control; a page that calls anyway is refused here, where policy is known.
        if (!services.policy().values['export.enabled']) {
          throw new DepescheError('policy-forbidden', 'Exporting conversations is turned off by your administrator.');
        }
        // The package holds the attachments: where files may not be saved, it may not be either.
        saveAllowed();
        return services.saveRecord(suggestedName, bytes, summary);
      },
    },
    notifications: {
      show: async (notice) => services.showNotification(notice),
    },
    log: {
      write: async ({ level, message }, { windowId }) => services.logFromRenderer(windowId, level, message),
      export: async () => {
        saveAllowed();
        return services.saveFile('depesche-logs.txt', new TextEncoder().encode(await services.exportLogs()));
      },
    },
    clipboard: {
      writeSecret: ({ text }, { windowId }) => services.writeSecretToClipboard(windowId, text),
    },
  };
}
