/**
 * Desktop adapters for tests: instead of OS dialogs, notifications and the
 * browser, they record what main asked for and answer as the test scripts it.
 * Main's requests go out through Node's fetch (node-network.ts) and are recorded.
 * Everything behind them is the real main-process code.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeEventName, BridgeEventPayload } from '../../src/shared/bridge';
import type { DesktopAdapters } from '../../src/main/core/main-services';
import type { ClipboardPort } from '../../src/main/core/services/secret-clipboard';
import type { DesktopNotification } from '../../src/main/core/services/notifier';
import type { RunnableType } from '../../src/main/core/services/runnable-file';
import { createNodeNetwork, type NodeNetwork } from './node-network';

export interface RecordingAdapters extends DesktopAdapters {
  readonly openedLinks: string[];
  readonly linkConfirmations: { url: string; text: string }[];
  /** Every "this is a program (script, installer...)" warning before a save. */
  readonly runnableConfirmations: ({ name: string } & RunnableType)[];
  readonly notifications: DesktopNotification[];
  readonly unreadCounts: number[];
  readonly emitted: { event: BridgeEventName; payload: unknown }[];
  readonly saveDirectory: string;
  /** Main's own network requests. */
  readonly network: NodeNetwork;
  /** How the next link confirmations are answered. */
  confirmLinks: boolean;
  /** Whether the save dialog is cancelled. */
  cancelSaves: boolean;
  /** How the warnings before saving a runnable file are answered. */
  confirmRunnableSaves: boolean;
  focusCount: number;
  /** What the system reports as seconds since the last input. */
  idleTime: number;
  /** The system clipboard as main left it. */
  readonly clipboard: ClipboardPort & { text: string };
}

export async function createRecordingAdapters(
  deliver: (event: BridgeEventName, payload: unknown) => void = () => {},
): Promise<RecordingAdapters> {
  const saveDirectory = await mkdtemp(join(tmpdir(), 'depesche-saves-'));
  const network = createNodeNetwork();
  const adapters: RecordingAdapters = {
    openedLinks: [],
    linkConfirmations: [],
    runnableConfirmations: [],
    notifications: [],
    unreadCounts: [],
    emitted: [],
    saveDirectory,
    network,
    fetch: network.fetch,
    resolveHost: network.resolveHost,
    confirmLinks: true,
    cancelSaves: false,
    confirmRunnableSaves: true,
    focusCount: 0,
    idleTime: 0,
    async openExternal(url) {
      adapters.openedLinks.push(url);
    },
    async confirmLink(request) {
      adapters.linkConfirmations.push(request);
      return adapters.confirmLinks;
    },
    async chooseSavePath(suggestedName) {
      return adapters.cancelSaves ? null : join(saveDirectory, suggestedName);
    },
    async confirmRunnableSave(request) {
      adapters.runnableConfirmations.push(request);
      return adapters.confirmRunnableSaves;
    },
    showNotification(notification) {
      adapters.notifications.push(notification);
    },
    setUnreadCount(count) {
      adapters.unreadCounts.push(count);
    },
    focusWindow() {
      adapters.focusCount += 1;
    },
    idleSeconds: () => adapters.idleTime,
    emit<E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>) {
      adapters.emitted.push({ event, payload });
      deliver(event, payload);
    },
    clipboard: {
      text: '',
      async writeText(text) {
        adapters.clipboard.text = text;
      },
      readText: async () => adapters.clipboard.text,
      async clear() {
        adapters.clipboard.text = '';
      },
    },
  };
  return adapters;
}
