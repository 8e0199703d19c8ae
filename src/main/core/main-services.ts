/**
 * Builds every main-process service from a few desktop adapters. The Electron
 * composition root passes adapters over Electron's APIs; the test harness passes
 * recording ones. Both get the same services, so what the tests run is what ships.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { limits, type AppInfo, type BridgeEventName, type BridgeEventPayload, type BridgeHandlers } from '../../shared/bridge';
import { DepescheError } from '../../shared/errors';
import type { PolicySnapshot } from '../../shared/policy';
import { createBridgeHandlers } from './bridge-handlers';
import type { MainStrings } from './main-strings';
import { writeOriginMark } from './origin-mark-writer';
import { createRendererLogBudget, rendererLogLimits } from './renderer-log-budget';
import { createScreenLock, type ScreenLock } from './screen-lock';
import { createExternalLinks } from './services/external-links';
import { createFileSaver } from './services/file-saver';
import type { HttpFetch, ResolveHost } from './services/guarded-fetch';
import { discoverHomeserver } from './services/homeserver-discovery';
import { createNotifier, type DesktopNotification } from './services/notifier';
import { fixedPolicyStore, type PolicyStore } from './services/policy-store';
import { originMarkFor } from './services/origin-mark';
import type { RunnableType } from './services/runnable-file';
import { signOutOnServer, type ServerSignOut } from './services/server-sign-out';
import { createSecretClipboard, type ClipboardPort, type Schedule } from './services/secret-clipboard';
import type { SecretStore } from './services/secret-store';
import { createSessionVault, type SessionVault } from './services/session-vault';
import { spellcheckSettings, type SpellcheckSettings } from './spellcheck';

export interface DesktopAdapters {
  openExternal(url: string): Promise<void>;
  confirmLink(request: { url: string; text: string }): Promise<boolean>;
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Warns that the file about to be saved is a program, script, installer... and asks whether to save it. */
  confirmRunnableSave(request: { name: string } & RunnableType): Promise<boolean>;
  showNotification(notification: DesktopNotification): void;
  setUnreadCount(count: number): void;
  /** Brings the main window to the front. */
  focusWindow(): void;
  /** Seconds since the last keyboard or mouse input on this computer. */
  idleSeconds(): number;
  emit<E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>): void;
  /** Main's own HTTP requests (Chromium's network stack in the app: system proxy, OS certificates); redirects are not followed. */
  fetch: HttpFetch;
  resolveHost: ResolveHost;
  readonly clipboard: ClipboardPort;
}

/** The part of the logging module the services use. */
export interface ServiceLogging {
  remember(secret: string): void;
  fromRenderer(level: 'error' | 'warn' | 'info', message: string): void;
  exportText(): Promise<string>;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
}

export interface MainServicesOptions {
  readonly appInfo: AppInfo;
  readonly secretStore: SecretStore;
  readonly profile: string;
  /** The policy in force: a store that follows changes (the app), or one snapshot (tests, tools). */
  readonly policy: PolicyStore | PolicySnapshot;
  readonly logging: ServiceLogging;
  readonly strings: MainStrings;
  readonly adapters: DesktopAdapters;
  /** Not packaged: discovery may use http on this computer (the local Synapse). */
  readonly development: boolean;
  /** The clock of the renderer log budget (tests pass their own). */
  readonly now?: () => number;
}

