/**
 * A shared terminal (kiosk.enabled): the page in the storage a kiosk's in-memory partition
 * gives it, a whole session (sign-in, the recovery key for history, an encrypted chat, an
 * attachment), and its three ends: End session, the idle countdown, and a crash. After
 * each, nothing of the person is in the browser's profile or temporary folder, or main's logs.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MsgType, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sendEncryptedAttachment } from '../support/attachments';
import { startHarness, type Harness } from '../support/harness';
import { submitLogin } from '../support/login-screen';
import { backedUpKeyCount } from '../support/matrix-api';
import { encryptedRoomBetween, startCrossSignedPeer, startPeer } from '../support/peer-client';
import { gradientPng } from '../support/png';
import { filesContaining } from '../support/profile-scan';
import { accessibleInEveryScheme } from '../support/schemes';
import { openSettings } from '../support/user-menu';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
const kioskPolicy = { 'kiosk.enabled': true, 'kiosk.idleSignOutMinutes': 1 };
const tag = uniqueLocalpart('k');
const roomName = `Bürgeramt Akte ${tag}`;
const historyText = `Vor der Sitzung geschrieben ${tag}`;
const figures: Record<string, number> = {};
/** A whole session with two sign-ins (and the SDK's start) on a shared 2-core machine. */
const sessionTestMs = 300_000;

let alice: RegisteredUser;
/** Alice's own desk computer: her first session, which set up cross-signing and backup. */
let aliceDesk: MatrixClient;
let recoveryKey: string;
let bob: MatrixClient;
let roomId: string;
const opened: Harness[] = [];

let settingUp: Promise<void> | null = null;
/** The cast, once for the file and from inside a test (expect.poll needs one): Alice with backup, Bob, their room with history. */
function setUp(): Promise<void> {
  settingUp ??= (async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bobUser = await registerUser(synapse, uniqueLocalpart('bob'));
    ({ client: aliceDesk, recoveryKey } = await startCrossSignedPeer(synapse.baseUrl, alice));
    bob = await startPeer(synapse.baseUrl, bobUser);
    roomId = await encryptedRoomBetween(aliceDesk, bob);
    await aliceDesk.setRoomName(roomId, roomName);
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: historyText });
    // History is readable at the kiosk only from the key backup.
    await expect.poll(() => backedUpKeyCount(synapse.baseUrl, alice.accessToken), { timeout: 30_000 }).toBeGreaterThan(0);
  })();
  return settingUp;
}

afterAll(async () => {
  aliceDesk?.stopClient();
  bob?.stopClient();
  for (const harness of opened.splice(0)) {
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  }
  await mkdir('test-results', { recursive: true });
  await writeFile('test-results/kiosk-figures.json', `${JSON.stringify(figures, null, 2)}\n`);
});

async function kiosk(options: { clock?: boolean; userDataDir?: string } = {}): Promise<Harness> {
  await setUp();
  const harness = await startHarness({ secretStorage: 'memory', machinePolicy: kioskPolicy, inMemory: true, userDataDir: options.userDataDir });
  opened.push(harness);
  if (options.clock) await harness.page.clock.install();
  await harness.page.goto(harness.url);
  return harness;
}

/** What must not be found on disk afterwards: the session's secrets and the person's words and names. */
interface Traces {
  readonly accessToken: string;
  readonly storageKey: string;
  readonly userId: string;
  readonly roomName: string;
  readonly messages: readonly string[];
}

