import { describe, expect, it } from 'vitest';
import { RoomPermissions, roleOf } from '../../src/renderer/lib/matrix/room-permissions';

const alice = '@alice:example.org';
const bob = '@bob:example.org';
const carol = '@carol:example.org';

// Synapse's defaults for a private chat: the creator is administrator.
const defaults = {
  users: { [alice]: 100, [bob]: 50 },
  users_default: 0,
  events: { 'm.room.name': 50, 'm.room.power_levels': 100, 'm.room.history_visibility': 100, 'm.room.canonical_alias': 50, 'm.room.avatar': 50, 'm.room.tombstone': 100 },
  events_default: 0,
  state_default: 50,
  ban: 50,
  kick: 50,
  redact: 50,
  invite: 0,
};

describe('room permissions', () => {
  it('names the roles by level, and other levels as custom', () => {
    expect([Infinity, 100, 50, 0, 75, -1].map(roleOf)).toEqual(['creator', 'admin', 'moderator', 'member', 'custom', 'custom']);
  });

  it('reads each level, with the spec defaults where the content has none', () => {
    const empty = new RoomPermissions({}, alice);
    expect(empty.levelOf(alice)).toBe(0);
    expect(['send', 'invite', 'settings', 'kick', 'ban'].map((ability) => empty.abilityLevel(ability as never))).toEqual([0, 0, 50, 50, 50]);
    const set = new RoomPermissions(defaults, carol);
    expect([set.levelOf(alice), set.levelOf(bob), set.levelOf(carol)]).toEqual([100, 50, 0]);
    // "Change settings" needs the highest of the everyday settings: the history's 100.
    expect(set.abilityLevel('settings')).toBe(100);
  });

  it('ignores levels that are not whole numbers', () => {
    const odd = new RoomPermissions({ users: { [alice]: '100' as never }, kick: 12.5 }, alice);
    expect(odd.levelOf(alice)).toBe(0);
    expect(odd.abilityLevel('kick')).toBe(50);
  });

  it('says what a member may not change, with the level needed and their own', () => {
    const member = new RoomPermissions(defaults, carol);
    expect(member.may('name')).toEqual({ allowed: false, reason: 'level', needed: 50, mine: 0 });
    expect(member.may('history')).toEqual({ allowed: false, reason: 'level', needed: 100, mine: 0 });
    expect(member.mayDo('send')).toEqual({ allowed: true });
    const moderator = new RoomPermissions(defaults, bob);
    expect(moderator.may('name')).toEqual({ allowed: true });
    expect(moderator.may('roles')).toEqual({ allowed: false, reason: 'level', needed: 100, mine: 50 });
  });

  it('lets an administrator give levels up to their own, never to an equal', () => {
    const admins = new RoomPermissions({ ...defaults, users: { ...defaults.users, [carol]: 100 } }, alice);
    expect(admins.mayChangeLevel(bob, 100)).toEqual({ allowed: true });
    expect(admins.mayChangeLevel(bob, 101)).toEqual({ allowed: false, reason: 'limit', mine: 100 });
    expect(admins.mayChangeLevel(carol, 50)).toEqual({ allowed: false, reason: 'rank', mine: 100 });
    // Stepping down oneself is allowed.
    expect(admins.mayChangeLevel(alice, 50)).toEqual({ allowed: true });
  });

  it('never lets anyone change a room v12 creator, who outranks every level', () => {
    const creator = new RoomPermissions({ ...defaults, users: { [bob]: 100 } }, alice, new Set([alice]));
    expect(creator.levelOf(alice)).toBe(Infinity);
    expect(creator.mayChangeLevel(bob, 50)).toEqual({ allowed: true });
    const admin = new RoomPermissions({ ...defaults, users: { [bob]: 100 } }, bob, new Set([alice]));
    expect(admin.mayChangeLevel(alice, 0)).toEqual({ allowed: false, reason: 'rank', mine: 100 });
    expect(admin.mayRemove(alice, 'kick')).toEqual({ allowed: false, reason: 'rank', mine: 100 });
  });

  it('removes and bans only people below oneself, and lifts a ban with both levels', () => {
    const moderator = new RoomPermissions(defaults, bob);
    expect(moderator.mayRemove(carol, 'kick')).toEqual({ allowed: true });
    expect(moderator.mayRemove(alice, 'ban')).toEqual({ allowed: false, reason: 'rank', mine: 50 });
    expect(moderator.mayRemove(bob, 'kick')).toEqual({ allowed: false, reason: 'rank', mine: 50 });
    const strict = new RoomPermissions({ ...defaults, kick: 60 }, bob);
    expect(strict.mayRemove(carol, 'ban')).toEqual({ allowed: true });
    expect(strict.mayRemove(carol, 'unban')).toEqual({ allowed: false, reason: 'level', needed: 60, mine: 50 });
  });

  it('changes what a role may do only within the own level, old and new', () => {
    const moderatorWithRoles = new RoomPermissions({ ...defaults, events: { ...defaults.events, 'm.room.power_levels': 50 } }, bob);
    expect(moderatorWithRoles.mayChangeAbility('kick', 0)).toEqual({ allowed: true });
    expect(moderatorWithRoles.mayChangeAbility('kick', 100)).toEqual({ allowed: false, reason: 'limit', mine: 50 });
    // Settings need 100 now: a moderator cannot lower what is above them.
    expect(moderatorWithRoles.mayChangeAbility('settings', 50)).toEqual({ allowed: false, reason: 'limit', mine: 50 });
  });

  it('writes new levels into a copy of the content, keeping everything else', () => {
    const admin = new RoomPermissions(defaults, alice);
    expect(admin.withLevel(carol, 50).users).toEqual({ [alice]: 100, [bob]: 50, [carol]: 50 });
    expect(admin.withLevel(bob, 0).users).toEqual({ [alice]: 100 });
    expect(admin.withAbility('ban', 100)).toEqual({ ...defaults, ban: 100 });
    expect(admin.withAbility('send', 50)).toEqual({ ...defaults, events_default: 50 });
    const settings = admin.withAbility('settings', 50);
    expect(new RoomPermissions(settings, alice).abilityLevel('settings')).toBe(50);
    expect(settings.events?.['m.room.power_levels']).toBe(100);
    expect(defaults.users).toEqual({ [alice]: 100, [bob]: 50 });
  });
});
