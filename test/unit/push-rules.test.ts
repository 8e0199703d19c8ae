import { ConditionKind, PushRuleActionName, RuleId, TweakName, type IPushRule, type PushRuleKind, type IPushRules, type MatrixClient, type PushRuleAction } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import {
  addKeyword,
  keywordProblem,
  notificationRulesOf,
  roomModeOf,
  roomsWithOwnMode,
  setRoomMode,
  setSound,
} from '../../src/renderer/lib/matrix/push-rules';

const roomId = '!lage:bund.de';
const sound: PushRuleAction = { set_tweak: TweakName.Sound, value: 'default' };
const rule = (rule_id: string, actions: PushRuleAction[], extra: Partial<IPushRule> = {}): IPushRule => ({ rule_id, actions, default: false, enabled: true, ...extra });
const muteRule = (id = roomId) => rule(id, [], { conditions: [{ kind: ConditionKind.EventMatch, key: 'room_id', pattern: id }] });

/** A new account's rules, as far as these tests need them. */
function defaults(): IPushRules {
  return {
    global: {
      override: [rule(RuleId.Master, [], { default: true, enabled: false }), rule(RuleId.IsUserMention, [PushRuleActionName.Notify, sound], { default: true })],
      content: [rule(RuleId.ContainsUserName, [PushRuleActionName.Notify, sound], { default: true, pattern: 'erika' })],
      room: [],
      sender: [],
      underride: [rule(RuleId.DM, [PushRuleActionName.Notify, sound], { default: true }), rule(RuleId.Message, [PushRuleActionName.Notify], { default: true })],
    },
  };
}

/** Records the rule requests and applies them to its rules, as the server would. */
function rulesClient(rules: IPushRules) {
  const calls: string[] = [];
  const list = (kind: PushRuleKind) => (rules.global[kind] ??= []);
  const client = {
    pushRules: rules,
    calls,
    async addPushRule(_scope: string, kind: PushRuleKind, ruleId: string, body: Pick<IPushRule, 'actions' | 'conditions' | 'pattern'>) {
      calls.push(`add ${kind} ${ruleId} ${JSON.stringify(body.actions)}`);
      rules.global[kind] = [rule(ruleId, body.actions, { conditions: body.conditions, pattern: body.pattern }), ...list(kind).filter((r) => r.rule_id !== ruleId)];
      return {};
    },
    async deletePushRule(_scope: string, kind: PushRuleKind, ruleId: string) {
      calls.push(`delete ${kind} ${ruleId}`);
      rules.global[kind] = list(kind).filter((r) => r.rule_id !== ruleId);
      return {};
    },
    async setPushRuleActions(_scope: string, kind: PushRuleKind, ruleId: string, actions: PushRuleAction[]) {
      calls.push(`actions ${kind} ${ruleId} ${JSON.stringify(actions)}`);
      list(kind).find((r) => r.rule_id === ruleId)!.actions = actions;
      return {};
    },
    async getPushRules() {
      return rules;
    },
  };
  return client as typeof client & MatrixClient;
}

