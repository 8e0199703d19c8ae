/**
 * The open room's timeline: display items for the live timeline, updated as
 * events arrive, decrypt, echo, get edited, reacted to or redacted; back-pagination
 * on request; and the unsent messages a person can retry or discard.
 */
import {
  Direction,
  EventStatus,
  EventType,
  MatrixEventEvent,
  RelationType,
  RoomEvent,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import { Observable } from './observable';
import type { Outbox } from './outbox';
import { toTimelineItems, type ItemContext, type TimelineItem } from './timeline-items';

export interface TimelineContext extends Pick<ItemContext, 'ownUserId' | 'sanitize' | 'linkify'> {
  /** Called once per rebuild: member names change with state events. */
  readonly memberNames: (room: Room) => (userId: string) => string;
  /** The person's queued messages, shown after the room's events; none where there is no outbox. */
  readonly outbox?: Outbox;
}

export interface TimelineSnapshot {
  readonly roomId: string;
  readonly items: readonly TimelineItem[];
  readonly canPaginateBack: boolean;
  readonly paginating: boolean;
  /**
   * The first message from someone else after the read marker as it stood when the
   * room was opened: the view draws a "new messages" line before it. It stays put
   * while the person reads, so the line does not move away under their eyes.
   */
  readonly firstUnreadEventId: string | null;
}

const pageSize = 30;
/** How far `locate` pages back for a reply's original before giving up. */
const maxLocatePages = 10;

export class TimelineViewModel extends Observable<TimelineSnapshot> {
  private scheduled = false;
  /** Shown HTML by its source: every refresh re-derives all items, but not their HTML. */
  private readonly sanitized = new Map<string, string>();
  private readonly linkified = new Map<string, string | null>();
  private readonly stop: () => void;
  private readonly readMarkerEventId: string | null;

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly context: TimelineContext,
  ) {
    super({ roomId: room.roomId, items: [], canPaginateBack: true, paginating: false, firstUnreadEventId: null });
    const marker = room.getAccountData(EventType.FullyRead)?.getContent().event_id;
    this.readMarkerEventId = typeof marker === 'string' ? marker : null;
    const refreshIfOurs = (event: MatrixEvent) => {
      if (event.getRoomId() === room.roomId) this.scheduleRefresh();
    };
    const refresh = () => this.scheduleRefresh();
    room.on(RoomEvent.Timeline, refresh);
    room.on(RoomEvent.TimelineReset, refresh);
    room.on(RoomEvent.LocalEchoUpdated, refresh);
    room.on(RoomEvent.Redaction, refresh);
    client.on(MatrixEventEvent.Decrypted, refreshIfOurs);
    // Edits are applied to their original asynchronously (they may need decrypting first).
    client.on(MatrixEventEvent.Replaced, refreshIfOurs);
    const stopOutbox = context.outbox?.subscribe(refresh);
    this.stop = () => {
      stopOutbox?.();
      room.off(RoomEvent.Timeline, refresh);
      room.off(RoomEvent.TimelineReset, refresh);
      room.off(RoomEvent.LocalEchoUpdated, refresh);
      room.off(RoomEvent.Redaction, refresh);
      client.off(MatrixEventEvent.Decrypted, refreshIfOurs);
      client.off(MatrixEventEvent.Replaced, refreshIfOurs);
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
    } catch {
      // Offline or a server hiccup: history stays loadable, the next scroll asks again.
    } finally {
      const atStart = this.room.getLiveTimeline().getPaginationToken(Direction.Backward) === null;
      this.set({ ...this.value, paginating: false, canPaginateBack: more && !atStart });
      this.refresh();
    }
    return this.value.canPaginateBack;
  }

  /** Makes sure an event is among the items (paging back a bounded number of times); false if not found. */
  async locate(eventId: string): Promise<boolean> {
    for (let page = 0; page <= maxLocatePages; page += 1) {
      if (this.value.items.some((item) => item.eventId === eventId)) return true;
      if (page === maxLocatePages || !(await this.paginateBack())) break;
    }
    return this.value.items.some((item) => item.eventId === eventId);
  }

  /** Sends a message that failed again, in its place. */
  async retry(eventId: string): Promise<void> {
    const event = this.unsent(eventId);
    if (event) await this.client.resendEvent(event, this.room);
  }

  /** Drops a message that failed to send; nothing reaches the server. */
  discard(eventId: string): void {
    const event = this.unsent(eventId);
    if (event) this.client.cancelPendingEvent(event);
  }

  /** The person's newest message that they may edit (for the Up key in an empty composer). */
  lastEditable(): string | null {
    const items = this.value.items;
    for (let index = items.length - 1; index >= 0; index -= 1) {
      const item = items[index]!;
      if (item.kind === 'message' && item.canEdit) return item.eventId;
    }
    return null;
  }

  dispose(): void {
    this.stop();
  }

  private unsent(eventId: string): MatrixEvent | undefined {
    return this.room.getPendingEvents().find((event) => event.getId() === eventId && event.status === EventStatus.NOT_SENT);
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
    const room = this.room;
    const queued = this.context.outbox?.inRoom(room.roomId) ?? [];
    // While the outbox holds a message, its state is the outbox's, not that of an earlier attempt's local echo.
    const outboxTxnIds = new Set(queued.map((entry) => entry.txnId));
    const pending = room.getPendingEvents().filter((event) => !outboxTxnIds.has(event.getTxnId() ?? ''));
    const events = [...room.getLiveTimeline().getEvents(), ...pending];
    const items = toTimelineItems(events, {
      ownUserId: this.context.ownUserId,
      sanitize: (html) => once(this.sanitized, html, this.context.sanitize),
      linkify: (text) => once(this.linkified, text, this.context.linkify),
      nameOf: this.context.memberNames(room),
      find: (eventId) => room.findEventById(eventId),
      reactionsTo: (eventId) =>
        room.relations.getChildEventsForEvent(eventId, RelationType.Annotation, EventType.Reaction)?.getSortedAnnotationsByKey() ?? [],
      mayRedact: (event) => room.currentState.maySendRedactionForEvent(event, this.context.ownUserId),
    }, queued);
    this.set({ ...this.value, items, firstUnreadEventId: this.firstUnread(items) });
  }

  private firstUnread(items: readonly TimelineItem[]): string | null {
    const marker = items.findIndex((item) => item.eventId === this.readMarkerEventId);
    if (marker < 0) return null;
    const next = items.slice(marker + 1).find((item) => (item.kind === 'message' || item.kind === 'undecryptable') && item.senderId !== this.context.ownUserId);
    return next?.eventId ?? null;
  }
}

/** What `make` gave for `source`, made on first use. */
function once<T>(cache: Map<string, T>, source: string, make: (source: string) => T): T {
  if (cache.has(source)) return cache.get(source) as T;
  const made = make(source);
  cache.set(source, made);
  return made;
}
