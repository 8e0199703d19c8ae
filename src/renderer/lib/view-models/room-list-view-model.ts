/**
 * The room list: invitations and joined rooms in sections, as immutable snapshots,
 * and what a person does to a room from the list (favourite, low priority, mark as
 * read). Kept up to date incrementally: an SDK event re-derives only its room's
 * summary (an unchanged one keeps its object), and everything a sync response changed
 * is published as one snapshot when the sync completes.
 */
import {
  ClientEvent,
  EventType,
  MatrixEventEvent,
  RoomEvent,
  RoomStateEvent,
  type IRoomTimelineData,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import { setRoomMode, type RoomNotificationMode } from '../matrix/push-rules';
import { markReadUpTo } from '../matrix/read-markers';
import { Observable } from './observable';
import {
  directRooms,
  favouriteTag,
  isListed,
  lowPriorityTag,
  roomFilter,
  sameSummary,
  searchableAliases,
  summariseRoom,
  type RoomSummary,
  type SummaryContext,
} from './room-summary';
import { SortedRooms, type RoomSection } from './sorted-rooms';

export type { RoomSummary } from './room-summary';
export type { LastMessage } from './last-message';
export type { RoomSection } from './sorted-rooms';

export interface RoomListSection {
  readonly section: Exclude<RoomSection, 'invites'>;
  readonly rooms: readonly RoomSummary[];
}

export type RoomListProblem = 'tag-failed' | 'read-failed' | 'notifications-failed';

export interface RoomListSnapshot {
  readonly invites: readonly RoomSummary[];
  /** Joined rooms in list order: favourites, people, rooms, low priority; latest activity first in each. */
  readonly rooms: readonly RoomSummary[];
  /** The same rooms by section, in that order; a section without rooms is left out. */
  readonly sections: readonly RoomListSection[];
  readonly filter: string;
  readonly selectedRoomId: string | null;
  /** Joined and invited rooms before filtering. */
  readonly total: number;
  readonly problem: RoomListProblem | null;
  /** While sliding sync is still bringing in rooms: how many the list covers, of how many there are. */
  readonly loading: ListLoading | null;
}

export interface ListLoading {
  readonly covered: number;
  readonly total: number;
}

/** How far the session's sync has brought the list (see SessionSync.progress). */
export type ListProgress = () => { readonly covered: number; readonly total: number | null };

/** What a room's menu changes: its `m.favourite` or `m.lowpriority` tag (a room has at most one of them). */
export type RoomTag = 'favourite' | 'lowPriority';

/** What a row's menu does; the RoomListViewModel does all of it. */
export type RoomActions = Pick<RoomListViewModel, 'setTag' | 'markRead' | 'setNotifications'>;

const tagNames: Record<RoomTag, string> = { favourite: favouriteTag, lowPriority: lowPriorityTag };

/**
 * Changes that arrive outside a sync response (local echoes, decryption) have no
 * sync completion to wait for; they are published after this delay instead.
 */
const LOCAL_CHANGE_DELAY_MS = 100;

/** State that changes a row: encryption, the avatar, and members (names and avatars of senders and partners). */
const rowStateTypes = new Set<string>([EventType.RoomEncryption, EventType.RoomAvatar, EventType.RoomMember]);

export class RoomListViewModel extends Observable<RoomListSnapshot> {
  private readonly rooms = new SortedRooms<RoomSummary>();
  /** Lower-cased canonical and alternative aliases per room, for `#` filters. */
  private readonly aliases = new Map<string, string>();
  /** Notification counts are emitted by each room, not re-emitted by the client. */
  private readonly watched = new Map<string, { room: Room; stop: () => void }>();
  private readonly dirty = new Set<string>();
  private readonly invitationsSeenAt = new Map<string, number>();
  private direct: ReadonlyMap<string, string>;
  private filter = '';
  private selectedRoomId: string | null = null;
  private problem: RoomListProblem | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: MatrixClient,
    private readonly neutraliseName: (name: string) => string = (name) => name,
    /** `privacy.readReceipts`: whether "Mark as read" sends a receipt others see, or a private one. */
    private readonly privacy: { readonly readReceipts: boolean } = { readReceipts: true },
    private readonly progress: ListProgress | null = null,
  ) {
    super({ invites: [], rooms: [], sections: [], filter: '', selectedRoomId: null, total: 0, problem: null, loading: null });
    this.direct = directRooms(client);
    for (const room of client.getRooms()) this.refresh(room.roomId);
    this.publish();
    this.wire();
    this.disposables.add(() => clearTimeout(this.timer));
  }

  /** Shows only rooms whose name contains `text`; `!…` also matches room ids, `#…` aliases. */
  setFilter(text: string): void {
    if (text === this.filter) return;
    this.filter = text;
    this.publish();
  }

  select(roomId: string | null): void {
    if (roomId === this.selectedRoomId) return;
    this.selectedRoomId = roomId;
    this.publish();
  }

  /** Sets or clears a room's favourite or low priority tag; setting one clears the other. The list follows with the sync. */
  async setTag(roomId: string, tag: RoomTag, on: boolean): Promise<void> {
    const room = this.client.getRoom(roomId);
    if (!room) return;
    const name = tagNames[tag];
    const other = tagNames[tag === 'favourite' ? 'lowPriority' : 'favourite'];
    try {
      if (on) {
        await this.client.setRoomTag(roomId, name, {});
        if (other in room.tags) await this.client.deleteRoomTag(roomId, other);
      } else {
        await this.client.deleteRoomTag(roomId, name);
      }
    } catch {
      this.report('tag-failed');
    }
  }

  /** Moves the read marker and receipt to the room's newest event, as the open room does when read. */
  async markRead(roomId: string): Promise<void> {
    const room = this.client.getRoom(roomId);
    const latest = room?.getLiveTimeline().getEvents().findLast((event) => event.getId() && !event.isSending());
    if (!room || !latest) return;
    try {
      await markReadUpTo(this.client, roomId, latest, this.privacy.readReceipts);
    } catch {
      this.report('read-failed');
    }
  }

  /** All messages, mentions and keywords, or off: the room's push rules, which the account's other clients follow too. */
  async setNotifications(roomId: string, mode: RoomNotificationMode): Promise<void> {
    try {
      await setRoomMode(this.client, roomId, mode);
      this.markDirty(roomId);
    } catch {
      this.report('notifications-failed');
    }
  }

  dismissProblem(): void {
    this.report(null);
  }

  private report(problem: RoomListProblem | null): void {
    if (this.disposed || problem === this.problem) return;
    this.problem = problem;
    this.publish();
  }

  private wire(): void {
    const client = this.client;
    this.listen(client, ClientEvent.Room, this.onRoom);
    this.listen(client, ClientEvent.DeleteRoom, this.markDirty);
    this.listen(client, ClientEvent.AccountData, this.onAccountData);
    this.listen(client, ClientEvent.Sync, this.flush);
    this.listen(client, RoomEvent.Timeline, this.onTimeline);
    this.listen(client, RoomEvent.Name, this.onRoom);
    this.listen(client, RoomEvent.MyMembership, this.onRoom);
    this.listen(client, RoomEvent.Receipt, this.onRoomChange);
    this.listen(client, RoomEvent.Tags, this.onRoomChange);
    this.listen(client, RoomEvent.Redaction, this.onRoomChange);
    this.listen(client, RoomStateEvent.Events, this.onStateEvent);
    // The last message changes when it decrypts or is edited.
    this.listen(client, MatrixEventEvent.Decrypted, this.onEventChanged);
    this.listen(client, MatrixEventEvent.Replaced, this.onEventChanged);
  }

  private readonly onRoom = (room: Room): void => this.markDirty(room.roomId);

  /** Receipts, tags and redactions: their listeners get (event, room). */
  private readonly onRoomChange = (_event: MatrixEvent, room: Room): void => this.markDirty(room.roomId);

  private readonly onTimeline = (
    _event: MatrixEvent,
    room: Room | undefined,
    toStartOfTimeline: boolean | undefined,
    removed: boolean,
    data: IRoomTimelineData,
  ): void => {
    if (room && !toStartOfTimeline && !removed && data.liveEvent) this.markDirty(room.roomId);
  };

  private readonly onStateEvent = (event: MatrixEvent): void => {
    const roomId = event.getRoomId();
    if (roomId && rowStateTypes.has(event.getType())) this.markDirty(roomId);
  };

  private readonly onEventChanged = (event: MatrixEvent): void => {
    const roomId = event.getRoomId();
    if (roomId) this.markDirty(roomId);
  };

  private readonly onAccountData = (event: MatrixEvent): void => {
    // Any room's notification setting may have changed (here or in another session).
    if (event.getType() === EventType.PushRules) for (const room of this.client.getRooms()) this.markDirty(room.roomId);
    if (event.getType() !== EventType.Direct) return;
    const previous = this.direct;
    this.direct = directRooms(this.client);
    for (const [roomId, userId] of previous) if (this.direct.get(roomId) !== userId) this.markDirty(roomId);
    for (const roomId of this.direct.keys()) if (!previous.has(roomId)) this.markDirty(roomId);
  };

  private readonly markDirty = (roomId: string): void => {
    if (this.disposed) return;
    this.dirty.add(roomId);
    this.timer ??= setTimeout(this.flush, LOCAL_CHANGE_DELAY_MS);
  };

  private readonly flush = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    let changed = false;
    for (const roomId of this.dirty) changed = this.refresh(roomId) || changed;
    this.dirty.clear();
    if (changed || this.value.loading?.covered !== this.loading()?.covered) this.publish();
  };

  private loading(): ListLoading | null {
    const progress = this.progress?.();
    return progress && progress.total !== null && progress.covered < progress.total ? { covered: progress.covered, total: progress.total } : null;
  }

  /** Re-derives one room's summary; returns whether the list changed. */
  private refresh(roomId: string): boolean {
    const room = this.client.getRoom(roomId);
    if (!isListed(room)) {
      this.watched.get(roomId)?.stop();
      this.watched.delete(roomId);
      this.aliases.delete(roomId);
      this.invitationsSeenAt.delete(roomId);
      const wasSelected = this.selectedRoomId === roomId;
      if (wasSelected) this.selectedRoomId = null;
      return this.rooms.remove(roomId) || wasSelected;
    }
    this.watch(room);
    const aliases = searchableAliases(room);
    const aliasesChanged = this.aliases.get(roomId) !== aliases;
    this.aliases.set(roomId, aliases);
    const next = summariseRoom(room, this.context);
    if (next.kind !== 'invite') this.invitationsSeenAt.delete(roomId);
    const previous = this.rooms.get(roomId);
    if (previous && sameSummary(previous, next)) return aliasesChanged && this.filter.trim().startsWith('#');
    this.rooms.put(next);
    return true;
  }

  private get context(): SummaryContext {
    return {
      userId: this.client.getSafeUserId(),
      directRooms: this.direct,
      neutraliseName: this.neutraliseName,
      invitationSeenAt: (roomId) => this.invitationSeenAt(roomId),
      pushRules: this.client.pushRules,
    };
  }

  private invitationSeenAt(roomId: string): number {
    const seenAt = this.invitationsSeenAt.get(roomId) ?? Date.now();
    this.invitationsSeenAt.set(roomId, seenAt);
    return seenAt;
  }

  private watch(room: Room): void {
    const current = this.watched.get(room.roomId);
    if (current?.room === room) return;
    current?.stop();
    this.watched.set(room.roomId, { room, stop: this.listen(room, RoomEvent.UnreadNotifications, () => this.markDirty(room.roomId)) });
  }

  /** One pass over the list order: it is already by section, so each section's rooms come together. */
  private publish(): void {
    const all = this.rooms.items();
    const matches = roomFilter(this.filter, this.aliases);
    const invites: RoomSummary[] = [];
    const rooms: RoomSummary[] = [];
    const sections: { section: RoomListSection['section']; rooms: RoomSummary[] }[] = [];
    for (const summary of all) {
      if (!matches(summary)) continue;
      if (summary.section === 'invites') {
        invites.push(summary);
        continue;
      }
      rooms.push(summary);
      if (sections.at(-1)?.section !== summary.section) sections.push({ section: summary.section, rooms: [] });
      sections.at(-1)!.rooms.push(summary);
    }
    this.set({ invites, rooms, sections, filter: this.filter, selectedRoomId: this.selectedRoomId, total: all.length, problem: this.problem, loading: this.loading() });
  }
}