describe('push rules as notification settings', () => {
  it('reads a room without rules of its own as all messages, a room rule without actions as mentions, a mute override as off', () => {
    const rules = defaults();
    expect(roomModeOf(rules, roomId)).toBe('all');
    rules.global.room = [rule(roomId, [])];
    expect(roomModeOf(rules, roomId)).toBe('mentions');
    rules.global.override!.unshift(muteRule());
    expect(roomModeOf(rules, roomId)).toBe('off');
    // An override that matches more than the room (or notifies) is not our mute.
    rules.global.override![0] = rule(roomId, [], { conditions: [...muteRule().conditions!, { kind: ConditionKind.EventMatch, key: 'type', pattern: 'm.room.message' }] });
    expect(roomModeOf(rules, roomId)).toBe('mentions');
    expect(roomModeOf(undefined, roomId)).toBe('all');
  });

  it('lists the rooms that are quieter than the default, and no others', () => {
    const rules = defaults();
    const other = '!andere:bund.example';
    rules.global.room = [rule(roomId, []), rule(other, [PushRuleActionName.Notify])];
    rules.global.override!.unshift(muteRule());
    expect(roomsWithOwnMode(rules)).toEqual([{ roomId, mode: 'off' }]);
    rules.global.override!.shift();
    expect(roomsWithOwnMode(rules)).toEqual([{ roomId, mode: 'mentions' }]);
    expect(roomsWithOwnMode(undefined)).toEqual([]);
  });

  it('sets a room off with the override first, so there is no moment its messages notify, then drops the room rule', async () => {
    const rules = defaults();
    rules.global.room = [rule(roomId, [])];
    const client = rulesClient(rules);
    await setRoomMode(client, roomId, 'off');
    expect(client.calls).toEqual([`add override ${roomId} []`, `delete room ${roomId}`]);
    expect(roomModeOf(rules, roomId)).toBe('off');
  });

  it('turns an off room back on by writing its room rule before dropping the mute', async () => {
    const rules = defaults();
    rules.global.override!.unshift(muteRule());
    const client = rulesClient(rules);
    await setRoomMode(client, roomId, 'mentions');
    expect(client.calls).toEqual([`add room ${roomId} []`, `delete override ${roomId}`]);
    await setRoomMode(client, roomId, 'all');
    expect(client.calls.at(-1)).toBe(`add room ${roomId} ["notify"]`);
    expect(roomModeOf(rules, roomId)).toBe('all');
  });

  it('says whether everything is on from the master rule, and whether sound plays from the notifying rules', () => {
    const rules = defaults();
    expect(notificationRulesOf(rules)).toEqual({ enabled: true, sound: true, keywords: [] });
    rules.global.override![0]!.enabled = true;
    expect(notificationRulesOf(rules).enabled).toBe(false);
  });

  it('takes the sound from every notifying rule and gives it back to the rules that have it in a new account', async () => {
    const rules = defaults();
    const client = rulesClient(rules);
    await setSound(client, false);
    expect(notificationRulesOf(rules).sound).toBe(false);
    expect(client.calls).toHaveLength(3);
    await setSound(client, true);
    expect(notificationRulesOf(rules).sound).toBe(true);
    // Group messages stay silent, as in a new account; the master rule is never touched.
    expect(rules.global.underride!.find((r) => r.rule_id === RuleId.Message)!.actions).toEqual([PushRuleActionName.Notify]);
    expect(client.calls.some((call) => call.includes(RuleId.Master))).toBe(false);
  });

  it('keeps keywords as highlighted content rules with a sound where sound is on, and lists only the person\'s own', async () => {
    const rules = defaults();
    const client = rulesClient(rules);
    await addKeyword(client, '  Haushalt ');
    expect(client.calls).toEqual([`add content Haushalt ["notify",{"set_tweak":"highlight","value":true},{"set_tweak":"sound","value":"default"}]`]);
    expect(notificationRulesOf(rules).keywords).toEqual(['Haushalt']);
  });

  it('refuses keywords that are empty, too long, globs, not a rule id, or already there', () => {
    const rules = defaults();
    rules.global.content!.push(rule('Haushalt', [PushRuleActionName.Notify], { pattern: 'Haushalt' }));
    expect(keywordProblem(rules, '   ')).toBe('empty');
    expect(keywordProblem(rules, 'x'.repeat(101))).toBe('too-long');
    for (const word of ['Akte*', 'A?', '[ab]', 'a/b', 'a\\b', '.m.rule', 'Ha\u202Eus']) expect(keywordProblem(rules, word)).toBe('characters');
    expect(keywordProblem(rules, 'haushalt')).toBe('exists');
    expect(keywordProblem(rules, 'Vergabe')).toBeNull();
    // The default rule for the user name is not the person's keyword.
    expect(keywordProblem(rules, 'erika')).toBeNull();
  });
});
