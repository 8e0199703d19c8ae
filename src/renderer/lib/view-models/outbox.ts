/**
 * Messages on their way out: kept (and persisted) from the moment the person sends
 * them until the server has accepted them, and sent one at a time, oldest first,
 * whenever the sync connection is live. Each keeps its transaction id for life, so
 * a send that reached the server before the connection (or the page) went away is
 * recognised by the server and not stored twice.
 */
import { ClientEvent, EventStatus, EventType, MatrixError, SyncState, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import type { RoomMessageEventContent } from 'matrix-js-sdk/lib/types';
import { localEventId, transactionOf } from './local-echo';
import { Observable } from './observable';

/** What is kept of a queued message across reloads. */
export interface QueuedMessage {
  readonly roomId: string;
  readonly txnId: string;
  readonly content: RoomMessageEventContent;
  readonly queuedAt: number;
}

/** Where queued messages are kept until they are sent (localStorage in the app). */
export interface OutboxMemory {
  load(): QueuedMessage[];
  save(messages: readonly QueuedMessage[]): void;
}

/**
 * `queued`: waiting for the connection or for earlier messages; `sending`: on the
 * wire; `failed`: refused by the server, waiting for the person to retry or discard.
 */
export type OutboxState = 'queued' | 'sending' | 'failed';

export interface OutboxEntry extends QueuedMessage {
  readonly state: OutboxState;
}

export class Outbox extends Observable<readonly OutboxEntry[]> {
  private pumping = false;
  private readonly onSync = () => {
    if (isLive(this.client)) void this.pump();
  };

  constructor(
    private readonly client: MatrixClient,
    private readonly memory: OutboxMemory,
    /** Told when the server refuses a message (it stays, marked failed). */
    private readonly onRefused: () => void = () => {},
  ) {
    super(memory.load().map((message) => ({ ...message, state: 'queued' })));
    this.listen(client, ClientEvent.Sync, this.onSync);
    void this.pump();
  }

  add(roomId: string, content: RoomMessageEventContent): void {
    const message: OutboxEntry = { roomId, txnId: this.client.makeTxnId(), content, queuedAt: Date.now(), state: 'queued' };
    this.update([...this.value, message]);
    void this.pump();
  }

  inRoom(roomId: string): OutboxEntry[] {
    return this.value.filter((entry) => entry.roomId === roomId);
  }

  /** The entry shown under this (local) event id, if the outbox holds it. */
  find(eventId: string): OutboxEntry | undefined {
    return this.value.find((entry) => localEventId(entry.roomId, entry.txnId) === eventId);
  }

  retry(txnId: string): void {
    this.setState(txnId, 'queued');
    void this.pump();
  }

  /** Takes back a message that is not on the wire; nothing reaches the server. */
  discard(txnId: string): void {
    const entry = this.value.find((candidate) => candidate.txnId === txnId);
    if (!entry || entry.state === 'sending') return;
    const echo = this.client.getRoom(entry.roomId)?.getEventForTxnId(txnId);
    if (echo?.status === EventStatus.NOT_SENT) this.client.cancelPendingEvent(echo);
    this.update(this.value.filter((candidate) => candidate !== entry));
  }

  /** Sends queued messages one by one while the connection holds. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.next(); next && isLive(this.client); next = this.next()) {
        if (!(await this.deliver(next))) break;
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * The oldest queued message whose room is known and joined. A refused message
   * holds back the later ones of its room, so they never overtake it.
   */
  private next(): OutboxEntry | undefined {
    const blocked = new Set<string>();
    for (const entry of this.value) {
      if (entry.state === 'failed') blocked.add(entry.roomId);
      else if (!blocked.has(entry.roomId) && this.client.getRoom(entry.roomId)?.getMyMembership() === 'join') return entry;
    }
    return undefined;
  }

  /** Sends one message; false when the connection failed and the rest should wait for it. */
  private async deliver(entry: OutboxEntry): Promise<boolean> {
    // Checked above: never send without the room, or an encrypted room's message would go out unencrypted.
    const room = this.client.getRoom(entry.roomId)!;
    if (this.arrived(room, entry.txnId)) {
      this.remove(entry.txnId);
      return true;
    }
    this.setState(entry.txnId, 'sending');
    try {
      // A local echo left from an earlier attempt (or restored by the SDK's store) is sent again as it is.
      const echo = room.getEventForTxnId(entry.txnId);
      if (echo?.status === EventStatus.NOT_SENT) await this.client.resendEvent(echo, room);
      else if (!echo) await this.client.sendEvent(entry.roomId, EventType.RoomMessage, entry.content, entry.txnId);
      this.remove(entry.txnId);
      return true;
    } catch (error) {
      if (!refused(error)) {
        this.setState(entry.txnId, 'queued');
        return false;
      }
      this.setState(entry.txnId, 'failed');
      this.onRefused();
      return true;
    }
  }

  /** Whether the server already has the message: sent before a reload, its response lost on the way back. */
  private arrived(room: Room, txnId: string): boolean {
    const own = this.client.getUserId();
    return room
      .getLiveTimeline()
      .getEvents()
      .some((event: MatrixEvent) => event.getSender() === own && transactionOf(event) === txnId);
  }

  private remove(txnId: string): void {
    this.update(this.value.filter((entry) => entry.txnId !== txnId));
  }

  private setState(txnId: string, state: OutboxState): void {
    this.update(this.value.map((entry) => (entry.txnId === txnId ? { ...entry, state } : entry)));
  }

  private update(entries: readonly OutboxEntry[]): void {
    this.memory.save(entries.map(({ roomId, txnId, content, queuedAt }) => ({ roomId, txnId, content, queuedAt })));
    this.set(entries);
  }
}

/**
 * Synced with the server, not only restored from the sync store: right after a restart
 * the rooms come from disk, and a message encrypted then would be shared with the
 * members as they were at the last save (the SDK asks the server for the members as of
 * the stored sync token), leaving out anyone who joined since.
 */
function isLive(client: MatrixClient): boolean {
  const state = client.getSyncState();
  return (state === SyncState.Prepared || state === SyncState.Syncing) && !client.getSyncStateData()?.fromCache;
}

/**
 * The server answered and said no (not allowed, too large): sending again as it is
 * would not help. Anything else (no connection, a server error, rate limiting)
 * is worth another try once the connection is back.
 */
function refused(error: unknown): boolean {
  const status = error instanceof MatrixError ? error.httpStatus : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
