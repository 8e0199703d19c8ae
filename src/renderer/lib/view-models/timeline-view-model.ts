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
  RoomStateEvent,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import { echoKey, timelineSources, type TimelineSource } from './local-echo';
import { Observable } from './observable';
import type { Outbox, OutboxEntry } from './outbox';
import { readersByKey } from './read-receipts';
import { eventItem, queuedItem, type ItemContext, type TimelineItem } from './timeline-items';
import { timelineRows, type TimelineRow } from './timeline-rows';

export interface TimelineContext extends Pick<ItemContext, 'ownUserId' | 'sanitize' | 'linkify'> {
  /** Asked again whenever the room's state changes: member names change with state events. */
  readonly memberNames: (room: Room) => (userId: string) => string;
  /** The person's queued messages, shown after the room's events; none where there is no outbox. */
  readonly outbox?: Outbox;
}

export interface TimelineSnapshot {
  readonly roomId: string;
  readonly items: readonly TimelineItem[];
  /** What the view draws, made from the items (timeline-rows.ts). */
  readonly rows: readonly TimelineRow[];
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

/** An item as last built, with what it was built from and which other events it looked at. */
interface Built {
  readonly from: MatrixEvent | OutboxEntry;
  readonly item: TimelineItem | null;
  /** Ids of events the item shows something of: a reply's original, reactions. */
  readonly looked: readonly string[];
}

export class TimelineViewModel extends Observable<TimelineSnapshot> {
  private scheduled = false;
  /** Shown HTML by its source: an item built again (an edit elsewhere, a name change) does not sanitise or linkify again. */
  private readonly sanitized = new Map<string, string>();
  private readonly linkified = new Map<string, string | null>();
  private readonly readMarkerEventId: string | null;
  /** Every source's item by key, as last built. */
  private built = new Map<string, Built>();
  /** The key each shown event id has, to find an item from an event that relates to it. */
  private keyOf = new Map<string, string>();
  /** Keys of items to build again, and ids of events whose change concerns the items that looked at them. */
  private readonly changedKeys = new Set<string>();
  private readonly changedIds = new Set<string>();
  /** The room's state changed (names, power levels): every item is built again, and kept where it comes out the same. */
  private stateChanged = false;
  private names: (userId: string) => string;
  private ownDisplayName: string;

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly context: TimelineContext,
  ) {
    super({ roomId: room.roomId, items: [], rows: [], canPaginateBack: true, paginating: false, firstUnreadEventId: null });
    const marker = room.getAccountData(EventType.FullyRead)?.getContent().event_id;
    this.readMarkerEventId = typeof marker === 'string' ? marker : null;
    this.names = context.memberNames(room);
    this.ownDisplayName = this.displayNameOfOwn();
    const onTimeline = (event: MatrixEvent) => this.changed(event);
    const onEcho = (event: MatrixEvent, _room: Room, oldEventId?: string) => {
      this.changed(event);
      if (oldEventId) this.changedIds.add(oldEventId);
    };
    const onRedaction = (redaction: MatrixEvent) => this.changed(redaction);
    const onReset = () => {
      this.built = new Map();
      this.scheduleRefresh();
    };
    const onState = () => {
      this.stateChanged = true;
      this.scheduleRefresh();
    };
    const ifOurs = (event: MatrixEvent) => {
      if (event.getRoomId() === room.roomId) this.changed(event);
    };
    // Outbox changes come as new entries; receipts change no item, only where readers show.
    const update = () => this.scheduleRefresh();
    this.listen(room, RoomEvent.Timeline, onTimeline);
    this.listen(room, RoomEvent.TimelineReset, onReset);
    this.listen(room, RoomEvent.LocalEchoUpdated, onEcho);
    this.listen(room, RoomEvent.Redaction, onRedaction);
    this.listen(room, RoomEvent.RedactionCancelled, onRedaction);
    this.listen(room, RoomEvent.Receipt, update);
    // The room passes on its current state's events: names, members loaded later, power levels.
    this.listen(room, RoomStateEvent.Update, onState);
    this.listen(client, MatrixEventEvent.Decrypted, ifOurs);
    // Edits are applied to their original asynchronously (they may need decrypting first).
    this.listen(client, MatrixEventEvent.Replaced, ifOurs);
    if (context.outbox) this.disposables.add(context.outbox.subscribe(update));
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
      // The start row is added at the top while "paginating" still tells the view to keep its place from the end.
      this.set({ ...this.value, canPaginateBack: more && !atStart });
      this.refresh();
      this.set({ ...this.value, paginating: false });
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

  private unsent(eventId: string): MatrixEvent | undefined {
    return this.room.getPendingEvents().find((event) => event.getId() === eventId && event.status === EventStatus.NOT_SENT);
  }

  /**
   * Notes what an event changes: its own item (new, decrypted, edited, its sending state),
   * the item it relates to (a reaction, an edit, a redaction), and items that show something
   * of it (a reply's quote of its original, a message's reactions).
   */
  private changed(event: MatrixEvent): void {
    this.changedKeys.add(echoKey(event));
    for (const id of [event.getId(), event.relationEventId, event.isRedaction() ? redactedId(event) : undefined]) {
      if (id) this.changedIds.add(id);
    }
    this.scheduleRefresh();
  }

  /** Many events can arrive in one sync; build once after the burst. */
  private scheduleRefresh(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.refresh();
    });
  }

  /**
   * Builds the items of the sources that changed and keeps every other item as it was
   * (the same object), so the view leaves their rows alone.
   */
  private refresh(): void {
    const room = this.room;
    const sources = timelineSources(room.getLiveTimeline().getEvents(), room.getPendingEvents(), this.context.outbox?.inRoom(room.roomId) ?? []);
    const stale = this.staleKeys();
    if (this.stateChanged) {
      this.names = this.context.memberNames(room);
      this.ownDisplayName = this.displayNameOfOwn();
    }
    const built = new Map<string, Built>();
    const keyOf = new Map<string, string>();
    const items: TimelineItem[] = [];
    for (const source of sources) {
      const from = source.event ?? source.queued;
      const before = this.built.get(source.key);
      const next = before && before.from === from && !this.stateChanged && !stale.has(source.key) ? before : this.build(source, before);
      built.set(source.key, next);
      if (!next.item) continue;
      items.push(next.item);
      keyOf.set(next.item.eventId, source.key);
    }
    this.built = built;
    this.keyOf = keyOf;
    this.stateChanged = false;
    const firstUnreadEventId = this.firstUnread(items);
    const readers = readersByKey(room.getLiveTimeline().getEvents(), {
      ownUserId: this.context.ownUserId,
      receiptsOn: (event) => room.getReceiptsForEvent(event),
      senderOf: (event) => event.getSender(),
      shownKey: (event) => keyOf.get(event.getId() ?? ''),
      nameOf: this.names,
    });
    const rows = timelineRows(items, { atStart: !this.value.canPaginateBack, firstUnreadEventId, readers }, this.value.rows);
    this.set({ ...this.value, items, rows, firstUnreadEventId });
  }

  /** The keys whose items must be built again: those changed, and those that looked at a changed event. */
  private staleKeys(): Set<string> {
    const stale = new Set(this.changedKeys);
    if (this.changedIds.size > 0) {
      for (const id of this.changedIds) {
        const key = this.keyOf.get(id);
        if (key) stale.add(key);
      }
      for (const [key, { looked }] of this.built) {
        if (looked.some((id) => this.changedIds.has(id))) stale.add(key);
      }
    }
    this.changedKeys.clear();
    this.changedIds.clear();
    return stale;
  }

  private build(source: TimelineSource, before: Built | undefined): Built {
    const looked: string[] = [];
    const context = this.itemContext(looked);
    const built = source.event ? eventItem(source.event, source.key, context) : queuedItem(source.queued, source.key, context);
    // Built again but unchanged (a state change elsewhere, a status it already had): the view keeps the old object.
    const item = built && before?.item && sameItem(built, before.item) ? before.item : built;
    return { from: source.event ?? source.queued, item, looked };
  }

  /** What items are built from; the events an item looks at are noted in `looked`. */
  private itemContext(looked: string[]): ItemContext {
    const room = this.room;
    return {
      ownUserId: this.context.ownUserId,
      ownDisplayName: this.ownDisplayName,
      sanitize: (html) => once(this.sanitized, html, this.context.sanitize),
      linkify: (text) => once(this.linkified, text, this.context.linkify),
      nameOf: this.names,
      find: (eventId) => {
        looked.push(eventId);
        return room.findEventById(eventId);
      },
      reactionsTo: (eventId) => {
        const groups = room.relations.getChildEventsForEvent(eventId, RelationType.Annotation, EventType.Reaction)?.getSortedAnnotationsByKey() ?? [];
        for (const [, reactions] of groups) for (const reaction of reactions) looked.push(reaction.getId() ?? '');
        return groups;
      },
      mayRedact: (event) => room.currentState.maySendRedactionForEvent(event, this.context.ownUserId),
    };
  }

  private displayNameOfOwn(): string {
    return this.room.getMember(this.context.ownUserId)?.rawDisplayName ?? '';
  }

  private firstUnread(items: readonly TimelineItem[]): string | null {
    const marker = items.findIndex((item) => item.eventId === this.readMarkerEventId);
    if (marker < 0) return null;
    const next = items.slice(marker + 1).find((item) => (item.kind === 'message' || item.kind === 'undecryptable') && item.senderId !== this.context.ownUserId);
    return next?.eventId ?? null;
  }
}

function redactedId(redaction: MatrixEvent): string | undefined {
  const redacts = redaction.event.redacts ?? redaction.getContent().redacts;
  return typeof redacts === 'string' ? redacts : undefined;
}

/** Items are plain data, built by the same code in the same order: equal text means equal items. */
function sameItem(a: TimelineItem, b: TimelineItem): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What `make` gave for `source`, made on first use. */
function once<T>(cache: Map<string, T>, source: string, make: (source: string) => T): T {
  if (cache.has(source)) return cache.get(source) as T;
  const made = make(source);
  cache.set(source, made);
  return made;
}
