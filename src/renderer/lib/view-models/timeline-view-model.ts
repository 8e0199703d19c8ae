/**
 * The open room's timeline: display items for the live timeline, updated as
 * events arrive, decrypt, echo or get redacted; back-pagination on request.
 */
import { Direction, MatrixEventEvent, RoomEvent, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { Observable } from './observable';
import { toTimelineItems, type ItemContext, type TimelineItem } from './timeline-items';

export interface TimelineContext extends Omit<ItemContext, 'nameOf'> {
  /** Called once per rebuild: member names change with state events. */
  readonly memberNames: (room: Room) => (userId: string) => string;
}

export interface TimelineSnapshot {
  readonly roomId: string;
  readonly items: readonly TimelineItem[];
  readonly canPaginateBack: boolean;
  readonly paginating: boolean;
}

const pageSize = 30;

export class TimelineViewModel extends Observable<TimelineSnapshot> {
  private scheduled = false;
  private readonly stop: () => void;

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly context: TimelineContext,
  ) {
    super({ roomId: room.roomId, items: [], canPaginateBack: true, paginating: false });
    const refreshIfOurs = (event: MatrixEvent) => {
      if (event.getRoomId() === room.roomId) this.scheduleRefresh();
    };
    const refresh = () => this.scheduleRefresh();
    room.on(RoomEvent.Timeline, refresh);
    room.on(RoomEvent.TimelineReset, refresh);
    room.on(RoomEvent.LocalEchoUpdated, refresh);
    room.on(RoomEvent.Redaction, refresh);
    client.on(MatrixEventEvent.Decrypted, refreshIfOurs);
    this.stop = () => {
      room.off(RoomEvent.Timeline, refresh);
      room.off(RoomEvent.TimelineReset, refresh);
      room.off(RoomEvent.LocalEchoUpdated, refresh);
      room.off(RoomEvent.Redaction, refresh);
      client.off(MatrixEventEvent.Decrypted, refreshIfOurs);
    };
    this.refresh();
  }

  /** Loads older events; resolves false once the start of the room is reached. */
  async paginateBack(): Promise<boolean> {
    if (this.value.paginating || !this.value.canPaginateBack) return this.value.canPaginateBack;
    this.set({ ...this.value, paginating: true });
    let more = true;
    try {
      more = await this.client.paginateEventTimeline(this.room.getLiveTimeline(), { backwards: true, limit: pageSize });
    } finally {
      const atStart = this.room.getLiveTimeline().getPaginationToken(Direction.Backward) === null;
      this.set({ ...this.value, paginating: false, canPaginateBack: more && !atStart });
      this.refresh();
    }
    return this.value.canPaginateBack;
  }

  dispose(): void {
    this.stop();
  }

  /** Many events can arrive in one sync; rebuild once after the burst. */
  private scheduleRefresh(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.refresh();
    });
  }

  private refresh(): void {
    const events = [...this.room.getLiveTimeline().getEvents(), ...this.room.getPendingEvents()];
    const { ownUserId, sanitize, memberNames } = this.context;
    this.set({ ...this.value, items: toTimelineItems(events, { ownUserId, sanitize, nameOf: memberNames(this.room) }) });
  }
}
