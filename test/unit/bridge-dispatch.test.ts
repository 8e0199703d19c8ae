import { describe, expect, it } from 'vitest';
import { createBridgeDispatcher } from '../../src/main/core/bridge-dispatch';
import { createBridgeHandlers } from '../../src/main/core/bridge-handlers';
import { createMemorySecretStore, type SecretStore } from '../../src/main/core/services/secret-store';
import { createSessionVault } from '../../src/main/core/services/session-vault';
import { bridgeCalls, limits, type AppInfo, type BridgeCaller, type BridgeHandlers, type StoredSession } from '../../src/shared/bridge';
import { DepescheError, errorCodes } from '../../src/shared/errors';
import { resolvePolicy } from '../../src/shared/policy';

const profile = 'unit';
const appInfo: AppInfo = { name: 'Depesche', version: '0.0.0-test', platform: 'linux', secretStorage: 'memory' };
const validSession: StoredSession = {
  homeserverUrl: 'https://matrix.example.org',
  userId: '@alice:example.org',
  deviceId: 'ABCDEFGHIJ',
  accessToken: 'syt_YWxpY2U_token',
};

interface Setup {
  readonly store?: SecretStore;
  readonly discoverHomeserver?: (input: string) => Promise<{ baseUrl: string; versions: readonly string[] }>;
  /** A machine policy. */
  readonly policy?: unknown;
}

/** A real handler table over a memory store, with every handler call recorded by channel. */
function setup({ store = createMemorySecretStore(), discoverHomeserver, policy }: Setup = {}) {
  const sessionVault = createSessionVault(store, profile, (n) => new Uint8Array(n).fill(7), { isSignInHomeserver: () => true });
  const discovered: string[] = [];
  const clipboard: string[] = [];
  const saved: string[] = [];
  const rendererLines: { windowId: number; level: string; message: string }[] = [];
  const handlers = createBridgeHandlers({
    appInfo,
    sessionVault,
    policy: () => resolvePolicy({ machine: policy }),
    effective: { spellcheck: true },
    openExternalLink: async () => 'opened',
    saveFile: async (name) => {
      saved.push(name);
      return 'saved';
    },
    saveRecord: async (name) => {
      saved.push(name);
      return { outcome: 'saved', name };
    },
    showNotification: () => {},
    setUnreadCount: () => {},
    reportLocked: () => {},
    logFromRenderer: (windowId, level, message) => void rendererLines.push({ windowId, level, message }),
    exportLogs: async () => '',
    writeSecretToClipboard: async (_windowId, text) => void clipboard.push(text),
    discoverHomeserver:
      discoverHomeserver ??
      (async (input) => {
        discovered.push(input);
        if (!input.includes('.')) throw new DepescheError('invalid-url', 'not a server name');
        return { baseUrl: `https://${input}`, versions: ['v1.11'] };
      }),
  });
  const handled: string[] = [];
  const recorded = Object.fromEntries(
    Object.entries(handlers).map(([namespace, methods]) => [
      namespace,
      Object.fromEntries(
        Object.entries(methods as Record<string, (args: unknown, caller: BridgeCaller) => Promise<unknown>>).map(([method, handler]) => [
          method,
          (args: unknown, caller: BridgeCaller) => {
            handled.push(`depesche:${namespace}.${method}`);
            return handler(args, caller);
          },
        ]),
      ),
    ]),
  ) as unknown as BridgeHandlers;
  const internalErrors: { channel: string; error: unknown }[] = [];
  const dispatchFrom = createBridgeDispatcher(recorded, (channel, error) => internalErrors.push({ channel, error }));
  // Most calls come from the one window; `dispatchFrom` names another.
  const dispatch = (channel: unknown, args: unknown) => dispatchFrom(channel, args, { windowId: 1 });
  return { dispatch, dispatchFrom, store, sessionVault, handled, discovered, clipboard, saved, rendererLines, internalErrors };
}