async function signInAsAlice(harness: Harness, withRecoveryKey: boolean): Promise<Traces> {
  const { page } = harness;
  await submitLogin(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
  await page.getByRole('heading', { name: 'Verify this session' }).waitFor({ timeout: 60_000 });
  // A public screen: the key or no history, and neither emoji with another session nor a reset that would show a new key.
  expect(await page.getByRole('button', { name: 'Verify with another session' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /lost/i }).count()).toBe(0);
  if (withRecoveryKey) {
    await page.getByLabel('Recovery key').fill(recoveryKey);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
  } else {
    await page.getByRole('button', { name: 'Continue without history' }).click();
  }
  await page.getByRole('button', { name: 'New room' }).waitFor({ timeout: 60_000 });
  const stored = await harness.sessionVault.load();
  if (!stored || !('accessToken' in stored)) throw new Error('no session kept');
  return { accessToken: stored.accessToken, storageKey: await harness.sessionVault.storageKey(), userId: alice.userId, roomName, messages: [] };
}

async function openRoom(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Conversations' }).getByText(roomName).click();
  await page.getByRole('heading', { name: roomName }).waitFor();
}

/** Every trace found in the browser's profile and temporary folders and main's log folder, as "what: file". */
async function leftOnDisk(harness: Harness, traces: Traces): Promise<string[]> {
  const needles = { accessToken: traces.accessToken, storageKey: traces.storageKey, userId: traces.userId, roomName: traces.roomName, ...Object.fromEntries(traces.messages.map((text, index) => [`message ${index + 1}`, text])) };
  const found: string[] = [];
  for (const folder of [harness.userDataDir, harness.temporaryDir, harness.logDirectory]) {
    for (const [what, needle] of Object.entries(needles)) {
      for (const file of await filesContaining(folder, needle).catch(() => [])) found.push(`${what}: ${file}`);
    }
  }
  return found;
}

async function devicesOfAlice(): Promise<string[]> {
  const { devices } = await aliceDesk.getDevices();
  return devices.map(({ device_id }) => device_id);
}

/** Bytes in files under a folder changed since `since` (ms): what a session wrote there. */
async function bytesWrittenSince(folder: string, since: number): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const info = await stat(join(entry.parentPath, entry.name)).catch(() => null);
    if (info && info.mtimeMs >= since) total += info.size;
  }
  return total;
}

/** The next person at the terminal signs in as someone else, and leaves again. */
async function nextPersonSignsIn(page: Page): Promise<void> {
  const carla = await registerUser(synapse, uniqueLocalpart('carla'));
  await submitLogin(page, { homeserver: synapse.baseUrl, username: carla.localpart, password: carla.password });
  // No cross-signing is set up at a kiosk, so no recovery key is shown: straight in.
  await page.getByRole('button', { name: 'New room' }).waitFor({ timeout: 60_000 });
  expect(await page.getByRole('navigation', { name: 'Conversations' }).getByText(roomName).count()).toBe(0);
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
}

