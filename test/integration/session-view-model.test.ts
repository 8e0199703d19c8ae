import 'fake-indexeddb/auto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createMemorySecretStore, type SecretStore } from '../../src/main/core/services/secret-store';
import type { SessionVault } from '../../src/main/core/services/session-vault';
import type { StoredSession } from '../../src/shared/bridge';
import { SessionViewModel, type SessionState } from '../../src/renderer/lib/view-models/session-view-model';
import { crossSigningMasterKey, keyBackupVersion, loginWithExpiringToken, publishedDeviceKey, refusal, tokenRefused, wakeSyncs, whoamiStatus } from '../support/matrix-api';
import type { MainForTests } from '../support/main-for-tests';
import { createNodeBridge } from '../support/node-bridge';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
const running: SessionViewModel[] = [];

async function viewModel(store: SecretStore, profile = 'vm') {
  const { bridge, main } = await createNodeBridge(store, profile);
  const model = new SessionViewModel(bridge);
  running.push(model);
  return { model, sessionVault: main.sessionVault, main };
}

afterEach(() => {
  for (const model of running.splice(0)) model.stop();
});

type SignedIn = Extract<SessionState, { phase: 'signed-in' }>;

/** The signed-in session in the keychain, token included. */
async function signedInSession(sessionVault: SessionVault): Promise<StoredSession> {
  const stored = await sessionVault.load();
  if (!stored || 'expired' in stored) throw new Error(`expected a signed-in session, found ${JSON.stringify(stored)}`);
  return stored;
}

/** Signs in as the login screen would, but with a token the server lets expire within seconds. */
async function saveExpiringSession(main: Pick<MainForTests, 'keepSession'>, user: RegisteredUser): Promise<StoredSession> {
  const session = { homeserverUrl: synapse.baseUrl, ...(await loginWithExpiringToken(synapse.baseUrl, user)) };
  await main.keepSession(session);
  return session;
}

async function cryptoDatabases(deviceId: string): Promise<string[]> {
  return (await indexedDB.databases()).flatMap(({ name }) => (name?.includes(deviceId) ? [name] : []));
}