describe('createBridgeDispatcher: channels', () => {
  it.each([
    ['a channel that is not in the contract', 'depesche:session.delete'],
    ['a method name without the prefix', 'session.load'],
    ['a channel with trailing whitespace', 'depesche:session.load '],
    ['a differently cased channel', 'depesche:Session.Load'],
    ['the empty string', ''],
    ['a prototype property name', 'depesche:__proto__'],
    ['an Object.prototype method name', 'toString'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', {}],
    ['an array holding a real channel', ['depesche:session.load']],
  ])('refuses %s as unknown-call without running any handler', async (_label, channel) => {
    const { dispatch, handled } = setup();
    const result = await dispatch(channel, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(handled).toEqual([]);
  });
});

describe('createBridgeDispatcher: argument validation', () => {
  const { accessToken: _a, ...withoutToken } = validSession;
  const { homeserverUrl: _h, ...withoutHomeserver } = validSession;
  const { userId: _u, ...withoutUser } = validSession;
  const { deviceId: _d, ...withoutDevice } = validSession;

  it.each([
    ['no argument at all', undefined],
    ['null', null],
    ['a string', JSON.stringify(validSession)],
    ['an array', [validSession]],
    ['an empty object', {}],
    ['a session without accessToken', withoutToken],
    ['a session without homeserverUrl', withoutHomeserver],
    ['a session without userId', withoutUser],
    ['a session without deviceId', withoutDevice],
    ['a session with an extra field', { ...validSession, isAdmin: true }],
    ['an expired session, which only main writes', { ...withoutToken, expired: true }],
    ['a numeric homeserverUrl', { ...validSession, homeserverUrl: 42 }],
    ['a null userId', { ...validSession, userId: null }],
    ['an array deviceId', { ...validSession, deviceId: ['ABC'] }],
    ['an object accessToken', { ...validSession, accessToken: { token: 'x' } }],
    ['an empty accessToken', { ...validSession, accessToken: '' }],
    ['an empty deviceId', { ...validSession, deviceId: '' }],
    ['a deviceId with a space', { ...validSession, deviceId: 'ABC DEF' }],
    ['a deviceId with non-ASCII characters', { ...validSession, deviceId: 'GERÄT' }],
    ['a javascript: homeserverUrl', { ...validSession, homeserverUrl: 'javascript:alert(1)' }],
    ['a file: homeserverUrl', { ...validSession, homeserverUrl: 'file:///etc/passwd' }],
    ['an ftp: homeserverUrl', { ...validSession, homeserverUrl: 'ftp://matrix.example.org' }],
    ['a homeserverUrl without scheme', { ...validSession, homeserverUrl: 'matrix.example.org' }],
    ['a user id without colon', { ...validSession, userId: '@alice' }],
    ['a user id without @', { ...validSession, userId: 'alice:example.org' }],
    ['a user id with whitespace', { ...validSession, userId: '@alice smith:example.org' }],
  ])('session.save refuses %s as invalid-argument and stores nothing', async (_label, argument) => {
    const { dispatch, handled, store } = setup();
    const result = await dispatch('depesche:session.save', argument);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(handled).toEqual([]);
    expect(await store.get(`${profile}/session`)).toBeNull();
  });

  it('names the call and the rejected field in the message', async () => {
    const { dispatch } = setup();
    const result = await dispatch('depesche:session.save', { ...validSession, accessToken: 7 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/session\.save.*accessToken/);
  });

  it.each(['depesche:app.info', 'depesche:session.load', 'depesche:session.expire', 'depesche:session.storageKey', 'depesche:session.clear'])(
    '%s takes no argument: anything passed is invalid-argument',
    async (channel) => {
      const { dispatch, handled } = setup();
      for (const argument of [null, {}, '', 0, false, []]) {
        expect(await dispatch(channel, argument)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      }
      expect(handled).toEqual([]);
    },
  );

  it.each([
    ['a number', 42],
    ['null', null],
    ['no argument', undefined],
    ['an object', { input: 'example.org' }],
    ['the empty string', ''],
    ['only whitespace', ' \t\n '],
  ])('homeserver.discover refuses %s as invalid-argument', async (_label, argument) => {
    const { dispatch, handled, discovered } = setup();
    expect(await dispatch('depesche:homeserver.discover', argument)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(handled).toEqual([]);
    expect(discovered).toEqual([]);
  });

  it('hands homeserver.discover its input trimmed', async () => {
    const { dispatch, discovered } = setup();
    const result = await dispatch('depesche:homeserver.discover', '  matrix.example.org \n');
    expect(result).toEqual({ ok: true, value: { baseUrl: 'https://matrix.example.org', versions: ['v1.11'] } });
    expect(discovered).toEqual(['matrix.example.org']);
  });
});

describe('createBridgeDispatcher: size limits', () => {
  const urlOfLength = (length: number) => {
    const prefix = 'https://matrix.example.org/';
    return prefix + 'a'.repeat(length - prefix.length);
  };

  it(`accepts an access token of ${limits.accessToken} characters and refuses one of ${limits.accessToken + 1}`, async () => {
    const { dispatch, store } = setup();
    const atLimit = await dispatch('depesche:session.save', { ...validSession, accessToken: 'x'.repeat(limits.accessToken) });
    expect(atLimit).toEqual({ ok: true, value: undefined });

    const tooLong = { ...validSession, accessToken: 'y'.repeat(limits.accessToken + 1) };
    expect(await dispatch('depesche:session.save', tooLong)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(JSON.parse((await store.get(`${profile}/session`))!).accessToken).toBe('x'.repeat(limits.accessToken));
  });

  it(`accepts a homeserver URL of ${limits.url} characters and refuses one of ${limits.url + 1}`, async () => {
    const { dispatch, handled } = setup();
    expect(urlOfLength(limits.url)).toHaveLength(limits.url);
    expect(await dispatch('depesche:session.save', { ...validSession, homeserverUrl: urlOfLength(limits.url) })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await dispatch('depesche:session.save', { ...validSession, homeserverUrl: urlOfLength(limits.url + 1) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(handled).toEqual(['depesche:session.save']);
  });

  it(`accepts a discovery input of ${limits.serverInput} characters and refuses one of ${limits.serverInput + 1}`, async () => {
    const { dispatch, discovered } = setup();
    const atLimit = `${'a'.repeat(limits.serverInput - 4)}.org`;
    expect(await dispatch('depesche:homeserver.discover', atLimit)).toMatchObject({ ok: true });
    const tooLong = `${'a'.repeat(limits.serverInput - 3)}.org`;
    expect(await dispatch('depesche:homeserver.discover', tooLong)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(discovered).toEqual([atLimit]);
  });

  it('copies a recovery key to the clipboard and refuses anything else', async () => {
    const { dispatch, clipboard } = setup();
    const recoveryKey = 'EsTc 8Ksd 7BnQ qvWx 3mYb PuhE 9fRz aGk4 LwNt 2cVj HsDp 6yXo';
    expect(await dispatch('depesche:clipboard.writeSecret', { text: recoveryKey })).toEqual({ ok: true, value: undefined });
    const notKeys = ['', 'EsTc', 'Bitte überweisen Sie an DE02 1203 0000 0000 2020 51', 'EsTc 8Ksd 0OIl qvWx 3mYb PuhE', `${recoveryKey} ${recoveryKey}`, recoveryKey.replaceAll(' ', '')];
    for (const argument of [...notKeys.map((text) => ({ text })), { text: 42 }, 'EsTc 8Ksd', { text: recoveryKey, type: 'html' }]) {
      expect(await dispatch('depesche:clipboard.writeSecret', argument)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(clipboard).toEqual([recoveryKey]);
  });

  it(`refuses a user id longer than ${limits.matrixId} characters`, async () => {
    const { dispatch } = setup();
    const userId = `@${'a'.repeat(limits.matrixId)}:example.org`;
    expect(await dispatch('depesche:session.save', { ...validSession, userId })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });
});

describe('createBridgeDispatcher: results and errors', () => {
  it('returns a handler value as { ok: true, value }', async () => {
    const { dispatch } = setup();
    expect(await dispatch('depesche:app.info', undefined)).toEqual({ ok: true, value: appInfo });
    expect(await dispatch('depesche:session.load', undefined)).toEqual({ ok: true, value: null });
    expect(await dispatch('depesche:session.save', validSession)).toEqual({ ok: true, value: undefined });
    expect(await dispatch('depesche:session.load', undefined)).toEqual({ ok: true, value: validSession });
  });

  it('returns a DepescheError thrown by a handler as that typed error', async () => {
    const unavailable: SecretStore = {
      kind: 'os-keychain',
      get: async () => {
        throw new DepescheError('keychain-unavailable', 'x');
      },
      set: async () => {
        throw new DepescheError('keychain-unavailable', 'x');
      },
      delete: async () => {
        throw new DepescheError('keychain-unavailable', 'x');
      },
    };
    const { dispatch, internalErrors } = setup({ store: unavailable });
    expect(await dispatch('depesche:session.load', undefined)).toEqual({
      ok: false,
      error: { code: 'keychain-unavailable', message: 'x' },
    });
    expect(await dispatch('depesche:session.save', validSession)).toEqual({
      ok: false,
      error: { code: 'keychain-unavailable', message: 'x' },
    });
    expect(internalErrors).toEqual([]);
  });

  it('returns no-session from storageKey when nobody is signed in', async () => {
    const { dispatch } = setup();
    expect(await dispatch('depesche:session.storageKey', undefined)).toMatchObject({ ok: false, error: { code: 'no-session' } });
  });

  it('turns any other thrown error into a generic internal error and reports the original', async () => {
    const original = new Error('ENOENT: /home/alice/.secret/token-file leaked detail');
    const { dispatch, internalErrors } = setup({
      discoverHomeserver: async () => {
        throw original;
      },
    });
    const result = await dispatch('depesche:homeserver.discover', 'matrix.example.org');
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (result.ok) return;
    expect(result.error.message).not.toContain('ENOENT');
    expect(result.error.message).not.toContain('leaked detail');
    expect(result.error.message).not.toContain('/home/alice');
    expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
    expect(internalErrors).toEqual([{ channel: 'depesche:homeserver.discover', error: original }]);
  });

  it('turns a thrown non-Error value into an internal error too', async () => {
    const { dispatch, internalErrors } = setup({
      discoverHomeserver: () => Promise.reject('a bare string'),
    });
    const result = await dispatch('depesche:homeserver.discover', 'matrix.example.org');
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).not.toContain('a bare string');
    expect(internalErrors).toEqual([{ channel: 'depesche:homeserver.discover', error: 'a bare string' }]);
  });
});

/** mulberry32: a tiny seeded PRNG, so a failure can be reproduced from the seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(random: () => number) {
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const interesting = [
    '',
    ' ',
    'example.org',
    '@alice:example.org',
    '@alice',
    'https://matrix.example.org',
    'http://127.0.0.1:8008/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    '\u0000',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '\u202e\ud800',
    'depesche:session.load',
  ];
  const string = (): string => {
    switch (int(4)) {
      case 0:
        return pick(interesting);
      case 1:
        return pick(['x', '\u00e4', '\ud83d\ude00', ' ', ':', '@', '/']).repeat(pick([1, 255, 256, 512, 513, 2048, 2049, 4096, 4097]));
      case 2:
        return 'z'.repeat(int(3) === 0 ? 100_000 + int(1_000_000) : int(64));
      default:
        return Array.from({ length: int(40) }, () => String.fromCharCode(int(0x3000))).join('');
    }
  };
  const value = (depth: number): unknown => {
    const kind = int(depth > 3 ? 7 : 10);
    switch (kind) {
      case 0:
        return undefined;
      case 1:
        return null;
      case 2:
        return pick([0, -0, 1, -1, 42, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER, random()]);
      case 3:
        return random() < 0.5;
      case 4:
      case 5:
        return string();
      case 6:
        return pick([10n, new Date(int(1e12)), new Uint8Array(int(16)), new Map([['a', 1]]), new Set([1])]);
      case 7:
        return Array.from({ length: int(6) }, () => value(depth + 1));
      case 8: {
        const object: Record<string, unknown> = {};
        for (let i = int(6); i > 0; i -= 1) {
          // defineProperty, so `__proto__` becomes an own key as it would from JSON or IPC.
          const key = pick([...Object.keys(validSession), ...interesting, string()]);
          Object.defineProperty(object, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return object;
      }
      default: {
        // A near-valid session: one field replaced, removed or added.
        const session: Record<string, unknown> = { ...validSession };
        const field = pick([...Object.keys(validSession), 'extra']);
        if (random() < 0.2) delete session[field];
        else session[field] = value(depth + 1);
        return session;
      }
    }
  };
  // Electron's IPC structured-clones arguments, so that is the shape main receives.
  return () => structuredClone(value(0));
}

describe('createBridgeDispatcher: fuzzing', () => {
  it('answers 10,000 random IPC-cloneable arguments on every channel with a well-formed result and never rejects', async () => {
    const seed = 0x5eed_d0c5;
    const next = generator(prng(seed));
    const { dispatch, internalErrors } = setup();
    const codes = new Set<string>(errorCodes);
    const seenCodes = new Set<string>();
    let successes = 0;

    for (let round = 0; round < 10_000; round += 1) {
      const argument = next();
      for (const { channel } of bridgeCalls) {
        let result: unknown;
        try {
          result = await dispatch(channel, argument);
        } catch (error) {
          throw new Error(`seed ${seed}, round ${round}, ${channel}: the dispatcher rejected with ${String(error)}`, { cause: error });
        }
        const context = `seed ${seed}, round ${round}, ${channel}`;
        expect(result, context).toBeTypeOf('object');
        expect(result, context).not.toBeNull();
        const { ok } = result as { ok: unknown };
        expect(typeof ok, context).toBe('boolean');
        if (ok) {
          successes += 1;
        } else {
          const { error } = result as { error: { code: unknown; message: unknown } };
          expect(codes.has(error.code as string), `${context}: code ${String(error.code)}`).toBe(true);
          expect(typeof error.message, context).toBe('string');
          seenCodes.add(error.code as string);
        }
      }
    }

    // The fuzzer reached past validation, into the handlers, and never crashed one.
    expect(successes).toBeGreaterThan(0);
    expect(seenCodes).toContain('invalid-argument');
    expect(internalErrors).toEqual([]);
    // 10,000 rounds on every channel: several seconds on a busy 2-core machine; this test is about answers, not speed.
  }, 120_000);
});

describe('createBridgeDispatcher: values no IPC would deliver', () => {
  it('rejects arguments with hostile getters or exotic prototypes as invalid instead of throwing', async () => {
    const { dispatch } = setup();
    const throwingGetter = Object.defineProperty({}, 'userId', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    for (const [channel, argument] of [
      ['depesche:homeserver.discover', Object.create(new Uint8Array(1))],
      ['depesche:session.save', throwingGetter],
    ] as const) {
      const result = await dispatch(channel, argument);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
  });
});

describe('createBridgeDispatcher: room ids of every room version', () => {
  it('accepts room ids with a server part (v1–11) and without (v12+) in notifications', async () => {
    const { dispatch } = setup();
    for (const roomId of ['!abc:bund.de', '!W1Tg3e7ABCpBt9xyKS1OoSIeHlsY8CVIrtpUoWpuDl0']) {
      const result = await dispatch('depesche:notifications.show', { roomId, roomName: 'R', sender: 'S', body: 'B' });
      expect(result, roomId).toEqual({ ok: true, value: undefined });
    }
    for (const roomId of ['#alias:bund.de', '@user:bund.de', '!', '! space', '']) {
      const result = await dispatch('depesche:notifications.show', { roomId, roomName: 'R', sender: 'S', body: 'B' });
      expect(result, roomId).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
  });
});

describe('createBridgeDispatcher: the calling window', () => {
  it('hands log.write the window that sent the line, for its per-window budget', async () => {
    const { dispatchFrom, rendererLines } = setup();
    await dispatchFrom('depesche:log.write', { level: 'warn', message: 'from the first window' }, { windowId: 1 });
    await dispatchFrom('depesche:log.write', { level: 'info', message: 'from the second window' }, { windowId: 7 });
    expect(rendererLines).toEqual([
      { windowId: 1, level: 'warn', message: 'from the first window' },
      { windowId: 7, level: 'info', message: 'from the second window' },
    ]);
  });
});

describe('createBridgeDispatcher: the downloads policy', () => {
  it.each([
    ['depesche:files.save', { suggestedName: 'Protokoll.pdf', bytes: new Uint8Array([1]) }],
    ['depesche:log.export', undefined],
    // The package holds the attachments, so it falls under downloads too, not only under export.enabled.
    [
      'depesche:records.save',
      { suggestedName: 'akte.zip', bytes: new Uint8Array([80, 75, 5, 6]), summary: { roomId: '!raum:localhost', scope: 'range', messages: 1, undecryptable: 0, attachments: 0 } },
    ],
  ])('%s is refused with policy-forbidden when downloads.enabled is false, and nothing is saved', async (channel, args) => {
    const { dispatch, saved } = setup({ policy: { 'downloads.enabled': false } });
    expect(await dispatch(channel, args)).toMatchObject({ ok: false, error: { code: 'policy-forbidden' } });
    expect(saved).toEqual([]);
  });

  it('exports the logs through the save dialog where policy allows saving', async () => {
    const { dispatch, saved } = setup();
    expect(await dispatch('depesche:log.export', undefined)).toEqual({ ok: true, value: 'saved' });
    expect(saved).toEqual(['depesche-logs.txt']);
  });
});