describe('kiosk session (kiosk.enabled)', () => {
  it('(a) chat, attachment and history with the recovery key, then End session: nothing left, device gone, next person in', async () => {
    const harness = await kiosk();
    const { page } = harness;
    const sessionStart = Date.now() - 1000;
    await page.getByText('Shared terminal: when you end the session, nothing of yours stays on it.').waitFor();
    // Nothing to remember on a shared terminal.
    expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('off');
    const traces = await signInAsAlice(harness, true);

    await openRoom(page);
    // History from before this device existed, read with the recovery key from the backup.
    await page.getByRole('log').getByText(historyText).waitFor({ timeout: 60_000 });
    const reply = `Antwort vom Terminal ${tag}`;
    const composer = page.getByLabel(`Message to ${roomName}`);
    await composer.fill(reply);
    await composer.press('Enter');
    await expect.poll(() => bob.getRoom(roomId)?.getLiveTimeline().getEvents().some((event) => event.getContent().body === reply), { timeout: 30_000 }).toBe(true);
    const attachmentName = `Bescheid-${tag}.png`;
    await sendEncryptedAttachment(bob, roomId, { name: attachmentName, mimetype: 'image/png', bytes: gradientPng(300, 180), image: { width: 300, height: 180 } });
    await page.getByRole('log').getByRole('button', { name: `Show ${attachmentName} full size` }).click({ timeout: 30_000 });
    const viewer = page.getByRole('dialog', { name: attachmentName });
    await expect.poll(() => viewer.getByRole('img', { name: attachmentName }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300);
    // Viewed, not saved: a kiosk's policy allows no files on its disk, and no links out.
    expect(await viewer.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    const link = await page.evaluate(() => window.depesche.links.openExternal({ url: 'https://bund.example/', text: 'https://bund.example/' }));
    expect(link).toMatchObject({ ok: false, error: { code: 'link-refused' } });
    expect(harness.adapters.openedLinks).toEqual([]);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    // Nothing else leaves the terminal for its disk or shows a new recovery key on its screen either.
    await page.getByRole('button', { name: 'Room options' }).click();
    const roomMenu = page.getByRole('menu');
    await roomMenu.getByRole('menuitem', { name: 'Room details…' }).waitFor();
    expect(await roomMenu.getByRole('menuitem').allTextContents()).not.toContain('Export for the files…');
    await page.keyboard.press('Escape');
    const security = await openSettings(page, 'Security');
    await security.getByRole('button', { name: 'Sessions…' }).waitFor();
    expect(await security.getByRole('button', { name: /^(Recovery key…|Export room keys…|Import room keys…)$/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await security.waitFor({ state: 'hidden' });

    const kioskDevice = (await harness.sessionVault.load())!.deviceId;
    expect(await devicesOfAlice()).toContain(kioskDevice);
    const endSession = page.getByRole('button', { name: 'End session' });
    const ending = Date.now();
    await endSession.click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    figures.endSessionToLoginScreenMs = Date.now() - ending;
    figures.profileBytesWrittenDuringSession = await bytesWrittenSince(harness.userDataDir, sessionStart);
    figures.temporaryBytesWrittenDuringSession = await bytesWrittenSince(harness.temporaryDir, sessionStart);

    expect(await leftOnDisk(harness, { ...traces, messages: [historyText, reply, attachmentName] })).toEqual([]);
    expect(await harness.sessionVault.load()).toBeNull();
    expect(await devicesOfAlice()).not.toContain(kioskDevice);
    await nextPersonSignsIn(page);
  }, sessionTestMs);

  it('(b) the idle countdown: Continue keeps the session, and its end signs out, leaving nothing', async () => {
    const harness = await kiosk({ clock: true });
    const { page } = harness;
    const traces = await signInAsAlice(harness, false);
    await openRoom(page);
    const live = `Während der Sitzung ${tag}`;
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: live });
    await page.getByRole('log').getByText(live).waitFor({ timeout: 30_000 });
    const kioskDevice = (await harness.sessionVault.load())!.deviceId;

    await page.clock.fastForward('01:01');
    const countdown = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await countdown.waitFor();
    expect(await countdown.locator('[data-seconds]').textContent()).toMatch(/^Your session ends in \d+ s$/);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Continue');
    // Announced every ten seconds, not every second.
    expect(await countdown.getByRole('status').textContent()).toBe('Your session ends in 30 s');
    await accessibleInEveryScheme(page);
    await page.setViewportSize({ width: 320, height: 640 });
    const tooWide = () => page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 321).map((e) => e.outerHTML.slice(0, 80)));
    expect(await page.evaluate(() => document.documentElement.scrollWidth), (await tooWide()).slice(0, 5).join('\n')).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.keyboard.press('Enter');
    await countdown.waitFor({ state: 'hidden' });
    expect(await harness.sessionVault.load()).not.toBeNull();

    await page.clock.fastForward('01:01');
    await countdown.waitFor();
    await page.clock.fastForward('00:31');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    expect(await leftOnDisk(harness, { ...traces, messages: [live] })).toEqual([]);
    expect(await harness.sessionVault.load()).toBeNull();
    expect(await devicesOfAlice()).not.toContain(kioskDevice);
    await nextPersonSignsIn(page);
  }, sessionTestMs);

  it('(c) a crash mid-session leaves nothing on disk, and the next start cleans up and shows the login screen first', async () => {
    const harness = await kiosk();
    const { page } = harness;
    const traces = await signInAsAlice(harness, false);
    await openRoom(page);
    const live = `Kurz vor dem Absturz ${tag}`;
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: live });
    await page.getByRole('log').getByText(live).waitFor({ timeout: 30_000 });
    await page.getByLabel(`Message to ${roomName}`).fill(`Entwurf ${tag}`);

    await harness.killBrowser();
    expect(await leftOnDisk(harness, { ...traces, messages: [live, `Entwurf ${tag}`] })).toEqual([]);

    // The next start: a new main (memory holds no session) on the same profile folder.
    const restarted = await kiosk({ userDataDir: harness.userDataDir });
    expect(restarted.profileCleanup?.removed.length).toBeGreaterThan(0);
    expect(restarted.profileCleanup?.failed).toEqual([]);
    const firstScreen = await Promise.race([
      restarted.page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 }).then(() => 'login'),
      restarted.page.getByRole('button', { name: 'New room' }).waitFor({ timeout: 30_000 }).then(() => 'workspace'),
    ]);
    expect(firstScreen).toBe('login');
  }, sessionTestMs);
});
