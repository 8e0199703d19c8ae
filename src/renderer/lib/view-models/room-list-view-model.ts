/**
 * The room list: joined rooms and invites as immutable snapshots. Kept up to date
 * incrementally: an SDK event re-derives only its room's summary, and everything a
 * sync response changed is published as one snapshot when the sync completes.
 */
import {
  ClientEvent,
  EventType,
  RoomEvent,
  RoomStateEvent,
  type IRoomTimelineData,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import { Observable } from './observable';
import { directRoomIds, isListed, roomFilter, sameSummary, searchableAliases, summariseRoom, type RoomSummary, type SummaryContext } from './room-summary';
import { SortedRooms } from './sorted-rooms';

export type { RoomSummary } from './room-summary';

export interface RoomListSnapshot {
  readonly invites: readonly RoomSummary[];
  /** Direct chats and group rooms together, latest activity first. */
  readonly rooms: readonly RoomSummary[];
  readonly filter: string;
  readonly selectedRoomId: string | null;
  /** Joined and invited rooms before filtering. */
  readonly total: number;
}

/**
 * Changes that arrive outside a sync response (local echoes, decryption) have no
 * sync completion to wait for; they are published after this delay instead.
 */
const LOCAL_CHANGE_DELAY_MS = 100;

export class RoomListViewModel extends Observable<RoomListSnapshot> {
  private readonly rooms = new SortedRooms<RoomSummary>();
  /** Lower-cased canonical and alternative aliases per room, for `#` filters. */
  private readonly aliases = new Map<string, string>();
  /** Notification counts are emitted by each room, not re-emitted by the client. */
  private readonly watched = new Map<string, { room: Room; stop: () => void }>();
  private readonly dirty = new Set<string>();
  private readonly invitationsSeenAt = new Map<string, number>();
  private direct: ReadonlySet<string>;
  private filter = '';
  private selectedRoomId: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: MatrixClient,
    private readonly neutraliseName: (name: string) => string = (name) => name,
  ) {
    super({ invites: [], rooms: [], filter: '', selectedRoomId: null, total: 0 });
    this.direct = directRoomIds(client);
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

  private wire(): void {
    const client = this.client;
    this.listen(client, ClientEvent.Room, this.onRoom);
    this.listen(client, ClientEvent.DeleteRoom, this.markDirty);
    this.listen(client, ClientEvent.AccountData, this.onAccountData);
    this.listen(client, ClientEvent.Sync, this.flush);
    this.listen(client, RoomEvent.Timeline, this.onTimeline);
    this.listen(client, RoomEvent.Name, this.onRoom);
    this.listen(client, RoomEvent.MyMembership, this.onRoom);
    this.listen(client, RoomEvent.Receipt, this.onReceipt);
    this.listen(client, RoomStateEvent.Events, this.onStateEvent);
  }

  private readonly onRoom = (room: Room): void => this.markDirty(room.roomId);

  private readonly onReceipt = (_event: MatrixEvent, room: Room): void => this.markDirty(room.roomId);

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
    if (roomId && event.getType() === EventType.RoomEncryption) this.markDirty(roomId);
  };

  private readonly onAccountData = (event: MatrixEvent): void => {
    if (event.getType() !== EventType.Direct) return;
    const previous = this.direct;
    this.direct = directRoomIds(this.client);
    for (const roomId of previous) if (!this.direct.has(roomId)) this.markDirty(roomId);
    for (const roomId of this.direct) if (!previous.has(roomId)) this.markDirty(roomId);
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
    if (changed) this.publish();
  };

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
      directRoomIds: this.direct,
      neutraliseName: this.neutraliseName,
      invitationSeenAt: (roomId) => this.invitationSeenAt(roomId),
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

  private publish(): void {
    const all = this.rooms.items();
    const matches = roomFilter(this.filter, this.aliases);
    const invites: RoomSummary[] = [];
    const rooms: RoomSummary[] = [];
    for (const summary of all) if (matches(summary)) (summary.kind === 'invite' ? invites : rooms).push(summary);
    this.set({ invites, rooms, filter: this.filter, selectedRoomId: this.selectedRoomId, total: all.length });
  }
}
