import 'fake-indexeddb/auto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createMemorySecretStore, type SecretStore } from '../../src/main/services/secret-store';
import { SessionViewModel, type SessionState } from '../../src/renderer/lib/view-models/session-view-model';
import { whoamiStatus } from '../support/matrix-api';
import { createNodeBridge } from '../support/node-bridge';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const running: SessionViewModel[] = [];

async function viewModel(store: SecretStore, profile = 'vm') {
  const { bridge, main } = await createNodeBridge(store, profile);
  const model = new SessionViewModel(bridge);
  running.push(model);
  return { model, sessionVault: main.sessionVault };
}

afterEach(() => {
  for (const model of running.splice(0)) model.stop();
});

type SignedIn = Extract<SessionState, { phase: 'signed-in' }>;

describe('SessionViewModel against Synapse', () => {
  it('signs in, restores with the same device identity, and signs out', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const store = createMemorySecretStore();
    const first = await viewModel(store);
    await first.model.restore();
    expect(first.model.value).toEqual({ phase: 'signed-out', busy: false, problem: null });

    await first.model.login({ homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const signedIn = first.model.value as SignedIn;
    expect(signedIn).toMatchObject({ phase: 'signed-in', userId: alice.userId, busy: false });
    expect(signedIn.ed25519Key).toMatch(/^[A-Za-z0-9+/]{43}$/);
    first.model.stop();

    const second = await viewModel(store);
    await second.model.restore();
    expect(second.model.value).toEqual(signedIn);

    const token = (await second.sessionVault.load())!.accessToken;
    await second.model.logout();
    expect(second.model.value).toEqual({ phase: 'signed-out', busy: false, problem: null });
    expect(await second.sessionVault.load()).toBeNull();
    expect(await whoamiStatus(synapse.baseUrl, token)).toBe(401);
  });

  it('reports a wrong password and keeps nothing', async () => {
    const bob = await registerUser(synapse, uniqueLocalpart('bob'));
    const { model, sessionVault } = await viewModel(createMemorySecretStore());
    await model.restore();
    await model.login({ homeserver: synapse.baseUrl, username: bob.localpart, password: 'not-the-password' });
    expect(model.value).toEqual({ phase: 'signed-out', busy: false, problem: { code: 'wrong-credentials' } });
    expect(await sessionVault.load()).toBeNull();
  });

  it('asks for all fields before contacting anyone', async () => {
    const { model } = await viewModel(createMemorySecretStore());
    await model.restore();
    await model.login({ homeserver: '  ', username: 'alice', password: 'x' });
    expect(model.value).toEqual({ phase: 'signed-out', busy: false, problem: { code: 'required' } });
  });

  it('wipes the local session when the server revoked it in the meantime', async () => {
    const carol = await registerUser(synapse, uniqueLocalpart('carol'));
    const store = createMemorySecretStore();
    const first = await viewModel(store);
    await first.model.restore();
    await first.model.login({ homeserver: synapse.baseUrl, username: carol.localpart, password: carol.password });
    first.model.stop();
    const { accessToken, userId, deviceId } = (await first.sessionVault.load())!;

    // An administrator (or another device) signs this session out.
    await fetch(`${synapse.baseUrl}/_matrix/client/v3/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });

    const second = await viewModel(store);
    await second.model.restore();
    expect(second.model.value).toEqual({ phase: 'signed-out', busy: false, problem: { code: 'session-revoked' } });
    expect(await second.sessionVault.load()).toBeNull();
    expect(await store.get(`vm/${userId}/${deviceId}/storage-key`)).toBeNull();
    const databases = (await indexedDB.databases()).map((db) => db.name);
    expect(databases.filter((name) => name?.includes(deviceId))).toEqual([]);
  });

  it('notices a remote sign-out while running, wipes the session, and says why', async () => {
    const dora = await registerUser(synapse, uniqueLocalpart('dora'));
    const store = createMemorySecretStore();
    const { model, sessionVault } = await viewModel(store);
    await model.restore();
    await model.login({ homeserver: synapse.baseUrl, username: dora.localpart, password: dora.password });
    expect(model.value.phase).toBe('signed-in');
    const { accessToken } = (await sessionVault.load())!;

    await fetch(`${synapse.baseUrl}/_matrix/client/v3/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });

    await expect.poll(() => model.value).toEqual({ phase: 'signed-out', busy: false, problem: { code: 'session-revoked' } });
    expect(await sessionVault.load()).toBeNull();
  });
});
