/**
 * The bridge contract: the single source of truth for what the renderer may ask
 * of the main process. The IPC handlers, the preload's `window.depesche` and the
 * test harness are all built from this object and nothing else.
 */
import { z } from 'zod';
import type { BridgeResult } from './errors';
import { limits } from './limits';
import { policySchemas, type PolicyReport } from './policy';

export { limits } from './limits';

const httpUrl = z
  .string()
  .max(limits.url)
  .refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'https:' || protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

// Matrix user ids are `@localpart:server`; we check shape and length, not the full grammar.
const userId = z.string().max(limits.matrixId).regex(/^@[^:\s]+:[^\s]+$/, 'must be a Matrix user id');
// Room ids carry a server name up to room version 11 (`!opaque:server`); from version 12 on
// they are `!` and a hash. Aliases always name their server.
const roomIdPattern = /^![^:\s]+(?::[^\s]+)?$/;
const roomId = z.string().max(limits.matrixId).regex(roomIdPattern, 'must be a Matrix room id');
const roomIdOrAlias = z
  .string()
  .max(limits.matrixId)
  .refine((value) => roomIdPattern.test(value) || /^#[^:\s]+:[^\s]+$/.test(value), 'must be a Matrix room id or alias');
const eventId = z.string().max(limits.matrixId).regex(/^\$[^\s]+$/, 'must be a Matrix event id');
// A recovery key as the spec encodes it: base58 in groups of four, separated by spaces.
const base58 = '[1-9A-HJ-NP-Za-km-z]';
const recoveryKeyText = z
  .string()
  .max(limits.clipboardSecret)
  .regex(new RegExp(`^${base58}{4}(?: ${base58}{1,4}){5,15}$`), 'must be a recovery key');
const deviceId = z.string().min(1).max(limits.matrixId).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII');

const sessionIdentity = { homeserverUrl: httpUrl, userId, deviceId };

export const storedSessionSchema = z
  .object({ ...sessionIdentity, accessToken: z.string().min(1).max(limits.accessToken) })
  .strict();

export type StoredSession = z.infer<typeof storedSessionSchema>;

/**
 * A session the homeserver soft-logged-out: its access token is gone, but the device
 * and its crypto-store key stay, so signing in again on the same device keeps its keys.
 * Only main writes this form (`session.expire`); `session.save` never accepts it.
 */
export const expiredSessionSchema = z.object({ ...sessionIdentity, expired: z.literal(true) }).strict();

export type ExpiredSession = z.infer<typeof expiredSessionSchema>;

/** Which account, device and homeserver a session belongs to, with or without a token. */
export type SessionIdentity = Pick<StoredSession, 'homeserverUrl' | 'userId' | 'deviceId'>;

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  /** Whether secrets live in the OS keychain or only in memory (kiosk). */
  readonly secretStorage: 'os-keychain' | 'memory';
}

export interface DiscoveredHomeserver {
  /** Base URL of the client-server API, without trailing slash. */
  readonly baseUrl: string;
  readonly versions: readonly string[];
}

interface CallSpec<Args extends z.ZodType, Result> {
  readonly args: Args;
  /** Phantom: carries the result type; never read at run time. */
  readonly result?: Result;
}

function call<Result>() {
  return <Args extends z.ZodType>(args: Args): CallSpec<Args, Result> => ({ args });
}

const noArgs = z.undefined();

export type SaveOutcome = 'saved' | 'cancelled';

/** A log export as the page reports it: saved, cancelled, refused by policy, or failed. */
export type LogExportOutcome = SaveOutcome | 'refused' | 'failed';

/** A records export: where it went (the name as chosen in the save dialog), or that the person cancelled. */
export type RecordSaveOutcome = { readonly outcome: 'saved'; readonly name: string } | { readonly outcome: 'cancelled' };

const count = z.number().int().min(0).max(limits.recordParts);