describe('SessionViewModel against Synapse', () => {
  it('signs in, restores with the same device identity, and signs out', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const store = createMemorySecretStore();
    const first = await viewModel(store);
    await first.model.restore();
    expect(first.model.value).toEqual({ phase: 'signed-out', busy: false, problem: null });

    await first.model.login({ homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    // The account's first sign-in sets up cross-signing and key backup, and shows the recovery key once.
    expect(first.model.value).toMatchObject({ phase: 'recovery-key', userId: alice.userId, recoveryKey: expect.stringMatching(/^Es\w{2}( \w{4}){11}$/) });
    expect(await crossSigningMasterKey(synapse.baseUrl, alice.accessToken, alice.userId)).not.toBeNull();
    expect(await keyBackupVersion(synapse.baseUrl, alice.accessToken)).not.toBeNull();
    await first.model.confirmRecoveryKeySaved();
    const signedIn = first.model.value as SignedIn;
    expect(signedIn).toMatchObject({ phase: 'signed-in', userId: alice.userId, busy: false });
    expect(signedIn.ed25519Key).toMatch(/^[A-Za-z0-9+/]{43}$/);
    first.model.stop();
    // The sync data is kept for the next start, next to the crypto store.
    expect(await cryptoDatabases(signedIn.deviceId)).toContain(`matrix-js-sdk:depesche:${alice.userId}:${signedIn.deviceId}`);

    const second = await viewModel(store);
    await second.model.restore();
    expect(second.model.value).toEqual(signedIn);

    const token = (await signedInSession(second.sessionVault)).accessToken;
    await second.model.logout();
    expect(second.model.value).toEqual({ phase: 'signed-out', busy: false, problem: null });
    expect(await second.sessionVault.load()).toBeNull();
    expect(await whoamiStatus(synapse.baseUrl, token)).toBe(401);
    expect(await cryptoDatabases(signedIn.deviceId)).toEqual([]);
  });

  it('sets up encryption once per account: a later sign-in on another device is asked to verify, and may do it later', async () => {
    const erin = await registerUser(synapse, uniqueLocalpart('erin'));
    const first = await viewModel(createMemorySecretStore());
    await first.model.restore();
    await first.model.login({ homeserver: synapse.baseUrl, username: erin.localpart, password: erin.password });
    expect(first.model.value.phase).toBe('recovery-key');
    const masterKey = await crossSigningMasterKey(synapse.baseUrl, erin.accessToken, erin.userId);
    first.model.stop();

    const second = await viewModel(createMemorySecretStore());
    await second.model.restore();
    await second.model.login({ homeserver: synapse.baseUrl, username: erin.localpart, password: erin.password });
    expect(second.model.value).toMatchObject({ phase: 'verify-session', busy: false, problem: null });
    await second.model.verifySession('  ');
    expect(second.model.value).toMatchObject({ phase: 'verify-session', problem: { code: 'recovery-key-required' } });
    await second.model.skipVerification();
    expect(second.model.value.phase).toBe('signed-in');
    expect(await crossSigningMasterKey(synapse.baseUrl, erin.accessToken, erin.userId)).toBe(masterKey);
    second.model.stop();
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

  it('looks the homeserver up from a full user id when no address is given', async () => {
    const { model } = await viewModel(createMemorySecretStore());
    await model.restore();
    // Nothing serves https://localhost here, so the lookup itself is what fails, and says where it looked.
    await model.login({ homeserver: '', username: '@alice:localhost', password: 'x' });
    expect(model.value).toMatchObject({ phase: 'signed-out', problem: { code: 'homeserver-unreachable', detail: expect.stringContaining('@alice:localhost') } });
  });

  it('wipes the local session when the server revoked it in the meantime', async () => {
    const carol = await registerUser(synapse, uniqueLocalpart('carol'));
    const store = createMemorySecretStore();
    const first = await viewModel(store);
    await first.model.restore();
    await first.model.login({ homeserver: synapse.baseUrl, username: carol.localpart, password: carol.password });
    first.model.stop();
    const { accessToken, userId, deviceId } = await signedInSession(first.sessionVault);

    // An administrator (or another device) signs this session out.
    await fetch(`${synapse.baseUrl}/_matrix/client/v3/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });

    const second = await viewModel(store);
    await second.model.restore();
    expect(second.model.value).toEqual({ phase: 'signed-out', busy: false, problem: { code: 'session-revoked' } });
    expect(await second.sessionVault.load()).toBeNull();
    expect(await store.get(`vm/${userId}/${deviceId}/storage-key`)).toBeNull();
    expect(await cryptoDatabases(deviceId)).toEqual([]);
  });

  it('notices a remote sign-out while running, wipes the session, and says why', async () => {
    const dora = await registerUser(synapse, uniqueLocalpart('dora'));
    const store = createMemorySecretStore();
    const { model, sessionVault } = await viewModel(store);
    await model.restore();
    await model.login({ homeserver: synapse.baseUrl, username: dora.localpart, password: dora.password });
    await model.confirmRecoveryKeySaved();
    expect(model.value.phase).toBe('signed-in');
    const { accessToken, userId, deviceId } = await signedInSession(sessionVault);

    await fetch(`${synapse.baseUrl}/_matrix/client/v3/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });

    expect(await refusal(synapse.baseUrl, accessToken)).toEqual({ errcode: 'M_UNKNOWN_TOKEN', softLogout: false });
    await expect.poll(() => model.value).toEqual({ phase: 'signed-out', busy: false, problem: { code: 'session-revoked' } });
    expect(await sessionVault.load()).toBeNull();
    expect(await store.get(`vm/${userId}/${deviceId}/storage-key`)).toBeNull();
    expect(await cryptoDatabases(deviceId)).toEqual([]);
  });
});

describe('SessionViewModel when the server lets the access token expire (soft logout)', () => {
  it('keeps the device and its keys while running, and continues on the same device with the password', async () => {
    const erin = await registerUser(synapse, uniqueLocalpart('erin'));
    const store = createMemorySecretStore();
    const { model, sessionVault, main } = await viewModel(store);
    const expiring = await saveExpiringSession(main, erin);
    await model.restore();
    const before = model.value as SignedIn;
    expect(before).toMatchObject({ phase: 'signed-in', userId: erin.userId, deviceId: expiring.deviceId });

    await tokenRefused(synapse.baseUrl, expiring.accessToken);
    expect(await refusal(synapse.baseUrl, expiring.accessToken)).toEqual({ errcode: 'M_UNKNOWN_TOKEN', softLogout: true });
    await wakeSyncs(synapse.baseUrl, erin);
    await expect.poll(() => model.value).toEqual({ phase: 'expired', userId: erin.userId, busy: false, problem: null });

    // The token is gone from the keychain; the device, its storage key and its crypto store stay.
    const { homeserverUrl, userId, deviceId } = expiring;
    expect(await sessionVault.load()).toEqual({ homeserverUrl, userId, deviceId, expired: true });
    expect(await store.get(`vm/${userId}/${deviceId}/storage-key`)).not.toBeNull();
    expect(await cryptoDatabases(deviceId)).not.toEqual([]);

    await model.continueSession('not-the-password');
    expect(model.value).toEqual({ phase: 'expired', userId, busy: false, problem: { code: 'wrong-password' } });
    await model.continueSession('');
    expect(model.value).toEqual({ phase: 'expired', userId, busy: false, problem: { code: 'password-required' } });

    await model.continueSession(erin.password);
    expect(model.value).toEqual(before);
    const renewed = await signedInSession(sessionVault);
    expect(renewed).toMatchObject({ homeserverUrl, userId, deviceId });
    expect(renewed.accessToken).not.toBe(expiring.accessToken);
    expect(await whoamiStatus(synapse.baseUrl, renewed.accessToken)).toBe(200);
    // Same device, same identity key: what others verified is still this device.
    expect(await publishedDeviceKey(synapse.baseUrl, erin.accessToken, userId, deviceId)).toBe(before.ed25519Key);
  });

  it('finds the token expired at restore, keeps the device, and wipes everything when told to sign out instead', async () => {
    const fay = await registerUser(synapse, uniqueLocalpart('fay'));
    const store = createMemorySecretStore();
    const first = await viewModel(store);
    const expiring = await saveExpiringSession(first.main, fay);
    await first.model.restore();
    expect(first.model.value.phase).toBe('signed-in');
    first.model.stop();
    const { homeserverUrl, userId, deviceId } = expiring;

    await tokenRefused(synapse.baseUrl, expiring.accessToken);
    const second = await viewModel(store);
    await second.model.restore();
    expect(second.model.value).toEqual({ phase: 'expired', userId, busy: false, problem: null });
    expect(await second.sessionVault.load()).toEqual({ homeserverUrl, userId, deviceId, expired: true });
    expect(await store.get(`vm/${userId}/${deviceId}/storage-key`)).not.toBeNull();
    expect(await cryptoDatabases(deviceId)).not.toEqual([]);

    // A restart keeps asking for the password, without contacting anyone.
    const third = await viewModel(store);
    await third.model.restore();
    expect(third.model.value).toEqual({ phase: 'expired', userId, busy: false, problem: null });

    await third.model.signOutExpired();
    expect(third.model.value).toEqual({ phase: 'signed-out', busy: false, problem: null });
    expect(await third.sessionVault.load()).toBeNull();
    expect(await store.get(`vm/${userId}/${deviceId}/storage-key`)).toBeNull();
    expect(await cryptoDatabases(deviceId)).toEqual([]);
  });
});
