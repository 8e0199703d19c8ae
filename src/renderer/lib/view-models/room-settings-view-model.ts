/**
 * The room's settings as the settings dialog shows them: name, topic and picture, roles and
 * what each role may do, removing and banning, who may join and read the history, the
 * room's addresses and its version. Each change is one state event (or membership, or alias)
 * on the server; the snapshot follows the room's state as sync delivers it, so a change by
 * anyone else shows at once. Owned by the room's RoomViewModel and disposed with it.
 */
import { EventType, KnownMembership, type HistoryVisibility, type JoinRule, RoomEvent, RoomStateEvent, type MatrixClient, type MatrixEvent, type Room, type RoomMember } from 'matrix-js-sdk';
import { uploadAttachment } from '../matrix/attachment-upload';
import { RoomPermissions, roomAbilities, roleOf, type PowerLevelsContent, type Role, type RoomAbility, type RoomSetting, type Verdict } from '../matrix/room-permissions';
import { refusalOf, type ServerRefusal } from '../matrix/server-refusal';
import { memberLabels } from './member-labels';
import { Observable } from './observable';

/** Who may join, as offered here; "restricted" and federation come later as further entries. */
export const joinRuleChoices = ['invite', 'public'] as const;
export type JoinRuleChoice = (typeof joinRuleChoices)[number];

/** Who may read the history; never `world_readable` (readable without joining), which this client does not offer. */
export const historyChoices = ['invited', 'joined', 'shared'] as const;
export type HistoryChoice = (typeof historyChoices)[number];

export type SettingsOperation =
  | 'name'
  | 'topic'
  | 'avatar'
  | 'role'
  | 'ability'
  | 'kick'
  | 'ban'
  | 'unban'
  | 'joinRule'
  | 'history'
  | 'addAddress'
  | 'mainAddress'
  | 'removeAddress'
  | 'upgrade';

/** A refusal from the server, or one found before asking it. */
export type SettingsProblem = ServerRefusal | 'not-an-image' | 'bad-address';

export interface SettingsStatus {
  readonly operation: SettingsOperation;
  readonly result: 'pending' | 'done' | SettingsProblem;
}

export interface PersonRow {
  readonly userId: string;
  readonly name: string;
  readonly avatar: string | null;
  readonly level: number;
  readonly role: Role;
  readonly membership: 'join' | 'invite';
  readonly changeLevel: Verdict;
  readonly kick: Verdict;
  readonly ban: Verdict;
}

export interface BannedPerson {
  readonly userId: string;
  readonly name: string;
  readonly reason: string;
  readonly unban: Verdict;
}

export interface AbilityRow {
  readonly ability: RoomAbility;
  readonly level: number;
  readonly change: Verdict;
}

export interface RoomSettingsSnapshot {
  readonly name: string;
  readonly topic: string;
  readonly avatar: string | null;
  readonly encrypted: boolean;
  /** The room's rule as the server has it (also one not offered here, such as `knock`). */
  readonly joinRule: string;
  readonly history: string;
  readonly me: { readonly level: number; readonly role: Role };
  readonly may: Readonly<Record<RoomSetting, Verdict>>;
  readonly abilities: readonly AbilityRow[];
  readonly people: readonly PersonRow[];
  readonly banned: readonly BannedPerson[];
  /** The server the room's own addresses are made on (the person's). */
  readonly server: string;
  readonly addresses: { readonly local: readonly string[]; readonly main: string | null; readonly loaded: boolean };
  readonly version: string;
  /** The version the server recommends moving to, where this one is marked unstable; null otherwise. */
  readonly upgradeTo: string | null;
  /** The room that replaced this one after an upgrade. */
  readonly replacement: string | null;
  readonly status: SettingsStatus | null;
}

/** What the settings take from the room around them. */
export interface RoomSettingsHost {
  readonly neutraliseName: (name: string) => string;
  /** Opens a room once this client has joined it (the upgraded one). */
  showRoom(roomId: string): void;
}