export const bridgeContract = {
  app: {
    info: call<AppInfo>()(noArgs),
    /** Unread count for the tray and the taskbar/dock badge. */
    setUnreadCount: call<void>()(z.number().int().min(0).max(limits.unreadCount)),
    /** The lock screen is shown (true) or was unlocked with the password (false); notifications show no content while locked. */
    setLocked: call<void>()(z.boolean()),
  },
  policy: {
    /** Effective settings: built-in defaults overlaid by managed policy, with locked keys, and their effect here. */
    get: call<PolicyReport>()(noArgs),
  },
  links: {
    /** Opens an https/mailto link with the OS; asks first when the visible text differs from the target. */
    openExternal: call<'opened' | 'cancelled'>()(
      z.object({ url: z.string().max(limits.url), text: z.string().max(limits.linkText).optional() }).strict(),
    ),
  },
  files: {
    /** Saves bytes to a place the person picks in main's save dialog. */
    save: call<SaveOutcome>()(
      z
        .object({
          suggestedName: z.string().max(limits.fileName),
          bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= limits.saveBytes, 'file too large'),
        })
        .strict(),
    ),
  },
  records: {
    /**
     * Saves a records export (the zip the page built) through the save dialog, where the
     * `export.enabled` policy allows it; main logs what was exported, never its content.
     */
    save: call<RecordSaveOutcome>()(
      z
        .object({
          suggestedName: z.string().min(1).max(limits.fileName),
          bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= limits.saveBytes, 'must be 1 byte to 512 MiB'),
          summary: z
            .object({ roomId, scope: z.enum(['range', 'selection']), messages: count, undecryptable: count, attachments: count })
            .strict(),
        })
        .strict(),
    ),
  },
  notifications: {
    /**
     * Main decides how much of this to show, following the notification-content policy;
     * `content` is the person's own choice, which counts only where policy does not lock it.
     * `sound` is what the matching push rule asks for.
     */
    show: call<void>()(
      z
        .object({
          roomId,
          roomName: z.string().max(limits.notificationTitle),
          sender: z.string().max(limits.notificationTitle),
          body: z.string().max(limits.notificationBody),
          sound: z.boolean().optional(),
          content: policySchemas['notifications.content'].optional(),
        })
        .strict(),
    ),
  },
  log: {
    write: call<void>()(
      z.object({ level: z.enum(['error', 'warn', 'info']), message: z.string().max(limits.logMessage) }).strict(),
    ),
    /** Saves the redacted logs for support through the save dialog. */
    export: call<SaveOutcome>()(noArgs),
  },
  homeserver: {
    /** Resolves what the user typed (URL, server name or user id) to a verified homeserver. */
    discover: call<DiscoveredHomeserver>()(z.string().trim().min(1).max(limits.serverInput)),
  },
  session: {
    load: call<StoredSession | ExpiredSession | null>()(noArgs),
    /** Saves a new session, or the new access token of an expired one. */
    save: call<void>()(storedSessionSchema),
    /** After a soft logout: forgets the access token, keeps the device and its storage key. */
    expire: call<void>()(noArgs),
    /** The 32-byte crypto-store key of the active session, base64; created on first use. */
    storageKey: call<string>()(noArgs),
    clear: call<void>()(noArgs),
  },
  clipboard: {
    /**
     * Copies the recovery key; main clears it after a minute if the clipboard still holds it.
     * Only text shaped like a recovery key: a page cannot use it to put anything else there.
     */
    writeSecret: call<void>()(z.object({ text: recoveryKeyText }).strict()),
  },
} as const;

/** What main pushes to the renderer. Payloads are validated in main before sending. */
export const bridgeEvents = {
  notificationClicked: z.object({ roomId }).strict(),
  deepLinkOpened: z.object({ roomIdOrAlias, eventId: eventId.optional() }).strict(),
  lockRequested: z.object({ reason: z.enum(['idle', 'manual']) }).strict(),
  /** Managed policy changed while running: the page reads policy.get() again. */
  policyChanged: z.object({}).strict(),
} as const;

