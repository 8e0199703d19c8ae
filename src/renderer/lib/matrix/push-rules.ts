/**
 * What a person decides about notifications, kept as the account's push rules so every
 * client (and the server's push gateway) follows the same decisions: the master rule
 * for all of them, a rule per room, content rules for keywords, and the sound tweak.
 * The mapping per room is the one Element and the spec's examples use:
 * - all messages: a room rule that notifies;
 * - mentions and keywords: a room rule with no actions (mentions and content rules,
 *   which come before room rules, still notify);
 * - off: an override rule matching the room id, with no actions (it comes before the
 *   mention rules too).
 */
import {
  ConditionKind,
  MatrixError,
  PushRuleActionName,
  PushRuleKind,
  RuleId,
  TweakName,
  type IPushRule,
  type IPushRules,
  type MatrixClient,
  type PushRuleAction,
} from 'matrix-js-sdk';

export type RoomNotificationMode = 'all' | 'mentions' | 'off';

export const roomNotificationModes: readonly RoomNotificationMode[] = ['all', 'mentions', 'off'];

/** The account-wide part of the rules, as the settings show it. */
export interface NotificationRules {
  /** False while the master rule (".m.rule.master") is on: nothing notifies. */
  readonly enabled: boolean;
  /** Whether notifying rules play a sound. */
  readonly sound: boolean;
  /** The person's keywords (their own content rules), in the server's order. */
  readonly keywords: readonly string[];
}

/** Why a keyword cannot be kept as a content rule. */
export type KeywordProblem = 'empty' | 'too-long' | 'characters' | 'exists';

export const maxKeywordLength = 100;

const soundTweak: PushRuleAction = { set_tweak: TweakName.Sound, value: 'default' };
const highlightTweak: PushRuleAction = { set_tweak: TweakName.Highlight, value: true };

/**
 * The rules that play a sound in a new account (Synapse's and the spec's defaults);
 * "sound on" gives them theirs back, as well as the keywords.
 */
const soundByDefault: ReadonlySet<string> = new Set([
  RuleId.InviteToSelf,
  RuleId.IsUserMention,
  RuleId.ContainsDisplayName,
  RuleId.ContainsUserName,
  RuleId.IsRoomMention,
  RuleId.AtRoomNotification,
  RuleId.DM,
  RuleId.EncryptedDM,
]);

/** The rules "sound" is about: messages (calls ring by their own rules), and the person's own rules. */
const messageRules: ReadonlySet<string> = new Set([...soundByDefault, RuleId.Message, RuleId.EncryptedMessage]);
const aboutMessages = (rule: IPushRule) => !rule.default || messageRules.has(rule.rule_id);

const ruleKinds = [PushRuleKind.Override, PushRuleKind.ContentSpecific, PushRuleKind.RoomSpecific, PushRuleKind.SenderSpecific, PushRuleKind.Underride];

function rulesOf(rules: IPushRules | undefined, kind: PushRuleKind): readonly IPushRule[] {
  return rules?.global?.[kind] ?? [];
}

function findRule(rules: IPushRules | undefined, kind: PushRuleKind, ruleId: string): IPushRule | undefined {
  return rulesOf(rules, kind).find((rule) => rule.rule_id === ruleId);
}

const notifies = (rule: IPushRule) => rule.actions.includes(PushRuleActionName.Notify);
const playsSound = (rule: IPushRule) => rule.actions.some((action) => typeof action === 'object' && action.set_tweak === TweakName.Sound);

/** An override rule of ours mutes a room only if it matches exactly that room and nothing else. */
function mutesRoom(rule: IPushRule, roomId: string): boolean {
  const [condition, ...others] = rule.conditions ?? [];
  return (
    rule.enabled &&
    !notifies(rule) &&
    others.length === 0 &&
    condition?.kind === ConditionKind.EventMatch &&
    condition.key === 'room_id' &&
    condition.pattern === roomId
  );
}

export function roomModeOf(rules: IPushRules | undefined, roomId: string): RoomNotificationMode {
  const override = findRule(rules, PushRuleKind.Override, roomId);
  if (override && mutesRoom(override, roomId)) return 'off';
  const room = findRule(rules, PushRuleKind.RoomSpecific, roomId);
  return room?.enabled && !notifies(room) ? 'mentions' : 'all';
}

export function notificationRulesOf(rules: IPushRules | undefined): NotificationRules {
  const master = findRule(rules, PushRuleKind.Override, RuleId.Master);
  return {
    enabled: !master?.enabled,
    sound: ruleKinds.some((kind) => rulesOf(rules, kind).some((rule) => rule.enabled && aboutMessages(rule) && notifies(rule) && playsSound(rule))),
    keywords: keywordRules(rules).map((rule) => rule.pattern!),
  };
}

function keywordRules(rules: IPushRules | undefined): IPushRule[] {
  return rulesOf(rules, PushRuleKind.ContentSpecific).filter((rule) => !rule.default && rule.enabled && typeof rule.pattern === 'string');
}

