import { describe, expect, inject, it } from 'vitest';
import { LockViewModel, unlockLimits, type Schedule } from '../../src/renderer/lib/view-models/lock-view-model';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');

/** Alice's client, a network that can be cut at the client's side, and the lock with a hand-run clock. */
async function lockedAlice() {
  const alice = await registerUser(synapse, uniqueLocalpart('alice'));
  const network = { online: true, requests: 0 };
  const fetchFn: typeof fetch = async (input, init) => {
    network.requests += 1;
    if (!network.online) throw new TypeError('Failed to fetch');
    return fetch(input, init);
  };
  const client = await startPeer(synapse.baseUrl, alice, { fetchFn });
  const reported: boolean[] = [];
  const waits: { task: () => void; ms: number }[] = [];
  const schedule: Schedule = (task, ms) => {
    waits.push({ task, ms });
    return () => {};
  };
  const lock = new LockViewModel(client, (locked) => void reported.push(locked), schedule);
  lock.lock('idle');
  return { alice, client, network, lock, reported, waits };
}

describe('LockViewModel against Synapse', () => {
  it('stays locked on a wrong password and unlocks with the right one, telling main both times', async () => {
    const { alice, client, lock, reported } = await lockedAlice();
    expect(lock.value).toEqual({ locked: true, reason: 'idle', busy: false, problem: null });

    await lock.unlock('');
    expect(lock.value).toMatchObject({ locked: true, problem: 'password-required' });
    await lock.unlock(`${alice.password}-falsch`);
    expect(lock.value).toMatchObject({ locked: true, busy: false, problem: 'wrong-password' });
    expect(reported).toEqual([true]);

    await lock.unlock(alice.password);
    expect(lock.value).toEqual({ locked: false });
    expect(reported).toEqual([true, false]);
    // The check changed nothing: the session is still signed in.
    expect((await client.getDevices()).devices.map((device) => device.device_id)).toEqual([alice.deviceId]);
    client.stopClient();
  });

  it('makes the person wait after three wrong passwords in a row, without asking the homeserver meanwhile', async () => {
    const { alice, client, network, lock, waits } = await lockedAlice();
    for (let attempt = 0; attempt < unlockLimits.attemptsBeforeWait; attempt += 1) await lock.unlock(`falsch-${attempt}`);
    expect(lock.value).toMatchObject({ locked: true, problem: 'too-many-attempts' });
    expect(waits.map(({ ms }) => ms)).toEqual([30_000]);

    const before = network.requests;
    await lock.unlock(alice.password);
    expect(network.requests).toBe(before);
    expect(lock.value).toMatchObject({ locked: true, problem: 'too-many-attempts' });

    waits[0]!.task();
    expect(lock.value).toMatchObject({ locked: true, problem: null });
    await lock.unlock(alice.password);
    expect(lock.value).toEqual({ locked: false });
    client.stopClient();
  });

  it('says that unlocking needs the homeserver when it cannot be reached, and stays locked', async () => {
    const { alice, client, network, lock } = await lockedAlice();
    network.online = false;
    await lock.unlock(alice.password);
    expect(lock.value).toMatchObject({ locked: true, busy: false, problem: 'offline' });
    network.online = true;
    await lock.unlock(alice.password);
    expect(lock.value).toEqual({ locked: false });
    client.stopClient();
  });
});