export type BridgeEventName = keyof typeof bridgeEvents;
export type BridgeEventPayload<E extends BridgeEventName> = z.output<(typeof bridgeEvents)[E]>;

export function eventChannel(event: BridgeEventName): string {
  return `depesche-event:${event}`;
}

type Contract = typeof bridgeContract;
export type Namespace = keyof Contract;
type Spec<N extends Namespace, M extends keyof Contract[N]> = Contract[N][M];
type ArgsOf<S> = S extends CallSpec<infer A, unknown> ? z.input<A> : never;
type ParsedArgsOf<S> = S extends CallSpec<infer A, unknown> ? z.output<A> : never;
type ResultOf<S> = S extends CallSpec<z.ZodType, infer R> ? R : never;

/** What the renderer sees as `window.depesche`. */
export type DepescheBridge = BridgeCalls & {
  /** Listens to an event main pushes; returns the function that stops listening. */
  readonly on: <E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void) => () => void;
};

type BridgeCalls = {
  readonly [N in Namespace]: {
    readonly [M in keyof Contract[N]]: ArgsOf<Spec<N, M>> extends undefined
      ? () => Promise<BridgeResult<ResultOf<Spec<N, M>>>>
      : (args: ArgsOf<Spec<N, M>>) => Promise<BridgeResult<ResultOf<Spec<N, M>>>>;
  };
};

/** Who made a call, once main has checked it is our window: limits that apply per window use this. */
export interface BridgeCaller {
  /** Electron's webContents id of the sending window (the harness numbers its pages from 1); 0 for main itself. */
  readonly windowId: number;
}

/** Main calling a handler itself (the app menu, a link the window tried to open in a new window). */
export const mainProcessCaller: BridgeCaller = { windowId: 0 };

/** What the main process implements: validated arguments in, a result out (or a thrown DepescheError). */
export type BridgeHandlers = {
  readonly [N in Namespace]: {
    readonly [M in keyof Contract[N]]: (args: ParsedArgsOf<Spec<N, M>>, caller: BridgeCaller) => Promise<ResultOf<Spec<N, M>>>;
  };
};

export interface CallDescriptor {
  readonly namespace: string;
  readonly method: string;
  /** The IPC channel: `depesche:<namespace>.<method>`. */
  readonly channel: string;
  readonly args: z.ZodType;
}

/** Every call of the contract, flattened; the order is stable. */
export const bridgeCalls: readonly CallDescriptor[] = Object.entries(bridgeContract).flatMap(([namespace, methods]) =>
  Object.entries(methods as Record<string, CallSpec<z.ZodType, unknown>>).map(([method, spec]) => ({
    namespace,
    method,
    channel: `depesche:${namespace}.${method}`,
    args: spec.args,
  })),
);

export type Invoke = (channel: string, args: unknown) => Promise<BridgeResult<unknown>>;
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

/**
 * Builds `window.depesche` from the contract. The preload passes Electron's
 * `ipcRenderer.invoke`/`on`; the test harness passes Playwright bindings. Only
 * the named calls and events exist: there is no way to reach an arbitrary channel.
 */
export function buildBridge(invoke: Invoke, subscribe: Subscribe): DepescheBridge {
  const bridge: Record<string, unknown> = {};
  for (const { namespace, method, channel } of bridgeCalls) {
    const calls = (bridge[namespace] ??= {}) as Record<string, (args?: unknown) => Promise<BridgeResult<unknown>>>;
    calls[method] = (args?: unknown) => invoke(channel, args);
  }
  bridge.on = (event: string, listener: (payload: unknown) => void) => {
    if (!Object.hasOwn(bridgeEvents, event)) throw new Error(`Unknown bridge event: ${event}`);
    return subscribe(eventChannel(event as BridgeEventName), listener);
  };
  return bridge as DepescheBridge;
}