type SettingsClient = Pick<
  MatrixClient,
  | 'getSafeUserId'
  | 'getDomain'
  | 'setRoomName'
  | 'setRoomTopic'
  | 'sendStateEvent'
  | 'uploadContent'
  | 'kick'
  | 'ban'
  | 'unban'
  | 'getLocalAliases'
  | 'createAlias'
  | 'deleteAlias'
  | 'getCapabilities'
  | 'upgradeRoom'
  | 'on'
  | 'off'
>;

export class RoomSettingsViewModel extends Observable<RoomSettingsSnapshot> {
  private local: readonly string[] = [];
  private loaded = false;
  private upgradeTo: string | null = null;
  private status: SettingsStatus | null = null;

  constructor(
    private readonly client: SettingsClient,
    private readonly room: Room,
    private readonly host: RoomSettingsHost,
  ) {
    super(snapshotOf(client, room, host, { local: [], loaded: false, upgradeTo: null, status: null }));
    const refresh = () => this.publish();
    this.listen(client as MatrixClient, RoomStateEvent.Events, (event: MatrixEvent) => {
      if (event.getRoomId() !== room.roomId) return;
      refresh();
      // Someone else may have changed the main address; the list of addresses is not state, so ask again.
      if (event.getType() === EventType.RoomCanonicalAlias) void this.loadAddresses();
    });
    this.listen(room, RoomStateEvent.Members, refresh);
    this.listen(room, RoomEvent.CurrentStateUpdated, refresh);
    void room.loadMembersIfNeeded().then(refresh, () => undefined);
    void this.loadAddresses();
    void this.loadUpgrade();
  }

  setName(name: string): Promise<void> {
    return this.run('name', () => this.client.setRoomName(this.room.roomId, name.trim()));
  }

  setTopic(topic: string): Promise<void> {
    return this.run('topic', () => this.client.setRoomTopic(this.room.roomId, topic.trim()));
  }

  /**
   * Uploads a picture through the attachment path and makes it the room's. Unencrypted
   * even in an encrypted room: the spec has no encrypted room avatars.
   */
  setAvatar(file: File): Promise<void> {
    if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return Promise.resolve(this.report('avatar', 'not-an-image'));
    return this.run('avatar', async () => {
      const { signal } = new AbortController();
      const content = await uploadAttachment(this.client, file, { encrypt: false, image: null, signal, onProgress: () => undefined });
      await this.client.sendStateEvent(this.room.roomId, EventType.RoomAvatar, { url: content.url, info: { mimetype: file.type, size: file.size } }, '');
    });
  }

  removeAvatar(): Promise<void> {
    return this.run('avatar', () => this.client.sendStateEvent(this.room.roomId, EventType.RoomAvatar, {}, ''));
  }

  setLevel(userId: string, level: number): Promise<void> {
    const permissions = this.permissions();
    if (!permissions.mayChangeLevel(userId, level).allowed) return Promise.resolve(this.report('role', 'forbidden'));
    return this.run('role', () => this.sendPowerLevels(permissions.withLevel(userId, level)));
  }

  setAbility(ability: RoomAbility, level: number): Promise<void> {
    const permissions = this.permissions();
    if (!permissions.mayChangeAbility(ability, level).allowed) return Promise.resolve(this.report('ability', 'forbidden'));
    return this.run('ability', () => this.sendPowerLevels(permissions.withAbility(ability, level)));
  }

  kick(userId: string, reason: string): Promise<void> {
    return this.run('kick', () => this.client.kick(this.room.roomId, userId, reason.trim() || undefined));
  }

  ban(userId: string, reason: string): Promise<void> {
    return this.run('ban', () => this.client.ban(this.room.roomId, userId, reason.trim() || undefined));
  }

  unban(userId: string): Promise<void> {
    return this.run('unban', () => this.client.unban(this.room.roomId, userId));
  }

  setJoinRule(rule: JoinRuleChoice): Promise<void> {
    return this.run('joinRule', () => this.client.sendStateEvent(this.room.roomId, EventType.RoomJoinRules, { join_rule: rule as JoinRule }, ''));
  }

