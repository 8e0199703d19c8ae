/**
 * Finding people and rooms, as a clerk would: Alice (the app in Chromium) finds Bob (a Node
 * client) by part of his display name, invites him from the room menu and from the member
 * list, pastes a matrix.to link, is told what a malformed or unknown id means, starts a
 * direct chat through the picker (and gets the same one the second time), and finds and
 * joins Bob's public room in the room directory. Keyboard only where a person would type.
 */
import { EventType, Preset, Visibility, type MatrixClient, type Room } from 'matrix-js-sdk';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { accessibleInEveryScheme } from '../support/schemes';
import { uniqueLocalpart } from '../support/synapse';
import { aliceInTheAppBobOnNode } from '../support/two-people';

const synapse = inject('synapse');
// A surname nobody else on the test server has: the directory's answer is Bob alone.
const surname = `Brandt${uniqueLocalpart('x').slice(2)}`;

/** Bob's invitation to a room of this name, once his client has it. */
async function invitation(bob: MatrixClient, name: string): Promise<Room> {
  let room: Room | undefined;
  await expect.poll(() => (room = bob.getRooms().find((candidate) => candidate.getMyMembership() === 'invite' && candidate.name === name)), { timeout: 20_000 }).toBeTruthy();
  return room!;
}

async function createRoom(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New room' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.getByRole('heading', { name }).waitFor();
}

/** No horizontal scrolling at 320 CSS pixels, then back to the usual size. */
async function reflows(page: Page, dialog: ReturnType<Page['getByRole']>): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  expect(await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  if (size) await page.setViewportSize(size);
}