export interface MainServices {
  readonly handlers: BridgeHandlers;
  readonly sessionVault: SessionVault;
  /** For the window and the session; the page learns the outcome through policy.get. */
  readonly spellcheck: SpellcheckSettings;
  /** Clears a copied secret still on the clipboard (on quit: the minute's timer dies with the process). */
  clearCopiedSecret(): Promise<void>;
  /** The idle lock and the OS's lock screen ask the page to lock through this. */
  readonly screenLock: ScreenLock;
  /** Deletes the kept session's device on the homeserver (a kiosk's exit, log-off, shutdown). */
  signOutOnServer(signal: AbortSignal): Promise<ServerSignOut>;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const { appInfo, secretStore, profile, logging, strings, adapters, development } = options;
  const store = 'current' in options.policy ? options.policy : fixedPolicyStore(options.policy);
  // Read at each decision, so live keys follow a policy change at once.
  const policy = () => store.current().values;
  // The page re-reads policy.get(); the event carries nothing, so nothing in it can be stale.
  store.onChange(() => adapters.emit('policyChanged', {}));
  // What main itself found for a sign-in: the only homeservers a new session may name.
  const signInHomeservers = new Set<string>();
  const sessionVault = createSessionVault(secretStore, profile, randomBytes, {
    isSignInHomeserver: (homeserverUrl) => signInHomeservers.has(homeserverUrl),
    onSecret: (secret) => logging.remember(secret),
  });
  const links = createExternalLinks({
    openExternal: (url) => adapters.openExternal(url),
    confirm: (request) => adapters.confirmLink(request),
    policy: () => ({ enabled: policy()['links.enabled'], allowedDomains: policy()['links.allowedDomains'] }),
  });
  const files = createFileSaver({
    chooseSavePath: (name) => adapters.chooseSavePath(name),
    confirmRunnable: (request) => adapters.confirmRunnableSave(request),
    writeFile,
    async markOrigin(path) {
      const mark = originMarkFor(appInfo.platform, new Date());
      // A file system without streams or attributes (FAT, some network shares) keeps the file unmarked, as browsers do.
      if (mark) await writeOriginMark(path, mark).catch((error: unknown) => logging.warn('A saved file could not be marked as from the internet', error));
    },
  });
  const screenLock = createScreenLock({
    // Read at each check: a changed idle lock applies at once.
    idleMinutes: () => policy()['idleLock.minutes'],
    idleSeconds: () => adapters.idleSeconds(),
    requestLock: (reason) => adapters.emit('lockRequested', { reason }),
  });
  const notifier = createNotifier({
    show: (notification) => adapters.showNotification(notification),
    // Whoever might pass a locked screen sees that a message came, not what or from whom;
    // the person's own choice counts where policy only recommends (or leaves the default).
    content: (chosen) => {
      if (screenLock.locked) return 'none';
      const mandatory = store.current().locked.includes('notifications.content');
      return mandatory ? policy()['notifications.content'] : (chosen ?? policy()['notifications.content']);
    },
    strings,
    onClicked: (roomId) => {
      adapters.focusWindow();
      adapters.emit('notificationClicked', { roomId });
    },
  });

  const secretClipboard = createSecretClipboard(adapters.clipboard, afterDelay, (error) =>
    logging.warn('A copied secret could not be cleared from the clipboard', error),
  );
  // Spell checking is set on the session before the window exists: it takes effect after a restart.
  const spellcheck = spellcheckSettings(appInfo.platform, policy());
  const rendererLogBudget = createRendererLogBudget(rendererLogLimits, options.now ?? Date.now);
  // The same per-window minute budget, for copies of the recovery key.
  const clipboardBudget = createRendererLogBudget({ linesPerMinute: 10, bytesPerMinute: 10 * limits.clipboardSecret }, options.now ?? Date.now);
  const utf8 = new TextEncoder();

  const handlers = createBridgeHandlers({
    appInfo,
    sessionVault,
    policy: () => store.current(),
    effective: { spellcheck: spellcheck.enabled },
    discoverHomeserver: async (input) => {
      const found = await discoverHomeserver(input, {
        network: { fetch: adapters.fetch, resolveHost: adapters.resolveHost },
        development,
        configuredHomeserver: policy()['homeserver.url'] ?? null,
      });
      signInHomeservers.add(found.baseUrl);
      return found;
    },
    openExternalLink: (link) => links.open(link),
    saveFile: (name, bytes) => files.save(name, bytes),
    async saveRecord(suggestedName, bytes, { roomId, scope, messages, undecryptable, attachments }) {
      const name = await files.saveAs(suggestedName, bytes);
      // What was exported and that it was, never what it said: counts, scope and the room.
      logging.info(
        `Records export of room ${roomId} (${scope}: ${messages} messages, ${undecryptable} undecryptable, ${attachments} attachments, ${bytes.byteLength} bytes) ${name === null ? 'cancelled' : 'saved'}`,
      );
      return name === null ? { outcome: 'cancelled' } : { outcome: 'saved', name };
    },
    showNotification: (notice) => notifier.show(notice),
    setUnreadCount: (count) => adapters.setUnreadCount(count),
    reportLocked: (locked) => screenLock.report(locked),
    logFromRenderer(windowId, level, message) {
      const { write, droppedBefore } = rendererLogBudget(windowId, utf8.encode(message).byteLength);
      if (droppedBefore > 0) logging.warn(`${droppedBefore} renderer log lines dropped`);
      if (write) logging.fromRenderer(level, message);
    },
    exportLogs: () => logging.exportText(),
    writeSecretToClipboard: async (windowId, text) => {
      // A person copies a key a few times at most; a page calling in a loop would grow the redactor's list.
      if (!clipboardBudget(windowId, text.length).write) throw new DepescheError('rate-limited', 'Too many copies in a minute; try again shortly.');
      // Whatever logs it later (an error, a renderer line) gets [redacted] instead.
      logging.remember(text);
      return secretClipboard.write(text);
    },
  });
  return {
    handlers,
    sessionVault,
    spellcheck,
    clearCopiedSecret: () => secretClipboard.clearNow(),
    screenLock,
    signOutOnServer: (signal) => signOutOnServer(sessionVault, adapters.fetch, signal),
  };
}

/** A timer that does not keep the process alive by itself (tests, quitting). */
const afterDelay: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  timer.unref();
  return () => clearTimeout(timer);
};
