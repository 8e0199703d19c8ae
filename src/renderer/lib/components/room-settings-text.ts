/**
 * The words of the room settings: role names, and why something is read-only
 * ("Only administrators and moderators can change the name: you are a member.").
 */
import { roleLevels, roleOf, type Verdict } from '../matrix/room-permissions';
import type { MessageKey, Translate } from '../i18n/translate';

/** "Administrator", "Moderator", "Member", "Creator", or "Level 75". */
export function roleName(t: Translate, level: number): string {
  const role = roleOf(level);
  return role === 'custom' ? t('roomSettings.role.custom', { level: String(level) }) : t(`roomSettings.role.${role}`);
}

/** The roles offered for a level: the three named ones, and a custom level where one is set now. */
export function levelChoices(current: number): number[] {
  const named: number[] = [roleLevels.admin, roleLevels.moderator, roleLevels.member];
  return named.includes(current) || current === Infinity ? named : [...named, current].sort((a, b) => b - a);
}

/** Why the person may not do `action` (a phrase such as "change the name"); null when they may. */
export function whyNot(t: Translate, verdict: Verdict, action: MessageKey): string | null {
  if (verdict.allowed) return null;
  const you = roleOf(verdict.mine) === 'custom' ? t('roomSettings.you.custom', { level: String(verdict.mine) }) : t(`roomSettings.you.${roleOf(verdict.mine)}`);
  if (verdict.reason !== 'level') return verdict.reason === 'rank' ? t('roomSettings.why.rank', { you }) : t('roomSettings.why.limit', { level: String(verdict.mine) });
  const who = verdict.needed === roleLevels.admin ? 'admin' : verdict.needed === roleLevels.moderator ? 'moderator' : 'level';
  return t(`roomSettings.why.${who}`, { action: t(action), level: String(verdict.needed), you });
}
