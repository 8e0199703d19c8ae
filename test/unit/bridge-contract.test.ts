import { describe, expect, it } from 'vitest';
import { bridgeCalls, bridgeContract, bridgeEvents, buildBridge, type Invoke, type Subscribe } from '../../src/shared/bridge';
import { ok } from '../../src/shared/errors';

interface Recorded {
  readonly channel: string;
  readonly args: unknown;
}

function recordingBridge() {
  const calls: Recorded[] = [];
  const subscriptions: string[] = [];
  const invoke: Invoke = async (channel, args) => {
    calls.push({ channel, args });
    return ok(`answer for ${channel}`);
  };
  const subscribe: Subscribe = (channel) => {
    subscriptions.push(channel);
    return () => void subscriptions.splice(subscriptions.indexOf(channel), 1);
  };
  const built = buildBridge(invoke, subscribe);
  // The call namespaces alone; `on` is the one function at the top level.
  const { on, ...namespaces } = built;
  return { bridge: namespaces as unknown as Record<string, Record<string, (args?: unknown) => Promise<unknown>>>, on, calls, subscriptions };
}

const contractShape = Object.fromEntries(
  Object.entries(bridgeContract).map(([namespace, methods]) => [namespace, Object.keys(methods).sort()]),
);

describe('buildBridge', () => {
  it('exposes exactly the namespaces and methods of the contract', () => {
    const { bridge } = recordingBridge();
    const bridgeShape = Object.fromEntries(
      Reflect.ownKeys(bridge).map((namespace) => [namespace, Reflect.ownKeys(bridge[namespace as string]!).sort()]),
    );
    expect(bridgeShape).toEqual(contractShape);
    for (const methods of Object.values(bridge)) {
      for (const method of Object.values(methods)) expect(typeof method).toBe('function');
    }
  });

  it('has no generic invoke or send, on the bridge or in any namespace', () => {
    const { bridge } = recordingBridge();
    for (const generic of ['invoke', 'send', 'sendSync', 'emit', 'call', 'ipcRenderer']) {
      expect(bridge).not.toHaveProperty(generic);
      for (const namespace of Object.values(bridge)) expect(namespace).not.toHaveProperty(generic);
    }
  });

  it('sends each method on the channel depesche:<namespace>.<method> with the argument it was given', async () => {
    const { bridge, calls } = recordingBridge();
    for (const [namespace, methods] of Object.entries(bridgeContract)) {
      for (const method of Object.keys(methods)) {
        const argument = { marker: `${namespace}/${method}` };
        const result = await bridge[namespace]![method]!(argument);
        expect(result).toEqual({ ok: true, value: `answer for depesche:${namespace}.${method}` });
        expect(calls.at(-1)).toEqual({ channel: `depesche:${namespace}.${method}`, args: argument });
      }
    }
    expect(calls).toHaveLength(bridgeCalls.length);
  });

  it('passes the argument through unchanged, by identity', async () => {
    const { bridge, calls } = recordingBridge();
    const session = { homeserverUrl: 'https://matrix.example.org', userId: '@a:example.org', deviceId: 'D', accessToken: 't' };
    await bridge.session!.save!(session);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args).toBe(session);
  });

  it('sends undefined for calls made without an argument', async () => {
    const { bridge, calls } = recordingBridge();
    await bridge.session!.load!();
    expect(calls).toEqual([{ channel: 'depesche:session.load', args: undefined }]);
  });
});

describe('bridgeCalls', () => {
  it('lists every method of the contract once, with a unique channel', () => {
    const channels = bridgeCalls.map((call) => call.channel);
    expect(new Set(channels).size).toBe(channels.length);
    const expected = Object.entries(bridgeContract).flatMap(([namespace, methods]) =>
      Object.keys(methods).map((method) => `depesche:${namespace}.${method}`),
    );
    expect([...channels].sort()).toEqual(expected.sort());
  });

  it('names each call by its namespace and method', () => {
    for (const call of bridgeCalls) {
      expect(call.channel).toBe(`depesche:${call.namespace}.${call.method}`);
    }
  });
});

describe('bridge events', () => {
  it('subscribes to the named events only, on depesche-event:<name>, and unsubscribes', () => {
    const { on, subscriptions } = recordingBridge();
    const stops = Object.keys(bridgeEvents).map((event) => on(event as keyof typeof bridgeEvents, () => {}));
    expect(subscriptions).toEqual(Object.keys(bridgeEvents).map((event) => `depesche-event:${event}`));
    for (const stop of stops) stop();
    expect(subscriptions).toEqual([]);
  });

  it('refuses to subscribe to anything that is not a contract event', () => {
    const { on, subscriptions } = recordingBridge();
    for (const event of ['ipc-message', 'depesche:session.load', '__proto__', 'toString']) {
      expect(() => on(event as keyof typeof bridgeEvents, () => {})).toThrow(/Unknown bridge event/);
    }
    expect(subscriptions).toEqual([]);
  });
});
