import { describe, expect, it } from 'vitest';
import { bridgeCalls, bridgeContract, buildBridge, type Invoke } from '../../src/shared/bridge';
import { ok } from '../../src/shared/errors';

interface Recorded {
  readonly channel: string;
  readonly args: unknown;
}

function recordingBridge() {
  const calls: Recorded[] = [];
  const invoke: Invoke = async (channel, args) => {
    calls.push({ channel, args });
    return ok(`answer for ${channel}`);
  };
  return { bridge: buildBridge(invoke) as unknown as Record<string, Record<string, (args?: unknown) => Promise<unknown>>>, calls };
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
    for (const generic of ['invoke', 'send', 'sendSync', 'on', 'call', 'ipcRenderer']) {
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
