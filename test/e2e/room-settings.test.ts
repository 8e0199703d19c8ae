import { EventType, Preset, type MatrixClient } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { beforeAll, afterAll, describe, expect, inject, it } from 'vitest';
import { choosePeople } from '../support/people-picker';
import { seriousAccessibilityViolations } from '../support/axe';
import { invitedRoom, startPeer } from '../support/peer-client';
import { gradientPng } from '../support/png';
import { accessibleInEveryScheme } from '../support/schemes';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');

/** A state event as Bob's client has it: what every other member sees. */
const seenBy = (client: MatrixClient, roomId: string, type: string, key = '') => client.getRoom(roomId)?.currentState.getStateEvents(type, key)?.getContent();

const settingsDialog = (page: Page) => page.getByRole('dialog', { name: 'Room settings' });

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Room options' }).click();
  await page.getByRole('menuitem', { name: 'Room settings…' }).click();
  const dialog = settingsDialog(page);
  await dialog.waitFor();
  return dialog;
}

/** The element with the keyboard focus, by its text. */
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);

/** Whether the page or the dialog scrolls sideways. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const dialog = document.querySelector('dialog[open]');
    return document.documentElement.scrollWidth > document.documentElement.clientWidth || (dialog !== null && dialog.scrollWidth > dialog.clientWidth);
  });

/** Accepts the newest invitation in the conversation list and waits for the room's title. */
async function accept(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).first().click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('room settings, for those whose role allows it and read-only for the others', () => {
  const people = aliceInTheAppBobOnNode(synapse);
  let carolUser: RegisteredUser;
  let carol: MatrixClient;
  let roomId: string;

  beforeAll(async () => {
    carolUser = await registerUser(synapse, uniqueLocalpart('carol'));
    carol = await startPeer(synapse.baseUrl, carolUser);
  });
  afterAll(() => carol?.stopClient());

  it('changes name, topic, picture, roles, access and addresses tab by tab, and Bob sees each state event', async () => {
    const { harness, bob, bobUser } = people();
    const { page } = harness;
    const bobInvited = invitedRoom(bob);
    const carolInvited = invitedRoom(carol);
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByLabel('Name').fill('Vergabestelle');
    await choosePeople(page, 'Invite people', [bobUser.userId, carolUser.userId]);
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vergabestelle' }).waitFor();
    roomId = (await bobInvited).roomId;
    await bob.joinRoom(roomId);
    await carol.joinRoom((await carolInvited).roomId);
    await expect.poll(() => page.getByRole('button', { name: '3 members' }).count()).toBe(1);
    // Bob already has an address that Alice will try to take.
    const { room_id: bobsRoom } = await bob.createRoom({ preset: Preset.PrivateChat });
    const taken = uniqueLocalpart('vergabe');
    await bob.createAlias(`#${taken}:${bob.getDomain()}`, bobsRoom);

    const dialog = await openSettings(page);
    const status = dialog.getByTestId('room-settings-status');
    await dialog.getByLabel('Name').fill('Vergabestelle Nord');
    await dialog.getByRole('button', { name: 'Save' }).first().click();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomName)?.name).toBe('Vergabestelle Nord');
    await expect.poll(() => status.textContent()).toBe('Saved. Everyone in the room sees the change.');
    await dialog.getByLabel('Topic').fill('Ausschreibungen 2027');
    await dialog.getByRole('button', { name: 'Save' }).nth(1).click();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomTopic)?.topic).toBe('Ausschreibungen 2027');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'wappen.png', mimeType: 'image/png', buffer: gradientPng(96, 96) });
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomAvatar)?.url ?? '').toMatch(/^mxc:\/\//);
    // The picture is not encrypted, as the spec has it; the dialog says so. Encryption stays on.
    expect(await dialog.getByText('Room pictures are not encrypted').count()).toBe(1);
    expect(await dialog.getByTestId('room-settings-encryption').textContent()).toContain('encryption cannot be turned off');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vergabestelle Nord');
    await accessibleInEveryScheme(page);

    // Tabs by keyboard, as WAI-ARIA has them: arrows move and select, the panel follows.
    await dialog.getByRole('tab', { name: 'General' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedText(page)).toBe('Roles and permissions');
    expect(await dialog.getByRole('tab', { name: 'Roles and permissions' }).getAttribute('aria-selected')).toBe('true');
    expect(await dialog.getByTestId('room-settings-own-role').textContent()).toBe('Your role: Creator.');
    await dialog.getByRole('combobox', { name: new RegExp(`Role of ${bobUser.localpart}`) }).selectOption('50');
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomPowerLevels)?.users?.[bobUser.userId]).toBe(50);
    await dialog.getByRole('combobox', { name: 'Invite people' }).selectOption('50');
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomPowerLevels)?.invite).toBe(50);
    await accessibleInEveryScheme(page);

    await page.keyboard.press('End');
    expect(await focusedText(page)).toBe('Advanced');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedText(page)).toBe('Advanced');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedText(page)).toBe('Access and history');
    await dialog.getByRole('radio', { name: /^Anyone who has the room’s address/ }).check();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomJoinRules)?.join_rule).toBe('public');
    await dialog.getByRole('radio', { name: 'Members, from the time they joined' }).check();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomHistoryVisibility)?.history_visibility).toBe('joined');
    await accessibleInEveryScheme(page);

    await dialog.getByRole('tab', { name: 'Advanced' }).click();
    const mine = uniqueLocalpart('vergabe');
    const alias = `#${mine}:${bob.getDomain()}`;
    await dialog.getByLabel('New address').fill(taken);
    await dialog.getByRole('button', { name: 'Add address' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('This address is taken. Choose another one.');
    await dialog.getByLabel('New address').fill(mine);
    await dialog.getByRole('button', { name: 'Add address' }).click();
    await dialog.getByRole('button', { name: `Make ${alias} the main address` }).click();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomCanonicalAlias)?.alias).toBe(alias);
    expect(await dialog.getByTestId('room-settings-version').textContent()).toMatch(/^This room uses version \S+\.$/);
    expect(await dialog.getByTestId('room-settings-upgrade-offer').count()).toBe(0);
    await accessibleInEveryScheme(page);

    // Reflow: at 320 pixels no tab scrolls sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const tab of ['General', 'Roles and permissions', 'People (banned)', 'Access and history', 'Advanced']) {
      await dialog.getByRole('tab', { name: tab }).click();
      expect({ tab, sideways: await sideways(page) }).toEqual({ tab, sideways: false });
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('removes Carol with a reason from her profile, bans her and lifts the ban, Bob seeing each', async () => {
    const { harness, bob } = people();
    const { page } = harness;
    await page.getByRole('button', { name: '3 members' }).click();
    const panel = page.getByRole('region', { name: 'Members' });
    const carolInList = panel.getByRole('button', { name: new RegExp(carolUser.localpart) });
    await carolInList.click();
    let profile = page.getByRole('dialog', { name: new RegExp(carolUser.localpart) });
    await profile.getByLabel('Reason (optional, visible to everyone in the room)').fill('Falscher Verteiler');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await profile.getByRole('button', { name: 'Remove from room' }).click();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomMember, carolUser.userId)).toMatchObject({ membership: 'leave', reason: 'Falscher Verteiler' });
    await expect.poll(() => profile.isVisible()).toBe(false);

    // The room is open to anyone on the server now: Carol comes back, and is banned.
    await carol.joinRoom(roomId);
    await carolInList.click();
    profile = page.getByRole('dialog', { name: new RegExp(carolUser.localpart) });
    await profile.getByLabel('Reason (optional, visible to everyone in the room)').fill('Werbung');
    await profile.getByRole('button', { name: 'Ban from room' }).click();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomMember, carolUser.userId)).toMatchObject({ membership: 'ban', reason: 'Werbung' });
    await expect.poll(() => profile.isVisible()).toBe(false);
    await page.keyboard.press('Escape');

    const dialog = await openSettings(page);
    await dialog.getByRole('tab', { name: 'People (banned)' }).click();
    const banned = dialog.getByRole('listitem').filter({ hasText: carolUser.userId });
    expect(await banned.textContent()).toContain('Reason: Werbung');
    await accessibleInEveryScheme(page);
    await banned.getByRole('button', { name: /^Lift ban on / }).click();
    await expect.poll(() => seenBy(bob, roomId, EventType.RoomMember, carolUser.userId)?.membership).toBe('leave');
    await expect.poll(() => dialog.getByText('Nobody is banned from this room.').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('shows a plain member the settings read-only, with the reason, and follows a rename by someone else', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    const { room_id: bobsRoom } = await bob.createRoom({ preset: Preset.PrivateChat, name: 'Haushalt', invite: [alice.userId] });
    await accept(page, 'Haushalt');
    const dialog = await openSettings(page);
    expect(await dialog.getByLabel('Name').getAttribute('readonly')).not.toBeNull();
    expect(await dialog.getByText('Only administrators and moderators can change the name: you are a member.').count()).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Save' }).count()).toBe(0);
    // Bob renames the room while Alice has the settings open.
    await bob.setRoomName(bobsRoom, 'Haushalt 2027');
    await expect.poll(() => dialog.getByLabel('Name').inputValue()).toBe('Haushalt 2027');

    await dialog.getByRole('tab', { name: 'Roles and permissions' }).click();
    expect(await dialog.getByTestId('room-settings-own-role').textContent()).toBe('Your role: Member.');
    expect(await dialog.getByText('Only administrators can change roles and permissions: you are a member.').count()).toBe(1);
    expect(await dialog.getByRole('combobox').count()).toBe(0);
    await dialog.getByRole('tab', { name: 'Access and history' }).click();
    expect(await dialog.getByRole('radio', { name: 'Only people who are invited' }).isDisabled()).toBe(true);
    expect(await dialog.getByText('Only administrators can change who may read the history: you are a member.').count()).toBe(1);
    await accessibleInEveryScheme(page);
    await page.keyboard.press('Escape');
  });

  it('offers an upgrade where the server marks the room version unstable, and follows the tombstone to the new room', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    // Synapse marks its MSC room versions "unstable" in /capabilities (every numbered one is stable, even "1").
    const versions = (await bob.getCapabilities())['m.room_versions']!;
    const unstable = Object.keys(versions.available).find((version) => versions.available[version] === 'unstable')!;
    const { room_id: old } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Altakten',
      room_version: unstable,
      invite: [alice.userId],
      power_level_content_override: { users: { [bob.getSafeUserId()]: 100, [alice.userId]: 100 } },
    });
    await accept(page, 'Altakten');
    const dialog = await openSettings(page);
    await dialog.getByRole('tab', { name: 'Advanced' }).click();
    await expect.poll(() => dialog.getByTestId('room-settings-upgrade-offer').textContent()).toBe(
      `The server recommends an upgrade: version ${unstable} is marked unstable, version ${versions.default} is recommended.`,
    );
    await dialog.getByRole('button', { name: 'Upgrade room…' }).click();
    await accessibleInEveryScheme(page);
    await dialog.getByRole('button', { name: 'Upgrade', exact: true }).click();
    await expect.poll(() => seenBy(bob, old, EventType.RoomTombstone)?.replacement_room ?? null).not.toBeNull();
    const replacement = seenBy(bob, old, EventType.RoomTombstone)!.replacement_room as string;
    // The app went over to the new room.
    await page.getByRole('button', { name: 'Room options' }).click();
    await page.getByRole('menuitem', { name: 'Room details…' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Room details' }).getByText(replacement).count()).toBe(1);
    await page.keyboard.press('Escape');
  });
});