describe('finding people and rooms', () => {
  const people = aliceInTheAppBobOnNode(synapse);

  it('finds Bob by part of his display name and invites him from the room menu, by keyboard', async () => {
    const { harness, bob, bobUser } = people();
    const { page } = harness;
    await bob.setDisplayName(`Bob ${surname}`);
    await createRoom(page, 'Vergabestelle');

    await page.getByRole('button', { name: 'Room options' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('i');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Invite people…');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Invite to Vergabestelle' });
    await dialog.waitFor();
    const field = dialog.getByRole('combobox', { name: 'People' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');

    // The directory may take a moment to take in a new display name: type again until it does.
    const option = dialog.getByRole('option', { name: new RegExp(`Bob ${surname}.*${bobUser.userId.replace(/[.]/g, '\\.')}`) });
    await expect
      .poll(
        async () => {
          await field.fill('');
          await field.pressSequentially(surname.slice(0, 9).toLowerCase());
          await page.waitForTimeout(600);
          return option.count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    // People on the own server carry no server mark.
    expect(await option.textContent()).not.toContain('at localhost');
    await accessibleInEveryScheme(page);
    await reflows(page, dialog);

    await page.keyboard.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await page.keyboard.press('Enter');
    const chips = dialog.getByRole('list', { name: 'Chosen people' });
    await chips.getByText(`Bob ${surname}`).waitFor();
    // Backspace in the empty field removes the last chip; choosing again brings it back.
    await page.keyboard.press('Backspace');
    await expect.poll(() => chips.count()).toBe(0);
    await field.pressSequentially(bobUser.userId);
    await option.waitFor();
    await page.keyboard.press('Enter');
    await chips.getByText(`Bob ${surname}`).waitFor();
    await accessibleInEveryScheme(page);
    // Enter in the empty field sends the form.
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await invitation(bob, 'Vergabestelle');
  });

  it('invites from the member list with a pasted matrix.to link, and explains ids that are no one', async () => {
    const { harness, bob, bobUser } = people();
    const { page } = harness;
    await createRoom(page, 'Haushalt');
    await page.getByRole('button', { name: '1 member' }).click();
    await page.getByRole('region', { name: 'Members' }).getByRole('button', { name: 'Invite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite to Haushalt' });
    const field = dialog.getByRole('combobox', { name: 'People' });

    await field.fill('@bob');
    await dialog.getByRole('alert').filter({ hasText: '“@bob” cannot be a user id. A user id looks like @erika:bund.de.' }).waitFor();
    const nobody = `@${uniqueLocalpart('niemand')}:${synapse.serverName}`;
    await field.fill(nobody);
    await dialog.getByRole('alert').filter({ hasText: `The server knows nobody with the user id ${nobody}.` }).waitFor();
    // Sending it anyway invites nobody.
    await dialog.getByRole('button', { name: 'Invite' }).click();
    expect(await dialog.isVisible()).toBe(true);

    await field.fill(`https://matrix.to/#/${encodeURIComponent(bobUser.userId)}`);
    await dialog.getByRole('option', { name: new RegExp(`Bob ${surname}`) }).click();
    await dialog.getByRole('list', { name: 'Chosen people' }).getByText(`Bob ${surname}`).waitFor();
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await invitation(bob, 'Haushalt');
    await page.getByRole('region', { name: 'Members' }).getByText(`Bob ${surname}`).waitFor();
  });

  it('starts a direct chat with Bob through the picker, and opens the same one the second time', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    await page.getByRole('button', { name: 'Direct chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'New encrypted direct chat' });
    const field = dialog.getByRole('combobox', { name: 'Person' });
    await field.pressSequentially(surname.toLowerCase());
    await dialog.getByRole('option', { name: new RegExp(`Bob ${surname}`) }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    let invite: Room | undefined;
    const directInvite = () => (invite = bob.getRooms().find((room) => room.getMyMembership() === 'invite' && room.getDMInviter() === alice.userId));
    await expect.poll(directInvite, { timeout: 20_000 }).toBeTruthy();
    const roomId = invite!.roomId;
    await bob.joinRoom(roomId);
    expect(await bob.getStateEvent(roomId, EventType.RoomEncryption, '')).toMatchObject({ algorithm: 'm.megolm.v1.aes-sha2' });
    await page.getByRole('heading', { name: `Bob ${surname}` }).waitFor();

    // Recorded in m.direct, which the second attempt finds.
    const direct = async () => {
      const response = await fetch(`${synapse.baseUrl}/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/account_data/m.direct`, {
        headers: { authorization: `Bearer ${alice.accessToken}` },
      });
      return response.ok ? ((await response.json()) as Record<string, string[]>) : null;
    };
    expect(await direct()).toEqual({ [bob.getSafeUserId()]: [roomId] });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Haushalt' }).click();
    await page.getByRole('heading', { name: 'Haushalt' }).waitFor();
    await page.getByRole('button', { name: 'Direct chat' }).click();
    await field.pressSequentially(bob.getSafeUserId());
    await dialog.getByRole('option', { name: new RegExp(`Bob ${surname}`) }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Bob ${surname}` }).waitFor();
    expect(await direct()).toEqual({ [bob.getSafeUserId()]: [roomId] });
  });

  it('finds a public room of Bob in the directory by searching, and joins it', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    const name = `Bauamt ${surname}`;
    const { room_id: roomId } = await bob.createRoom({
      name,
      topic: 'Bauanträge und Auskünfte',
      room_alias_name: surname.toLowerCase(),
      visibility: Visibility.Public,
      preset: Preset.PublicChat,
    });
    await page.getByRole('button', { name: 'Room directory' }).click();
    const dialog = page.getByRole('dialog', { name: 'Public rooms' });
    await dialog.getByRole('searchbox', { name: 'Search public rooms' }).pressSequentially(surname.slice(0, 9));
    const listed = dialog.getByRole('listitem').filter({ hasText: name });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Bauanträge und Auskünfte');
    expect(await listed.textContent()).toContain(`#${surname.toLowerCase()}:${synapse.serverName}`);
    expect(await listed.textContent()).toContain('1 member');
    expect(await dialog.getByRole('status').textContent()).toContain('1 room');
    await accessibleInEveryScheme(page);
    await reflows(page, dialog);

    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Join ${name}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name }).waitFor();
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.userId)?.membership).toBe('join');

    // Listed again, it opens instead of joining.
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Haushalt' }).click();
    await page.getByRole('button', { name: 'Room directory' }).click();
    await dialog.getByRole('searchbox', { name: 'Search public rooms' }).pressSequentially(surname.slice(0, 9));
    await dialog.getByRole('button', { name: `Open ${name}` }).click();
    await page.getByRole('heading', { name }).waitFor();
  });

  it('does not offer inviting where the role does not allow it, and says why', async () => {
    const { harness, bob, alice } = people();
    const { page } = harness;
    const name = `Nur Moderation ${surname}`;
    await bob.createRoom({ name, preset: Preset.PrivateChat, invite: [alice.userId], power_level_content_override: { invite: 50 } });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByRole('button', { name: 'Room options' }).click();
    const item = page.getByRole('menuitem', { name: 'Invite people (your role does not allow it)' });
    await item.waitFor();
    expect(await item.getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');
    // The member panel stays open from room to room once opened.
    const toggle = page.getByRole('button', { name: '2 members' });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByText('Your role in this room does not allow inviting people. A moderator or administrator can.').waitFor();
    expect(await members.getByRole('button', { name: 'Invite' }).count()).toBe(0);
  });
});