/** The rooms whose own rules make them quieter than the account's default, and how (the settings list them). */
export function roomsWithOwnMode(rules: IPushRules | undefined): { readonly roomId: string; readonly mode: RoomNotificationMode }[] {
  const ids = new Set([...rulesOf(rules, PushRuleKind.Override), ...rulesOf(rules, PushRuleKind.RoomSpecific)].map((rule) => rule.rule_id));
  return [...ids]
    .filter((id) => id.startsWith('!'))
    .map((roomId) => ({ roomId, mode: roomModeOf(rules, roomId) }))
    .filter(({ mode }) => mode !== 'all');
}

/**
 * A keyword becomes a content rule's id and its glob pattern: glob characters would
 * match more than the person wrote, and a slash or a leading dot is not a rule id.
 */
export function keywordProblem(rules: IPushRules | undefined, keyword: string): KeywordProblem | null {
  const word = keyword.trim();
  if (!word) return 'empty';
  if (word.length > maxKeywordLength) return 'too-long';
  if (/[*?[\]/\\]|^\./.test(word) || /[\p{Cc}\p{Cf}]/u.test(word)) return 'characters';
  const lower = word.toLocaleLowerCase();
  if (keywordRules(rules).some((rule) => rule.pattern!.toLocaleLowerCase() === lower)) return 'exists';
  return null;
}

/** The actions of a rule that notifies, with or without a sound. */
function notifyActions(sound: boolean, ...tweaks: PushRuleAction[]): PushRuleAction[] {
  return [PushRuleActionName.Notify, ...tweaks, ...(sound ? [soundTweak] : [])];
}

/**
 * Writes the rules for one room's mode and removes the other mode's rule, so exactly
 * one of them is in force. The client's own copy follows with the next sync.
 */
export async function setRoomMode(client: MatrixClient, roomId: string, mode: RoomNotificationMode): Promise<void> {
  const rules = client.pushRules;
  const override = findRule(rules, PushRuleKind.Override, roomId);
  const room = findRule(rules, PushRuleKind.RoomSpecific, roomId);
  if (mode === 'off') {
    await client.addPushRule('global', PushRuleKind.Override, roomId, {
      conditions: [{ kind: ConditionKind.EventMatch, key: 'room_id', pattern: roomId }],
      actions: [],
    });
    if (room) await client.deletePushRule('global', PushRuleKind.RoomSpecific, roomId);
    return refreshRules(client);
  }
  // A room's every message notifies silently, as group messages do in a new account.
  await client.addPushRule('global', PushRuleKind.RoomSpecific, roomId, { actions: mode === 'all' ? notifyActions(false) : [] });
  if (override) await client.deletePushRule('global', PushRuleKind.Override, roomId);
  await refreshRules(client);
}

/** Everything on or off: the master rule, which every client and push gateway obeys. */
export async function setNotificationsEnabled(client: MatrixClient, enabled: boolean): Promise<void> {
  await client.setPushRuleEnabled('global', PushRuleKind.Override, RuleId.Master, !enabled);
  await refreshRules(client);
}

export async function addKeyword(client: MatrixClient, keyword: string): Promise<void> {
  const word = keyword.trim();
  const sound = notificationRulesOf(client.pushRules).sound;
  // A keyword counts like a mention: highlighted, and heard in rooms set to mentions and keywords.
  await client.addPushRule('global', PushRuleKind.ContentSpecific, word, { pattern: word, actions: notifyActions(sound, highlightTweak) });
  await refreshRules(client);
}

export async function removeKeyword(client: MatrixClient, keyword: string): Promise<void> {
  await client.deletePushRule('global', PushRuleKind.ContentSpecific, keyword);
  await refreshRules(client);
}

/**
 * Sound off takes the sound tweak from every notifying rule about messages; sound on gives it back to
 * the rules that have it by default and to the keywords (group messages stay silent, as
 * in a new account).
 */
export async function setSound(client: MatrixClient, sound: boolean): Promise<void> {
  const rules = client.pushRules;
  for (const kind of ruleKinds) {
    for (const rule of rulesOf(rules, kind)) {
      if (!notifies(rule) || !aboutMessages(rule)) continue;
      const wanted = sound ? playsSound(rule) || soundByDefault.has(rule.rule_id) || (kind === PushRuleKind.ContentSpecific && !rule.default) : false;
      if (wanted === playsSound(rule)) continue;
      const others = rule.actions.filter((action) => !(typeof action === 'object' && action.set_tweak === TweakName.Sound));
      await client.setPushRuleActions('global', kind, rule.rule_id, wanted ? [...others, soundTweak] : others).catch(unlessUnknownRule);
    }
  }
  await refreshRules(client);
}

/**
 * The SDK fills in default rules a server does not have yet (newer spec versions');
 * those have no copy on the server to change, and the server's evaluation lacks them too.
 */
function unlessUnknownRule(error: unknown): void {
  if (!(error instanceof MatrixError && error.errcode === 'M_NOT_FOUND')) throw error;
}

/**
 * Reads the rules back into the client: the next change starts from what the server
 * holds now, and the client's own evaluation of new events follows at once, not only
 * once the sync brings the change.
 */
async function refreshRules(client: MatrixClient): Promise<void> {
  await client.getPushRules();
}
