import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EventType, MsgType, Preset } from 'matrix-js-sdk';
import { describe, expect, inject, it } from 'vitest';
import { seriousAccessibilityViolations } from '../support/axe';
import { pagePerFile } from '../support/page-per-file';
import { signIn } from '../support/login-screen';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';
import { chooseFromSecuritySettings } from '../support/user-menu';

const synapse = inject('synapse');

describe('exporting and importing room keys in the UI', () => {
  const harness = pagePerFile();

  it('exports to a passphrase file through the save dialog, and reads such a file back', async () => {
    const alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    const { page } = harness();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    const { room_id: roomId } = await bob.createRoom({
      preset: Preset.PrivateChat,
      name: 'Schlüsselübergabe',
      invite: [alice.userId],
      initial_state: [{ type: EventType.RoomEncryption, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => bob.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    await expect.poll(() => bob.getCrypto()!.isEncryptionEnabledInRoom(roomId)).toBe(true);
    await bob.sendMessage(roomId, { msgtype: MsgType.Text, body: 'Schlüssel folgt' });
    await expect.poll(() => page.getByRole('log').getByText('Schlüssel folgt').count()).toBe(1);

    await chooseFromSecuritySettings(page, 'Export room keys…');
    const dialog = page.getByRole('dialog', { name: 'Export room keys' });
    await dialog.getByLabel('Passphrase', { exact: true }).fill('Amtsgeheimnis-2026');
    await dialog.getByLabel('Repeat the passphrase').fill('Amtsgeheimnis-2025');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('The two passphrases differ.');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel('Repeat the passphrase').fill('Amtsgeheimnis-2026');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 60_000 }).toBe('The room keys have been exported.');
    const exported = join(harness().adapters.saveDirectory, 'depesche-room-keys.txt');
    const file = await readFile(exported, 'utf8');
    expect(file).toMatch(/^-----BEGIN MEGOLM SESSION DATA-----\n/);
    expect(file).not.toContain('session_key');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await chooseFromSecuritySettings(page, 'Import room keys…');
    const importing = page.getByRole('dialog', { name: 'Import room keys' });
    await importing.getByLabel('Export file').setInputFiles(exported);
    await importing.getByLabel('Passphrase').fill('falsch');
    await importing.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => importing.getByRole('alert').textContent(), { timeout: 60_000 }).toBe('The passphrase is wrong, or the file has been changed.');
    await importing.getByLabel('Passphrase').fill('Amtsgeheimnis-2026');
    await importing.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => importing.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/^\d+ room keys? imported\.$/);
    bob.stopClient();
  });
});
