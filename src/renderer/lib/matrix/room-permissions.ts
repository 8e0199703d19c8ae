/**
 * What a person may change in a room, from its `m.room.power_levels` content, and why not:
 * the spec's authorisation rules for power levels, membership and state, in plain data.
 * Room v12 ("hydra") creators rank above every level; the caller names them.
 */

/** The named roles; any other level is shown as its number. */
export type Role = 'creator' | 'admin' | 'moderator' | 'member' | 'custom';

/** The levels the roles stand for, as Matrix clients use them. */
export const roleLevels = { admin: 100, moderator: 50, member: 0 } as const;

/** The settings that are each one state event. */
export type RoomSetting = 'name' | 'topic' | 'avatar' | 'joinRule' | 'history' | 'address' | 'roles' | 'upgrade';

/** What a role may do in the room, as the roles tab lists it. */
export type RoomAbility = 'send' | 'invite' | 'settings' | 'kick' | 'ban';

export const roomAbilities: readonly RoomAbility[] = ['send', 'invite', 'settings', 'kick', 'ban'];

const settingEvents: Record<RoomSetting, string> = {
  name: 'm.room.name',
  topic: 'm.room.topic',
  avatar: 'm.room.avatar',
  joinRule: 'm.room.join_rules',
  history: 'm.room.history_visibility',
  address: 'm.room.canonical_alias',
  roles: 'm.room.power_levels',
  upgrade: 'm.room.tombstone',
};

/** "Change settings" is the level of every everyday setting at once. */
const everydaySettings: readonly RoomSetting[] = ['name', 'topic', 'avatar', 'joinRule', 'history', 'address'];

/** The parts of `m.room.power_levels` that decide; absent ones take the spec's defaults. */
export interface PowerLevelsContent {
  readonly users?: Readonly<Record<string, number>>;
  readonly users_default?: number;
  readonly events?: Readonly<Record<string, number>>;
  readonly events_default?: number;
  readonly state_default?: number;
  readonly invite?: number;
  readonly kick?: number;
  readonly ban?: number;
  readonly redact?: number;
  readonly [key: string]: unknown;
}

/**
 * Allowed, or why not: `level` (the person's level is below what is needed), `rank` (the
 * other person's level is as high as the person's own), `limit` (the new level is above
 * the person's own).
 */
export type Verdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'level'; readonly needed: number; readonly mine: number }
  | { readonly allowed: false; readonly reason: 'rank' | 'limit'; readonly mine: number };

const allowed: Verdict = { allowed: true };

export function roleOf(level: number): Role {
  if (level === Infinity) return 'creator';
  if (level === roleLevels.admin) return 'admin';
  if (level === roleLevels.moderator) return 'moderator';
  if (level === roleLevels.member) return 'member';
  return 'custom';
}

/** A level from the server, or the default where it is missing or not a whole number (as the SDK reads it). */
function levelOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

export class RoomPermissions {
  constructor(
    private readonly content: PowerLevelsContent,
    readonly ownUserId: string,
    /** Room v12 creators: above every level, never changed by power levels. */
    private readonly creators: ReadonlySet<string> = new Set(),
  ) {}

  levelOf(userId: string): number {
    if (this.creators.has(userId)) return Infinity;
    return levelOr(this.content.users?.[userId], levelOr(this.content.users_default, 0));
  }

  get mine(): number {
    return this.levelOf(this.ownUserId);
  }

  /** The level a state event of this type needs. */
  private stateLevel(type: string): number {
    return levelOr(this.content.events?.[type], levelOr(this.content.state_default, 50));
  }

  /** The level an ability needs; "change settings" the highest of the everyday settings'. */
  abilityLevel(ability: RoomAbility): number {
    switch (ability) {
      case 'send':
        return levelOr(this.content.events_default, 0);
      case 'invite':
        return levelOr(this.content.invite, 0);
      case 'kick':
        return levelOr(this.content.kick, 50);
      case 'ban':
        return levelOr(this.content.ban, 50);
      case 'settings':
        return Math.max(...everydaySettings.map((setting) => this.stateLevel(settingEvents[setting])));
    }
  }

  may(setting: RoomSetting): Verdict {
    return this.atLeast(this.stateLevel(settingEvents[setting]));
  }

  mayDo(ability: RoomAbility): Verdict {
    return this.atLeast(this.abilityLevel(ability));
  }

  /** Giving someone a level: never above one's own, never for someone as high as oneself (oneself excepted). */
  mayChangeLevel(userId: string, to?: number): Verdict {
    const roles = this.may('roles');
    if (!roles.allowed) return roles;
    if (this.creators.has(userId) || (userId !== this.ownUserId && this.levelOf(userId) >= this.mine)) return { allowed: false, reason: 'rank', mine: this.mine };
    return to !== undefined && to > this.mine ? { allowed: false, reason: 'limit', mine: this.mine } : allowed;
  }

  /** Changing which level an ability needs: only where both the old and the new level are within one's own. */
  mayChangeAbility(ability: RoomAbility, to?: number): Verdict {
    const roles = this.may('roles');
    if (!roles.allowed) return roles;
    const limit = Math.max(this.abilityLevel(ability), to ?? -Infinity);
    return limit > this.mine ? { allowed: false, reason: 'limit', mine: this.mine } : allowed;
  }

  /** Removing or banning someone (and lifting a ban, which needs both levels): only people below oneself. */
  mayRemove(userId: string, how: 'kick' | 'ban' | 'unban'): Verdict {
    const needed = how === 'kick' ? this.abilityLevel('kick') : how === 'ban' ? this.abilityLevel('ban') : Math.max(this.abilityLevel('ban'), this.abilityLevel('kick'));
    const level = this.atLeast(needed);
    if (!level.allowed) return level;
    return userId === this.ownUserId || this.levelOf(userId) >= this.mine ? { allowed: false, reason: 'rank', mine: this.mine } : allowed;
  }

  /** The content with one person's level changed (the users default drops the entry). */
  withLevel(userId: string, level: number): PowerLevelsContent {
    const users = { ...this.content.users };
    if (level === levelOr(this.content.users_default, 0)) delete users[userId];
    else users[userId] = level;
    return { ...this.content, users };
  }

  /** The content with one ability needing another level. */
  withAbility(ability: RoomAbility, level: number): PowerLevelsContent {
    switch (ability) {
      case 'send':
        return { ...this.content, events_default: level };
      case 'settings':
        return { ...this.content, events: { ...this.content.events, ...Object.fromEntries(everydaySettings.map((setting) => [settingEvents[setting], level])) } };
      default:
        return { ...this.content, [ability]: level };
    }
  }

  private atLeast(needed: number): Verdict {
    const mine = this.mine;
    return mine >= needed ? allowed : { allowed: false, reason: 'level', needed, mine };
  }
}