  setHistory(visibility: HistoryChoice): Promise<void> {
    return this.run('history', () => this.client.sendStateEvent(this.room.roomId, EventType.RoomHistoryVisibility, { history_visibility: visibility as HistoryVisibility }, ''));
  }

  /** Makes `#<localpart>:<own server>` an address of this room. */
  addAddress(localpart: string): Promise<void> {
    const name = localpart.trim().replace(/^#/, '');
    if (!/^[^\s:#]+$/u.test(name)) return Promise.resolve(this.report('addAddress', 'bad-address'));
    return this.run('addAddress', async () => {
      await this.client.createAlias(`#${name}:${this.value.server}`, this.room.roomId);
      await this.loadAddresses();
    });
  }

  /** The address other clients show for the room (`m.room.canonical_alias`). */
  makeMainAddress(alias: string): Promise<void> {
    return this.run('mainAddress', () => this.sendMainAddress(alias));
  }

  /** Deletes an address; the main one stops being the main one first. */
  removeAddress(alias: string): Promise<void> {
    return this.run('removeAddress', async () => {
      if (this.value.addresses.main === alias) await this.sendMainAddress(null);
      await this.client.deleteAlias(alias);
      await this.loadAddresses();
    });
  }

  /** Moves the room to the recommended version, then opens the new room (the old one points there). */
  upgrade(): Promise<void> {
    const version = this.upgradeTo;
    if (!version) return Promise.resolve();
    return this.run('upgrade', async () => {
      const { replacement_room: replacement } = await this.client.upgradeRoom(this.room.roomId, version);
      this.host.showRoom(replacement);
    });
  }

  /** Opens the room this one was replaced by. */
  followReplacement(): void {
    if (this.value.replacement) this.host.showRoom(this.value.replacement);
  }

  dismissStatus(): void {
    if (this.status && this.status.result !== 'pending') this.report(null);
  }

  private permissions(): RoomPermissions {
    return permissionsOf(this.client, this.room);
  }

  private sendPowerLevels(content: PowerLevelsContent) {
    return this.client.sendStateEvent(this.room.roomId, EventType.RoomPowerLevels, content as Record<string, unknown>, '');
  }

  private sendMainAddress(alias: string | null) {
    const current = this.room.currentState.getStateEvents(EventType.RoomCanonicalAlias, '')?.getContent() ?? {};
    const others = Array.isArray(current.alt_aliases) ? current.alt_aliases.filter((other: unknown) => typeof other === 'string' && other !== alias) : [];
    return this.client.sendStateEvent(this.room.roomId, EventType.RoomCanonicalAlias, { ...(alias ? { alias } : {}), alt_aliases: others }, '');
  }

  private async run(operation: SettingsOperation, change: () => Promise<unknown>): Promise<void> {
    this.report(operation, 'pending');
    try {
      await change();
      this.report(operation, 'done');
    } catch (error) {
      this.report(operation, refusalOf(error));
    }
  }

  private report(operation: SettingsOperation | null, result?: SettingsStatus['result']): void {
    this.status = operation && result ? { operation, result } : null;
    this.publish();
  }

  private async loadAddresses(): Promise<void> {
    try {
      const { aliases } = await this.client.getLocalAliases(this.room.roomId);
      this.local = aliases.filter((alias) => typeof alias === 'string');
    } catch {
      // Not allowed to list them (not joined any more): the list stays as it was.
    }
    this.loaded = true;
    this.publish();
  }

  /** Detected as Element does: the server marks the room's version unstable in its capabilities. */
  private async loadUpgrade(): Promise<void> {
    try {
      const versions = (await this.client.getCapabilities())['m.room_versions'];
      const current = this.room.getVersion();
      const recommended = versions?.default;
      this.upgradeTo = versions?.available[current] === 'unstable' && recommended && recommended !== current ? recommended : null;
    } catch {
      this.upgradeTo = null;
    }
    this.publish();
  }

  private publish(): void {
    if (this.disposed) return;
    this.set(snapshotOf(this.client, this.room, this.host, { local: this.local, loaded: this.loaded, upgradeTo: this.upgradeTo, status: this.status }));
  }
}

interface Fetched {
  readonly local: readonly string[];
  readonly loaded: boolean;
  readonly upgradeTo: string | null;
  readonly status: SettingsStatus | null;
}

/** The permissions of the signed-in person in the room as its state stands. */
export function permissionsOf(client: Pick<MatrixClient, 'getSafeUserId'>, room: Room): RoomPermissions {
  const content = (room.currentState.getStateEvents(EventType.RoomPowerLevels, '')?.getContent() ?? {}) as PowerLevelsContent;
  // The SDK ranks room v12 creators at Infinity; the members it knows are enough to find them.
  const creators = new Set(room.getMembers().filter((member) => member.powerLevel === Infinity).map((member) => member.userId));
  return new RoomPermissions(content, client.getSafeUserId(), creators);
}

function stateText(room: Room, type: EventType, key: string): string {
  const value: unknown = room.currentState.getStateEvents(type, '')?.getContent()[key];
  return typeof value === 'string' ? value : '';
}

function snapshotOf(client: SettingsClient, room: Room, host: RoomSettingsHost, fetched: Fetched): RoomSettingsSnapshot {
  const permissions = permissionsOf(client, room);
  const labelOf = memberLabels(room);
  const person = (member: RoomMember): PersonRow => ({
    userId: member.userId,
    name: labelOf(member.userId),
    avatar: member.getMxcAvatarUrl() ?? null,
    level: permissions.levelOf(member.userId),
    role: roleOf(permissions.levelOf(member.userId)),
    membership: member.membership === KnownMembership.Invite ? 'invite' : 'join',
    changeLevel: permissions.mayChangeLevel(member.userId),
    kick: permissions.mayRemove(member.userId, 'kick'),
    ban: permissions.mayRemove(member.userId, 'ban'),
  });
  const people = [...room.getMembersWithMembership(KnownMembership.Join), ...room.getMembersWithMembership(KnownMembership.Invite)]
    .map(person)
    .sort((a, b) => b.level - a.level || a.name.localeCompare(b.name));
  const banned = room.getMembersWithMembership(KnownMembership.Ban).map(
    (member): BannedPerson => ({
      userId: member.userId,
      name: labelOf(member.userId),
      reason: host.neutraliseName(String(member.events.member?.getContent().reason ?? '')),
      unban: permissions.mayRemove(member.userId, 'unban'),
    }),
  );
  const main = stateText(room, EventType.RoomCanonicalAlias, 'alias');
  const tombstone = stateText(room, EventType.RoomTombstone, 'replacement_room');
  const settings: RoomSetting[] = ['name', 'topic', 'avatar', 'joinRule', 'history', 'address', 'roles', 'upgrade'];
  return {
    name: host.neutraliseName(stateText(room, EventType.RoomName, 'name')),
    topic: stateText(room, EventType.RoomTopic, 'topic'),
    avatar: room.getMxcAvatarUrl() ?? null,
    encrypted: room.hasEncryptionStateEvent(),
    joinRule: room.getJoinRule(),
    history: room.getHistoryVisibility(),
    me: { level: permissions.mine, role: roleOf(permissions.mine) },
    may: Object.fromEntries(settings.map((setting) => [setting, permissions.may(setting)])) as Record<RoomSetting, Verdict>,
    abilities: roomAbilities.map((ability) => ({ ability, level: permissions.abilityLevel(ability), change: permissions.mayChangeAbility(ability) })),
    people,
    banned,
    server: client.getDomain() ?? '',
    addresses: { local: fetched.local, main: main || null, loaded: fetched.loaded },
    version: room.getVersion(),
    upgradeTo: fetched.upgradeTo,
    replacement: tombstone || null,
    status: fetched.status,
  };
}
