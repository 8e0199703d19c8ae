/**
 * The members of one room for the side panel: joined and invited people, most
 * powerful first, named as the timeline names them. The full list is loaded
 * lazily when the panel opens; changes (joins, renames, power levels, the first
 * load of a large room) are gathered and published as one rebuild per short interval.
 */
import { KnownMembership, RoomEvent, RoomStateEvent, type Room, type RoomMember } from 'matrix-js-sdk';
import { memberLabels } from './member-labels';
import { Observable } from './observable';

export type MemberRole = 'admin' | 'moderator';

export interface MemberSummary {
  readonly userId: string;
  /** Neutralised, and told apart by user id where two members look alike. */
  readonly name: string;
  /** The member's avatar in this room (an mxc URI), or null. */
  readonly avatar: string | null;
  readonly powerLevel: number;
  readonly role: MemberRole | null;
}

export interface MemberListSnapshot {
  readonly roomId: string;
  /** `loading` until the server's full list is in; the members known so far are shown meanwhile. */
  readonly status: 'loading' | 'ready' | 'failed';
  readonly joined: readonly MemberSummary[];
  readonly invited: readonly MemberSummary[];
  readonly filter: string;
  /** Joined and invited members before filtering. */
  readonly total: number;
}

// The levels Matrix gives administrators and moderators by default (room v12 creators rank above all).
const adminLevel = 100;
const moderatorLevel = 50;
const CHANGE_DELAY_MS = 100;

export class MemberListViewModel extends Observable<MemberListSnapshot> {
  private joined: readonly MemberSummary[] = [];
  private invited: readonly MemberSummary[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly room: Room) {
    super({ roomId: room.roomId, status: room.membersLoaded() ? 'ready' : 'loading', joined: [], invited: [], filter: '', total: 0 });
    // The room re-emits its current state's member changes, also after a timeline reset replaces that state.
    this.listen(room, RoomStateEvent.Members, this.changed);
    this.listen(room, RoomEvent.CurrentStateUpdated, this.changed);
    this.disposables.add(() => clearTimeout(this.timer));
    this.rebuild();
    room.loadMembersIfNeeded().then(
      () => this.settle('ready'),
      () => this.settle('failed'),
    );
  }

  /** Shows only members whose name or user id contains `text` (case-insensitive). */
  setFilter(text: string): void {
    if (text === this.value.filter || this.disposed) return;
    this.publish(text, this.value.status);
  }

  private readonly changed = (): void => {
    if (!this.disposed) this.timer ??= setTimeout(() => this.rebuild(), CHANGE_DELAY_MS);
  };

  private settle(status: 'ready' | 'failed'): void {
    if (this.disposed) return;
    // Loading fires one member event per person; their rebuild is this one.
    clearTimeout(this.timer);
    this.timer = undefined;
    this.rebuild(status);
  }

  private rebuild(status = this.value.status): void {
    this.timer = undefined;
    const labelOf = memberLabels(this.room);
    const summarise = (member: RoomMember): MemberSummary => ({
      userId: member.userId,
      name: labelOf(member.userId),
      avatar: member.getMxcAvatarUrl() ?? null,
      powerLevel: member.powerLevel,
      role: roleOf(member.powerLevel),
    });
    this.joined = this.room.getMembersWithMembership(KnownMembership.Join).map(summarise).sort(compareMembers);
    this.invited = this.room.getMembersWithMembership(KnownMembership.Invite).map(summarise).sort(compareMembers);
    this.publish(this.value.filter, status);
  }

  private publish(filter: string, status: MemberListSnapshot['status']): void {
    const matches = memberFilter(filter);
    this.set({
      roomId: this.room.roomId,
      status,
      joined: this.joined.filter(matches),
      invited: this.invited.filter(matches),
      filter,
      total: this.joined.length + this.invited.length,
    });
  }
}

export function roleOf(powerLevel: number): MemberRole | null {
  return powerLevel >= adminLevel ? 'admin' : powerLevel >= moderatorLevel ? 'moderator' : null;
}

const names = new Intl.Collator(undefined, { numeric: true });

/** Higher power level first, then by name, then by user id, so the order is total. */
export function compareMembers(a: MemberSummary, b: MemberSummary): number {
  if (a.powerLevel !== b.powerLevel) return b.powerLevel - a.powerLevel;
  return names.compare(a.name, b.name) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

export function memberFilter(text: string): (member: MemberSummary) => boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return () => true;
  return ({ name, userId }) => name.toLowerCase().includes(needle) || userId.toLowerCase().includes(needle);
}
