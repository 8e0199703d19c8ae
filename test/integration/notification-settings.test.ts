import { MsgType, Preset, PushRuleKind, RuleId, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { watchMessageAlerts, type MessageAlert } from '../../src/renderer/lib/matrix/message-alerts';
import { notificationRulesOf, roomModeOf, setRoomMode } from '../../src/renderer/lib/matrix/push-rules';
import { DoNotDisturb } from '../../src/renderer/lib/view-models/do-not-disturb';
import { NotificationSettings } from '../../src/renderer/lib/view-models/notification-settings';
import { loginNewDevice, waitFor } from '../support/matrix-api';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';

const synapse = inject('synapse');
const preference = { policy: async () => ({ content: 'full' as const, locked: false }), load: () => null, save: () => {} };

describe('notification settings as push rules on Synapse', () => {
  let aliceUser: RegisteredUser;
  let alice: MatrixClient;
  /** Alice's second session, as another client of hers would be. */
  let aliceElsewhere: MatrixClient;
  let bob: MatrixClient;
  let roomId: string;
  const alerts: MessageAlert[] = [];
  let settings: NotificationSettings;

  beforeAll(async () => {
    aliceUser = await registerUser(synapse, uniqueLocalpart('alice'));
    alice = await startPeer(synapse.baseUrl, aliceUser);
    aliceElsewhere = await startPeer(synapse.baseUrl, { ...aliceUser, ...(await loginNewDevice(synapse.baseUrl, aliceUser, 'elsewhere')) });
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
    // A group room: three members, so the direct-chat rules do not apply.
    const carol = await registerUser(synapse, uniqueLocalpart('carol'));
    ({ room_id: roomId } = await alice.createRoom({ preset: Preset.PublicChat, name: 'Lagezentrum' }));
    await bob.joinRoom(roomId);
    const carolClient = await startPeer(synapse.baseUrl, carol);
    await carolClient.joinRoom(roomId);
    carolClient.stopClient();
    await waitFor(async () => (alice.getRoom(roomId)?.getJoinedMemberCount() === 3 ? true : null), 'three members in the room');
    watchMessageAlerts(alice, (alert) => void alerts.push(alert));
    settings = new NotificationSettings(alice, new DoNotDisturb(alice), preference, (roomId) => alice.getRoom(roomId)?.name ?? roomId);
  });
  afterAll(() => {
    settings?.dispose();
    for (const client of [alice, aliceElsewhere, bob]) client?.stopClient();
  });

  /** Bob writes; resolves once Alice's client has the message, so an alert would have come. */
  async function bobWrites(body: string): Promise<void> {
    const { event_id: eventId } = await bob.sendMessage(roomId, { msgtype: MsgType.Text, body });
    await expect.poll(() => alice.getRoom(roomId)?.findEventById(eventId) !== undefined).toBe(true);
  }
  const alerted = () => alerts.map((alert) => alert.body);

  it('notifies about every message in a room with no rule of its own', async () => {
    expect(roomModeOf(alice.pushRules, roomId)).toBe('all');
    await bobWrites('Guten Morgen');
    await expect.poll(alerted).toContain('Guten Morgen');
  });

  it('sets a room to mentions and keywords: a plain message is quiet, a keyword notifies; the other session reads the same rules', async () => {
    await setRoomMode(alice, roomId, 'mentions');
    expect(await settings.addKeyword('Haushalt')).toBe(true);
    expect(settings.value.rules.keywords).toEqual(['Haushalt']);

    const elsewhere = await aliceElsewhere.getPushRules();
    expect(roomModeOf(elsewhere, roomId)).toBe('mentions');
    expect(notificationRulesOf(elsewhere).keywords).toEqual(['Haushalt']);
    // And its synced copy follows without asking.
    await expect.poll(() => roomModeOf(aliceElsewhere.pushRules, roomId)).toBe('mentions');

    await bobWrites('Nur eine Randnotiz');
    await bobWrites('Der haushalt ist beschlossen');
    await expect.poll(alerted).toContain('Der haushalt ist beschlossen');
    expect(alerted()).not.toContain('Nur eine Randnotiz');
    // A keyword is heard: its rule has the sound while sound is on.
    expect(alerts.find((alert) => alert.body === 'Der haushalt ist beschlossen')?.sound).toBe(true);
  });

  it('sets a room off: not even a keyword notifies', async () => {
    await setRoomMode(alice, roomId, 'off');
    const elsewhere = await aliceElsewhere.getPushRules();
    expect(roomModeOf(elsewhere, roomId)).toBe('off');
    // Exactly one of the two rules is in force.
    expect(elsewhere.global.room?.some((rule) => rule.rule_id === roomId)).toBe(false);
    await bobWrites('Haushalt: noch eine Frage');
    await bobWrites('Und noch etwas');
    expect(alerted()).not.toContain('Haushalt: noch eine Frage');
    expect(alerted()).not.toContain('Und noch etwas');

    await setRoomMode(alice, roomId, 'all');
    expect(roomModeOf(await aliceElsewhere.getPushRules(), roomId)).toBe('all');
    await bobWrites('Wieder da');
    await expect.poll(alerted).toContain('Wieder da');
  });

  it('turns everything off with the master rule and sound off in the rules, as the other session sees', async () => {
    expect(await settings.setEnabled(false)).toBe(true);
    expect(settings.value.rules.enabled).toBe(false);
    const master = (await aliceElsewhere.getPushRules()).global.override?.find((rule) => rule.rule_id === RuleId.Master);
    expect(master?.enabled).toBe(true);
    await bobWrites('Niemand hört das');
    expect(alerted()).not.toContain('Niemand hört das');
    expect(await settings.setEnabled(true)).toBe(true);

    expect(await settings.setSound(false)).toBe(true);
    const rules = await aliceElsewhere.getPushRules();
    expect(notificationRulesOf(rules).sound).toBe(false);
    expect(rules.global[PushRuleKind.ContentSpecific]?.find((rule) => rule.rule_id === 'Haushalt')?.actions).toEqual(['notify', { set_tweak: 'highlight', value: true }]);
    await bobWrites('Haushalt, leise');
    await expect.poll(alerted).toContain('Haushalt, leise');
    expect(alerts.find((alert) => alert.body === 'Haushalt, leise')?.sound).toBe(false);
    expect(await settings.setSound(true)).toBe(true);
    expect(notificationRulesOf(await aliceElsewhere.getPushRules()).sound).toBe(true);

    expect(await settings.removeKeyword('Haushalt')).toBe(true);
    expect(notificationRulesOf(await aliceElsewhere.getPushRules()).keywords).toEqual([]);
  });

  it('keeps do not disturb in the account data, where the other session finds it', async () => {
    await settings.doNotDisturb.start('hour');
    expect(settings.doNotDisturb.active).toBe(true);
    const there = new DoNotDisturb(aliceElsewhere);
    await expect.poll(() => there.active).toBe(true);
    expect(there.value.until).toBe(settings.doNotDisturb.value.until);
    await settings.doNotDisturb.end();
    await expect.poll(() => there.active).toBe(false);
    there.dispose();
  });
});
