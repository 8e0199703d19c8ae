/**
 * A matrix-js-sdk client cut down to what the timeline and the outbox ask of it, around a
 * real SDK `Room`: the room's own code keeps the timeline, the pending events, relations,
 * redactions and the matching of remote echoes, as in the app. The fake stands in for the
 * network only: a send waits until the test answers it, events arrive when the test says,
 * and so does the connection. For millisecond tests of races (local echo, outbox,
 * incremental updates); the real thing is tested against Synapse.
 */
import {
  ClientEvent,
  EventStatus,
  EventType,
  KnownMembership,
  MatrixError,
  MatrixEvent,
  MatrixEventEvent,
  PendingEventOrdering,
  Room,
  SyncState,
  type IContent,
} from 'matrix-js-sdk';
import { DecryptionFailureCode } from 'matrix-js-sdk/lib/crypto-api';
import { DecryptionError, type CryptoBackend } from 'matrix-js-sdk/lib/common-crypto/CryptoBackend';
import { FakeSdkClient, type EventFields } from './fake-sdk-client';

/** A message on the wire, until the test answers for the server. */
export interface PendingSend {
  readonly txnId: string;
  readonly event: MatrixEvent;
  /** The id the server gives the message once it stores it. */
  readonly eventId: string;
  /** The server stores it: the SDK marks the local echo sent under that id. */
  accept(): void;
  /** The server says no (not allowed, too large). */
  refuse(status?: number): void;
  /** The connection breaks before an answer comes. */
  drop(): void;
}

export class FakeTimelineClient extends FakeSdkClient {
  readonly room: Room;
  /** Sends waiting for an answer, oldest first. */
  readonly sends: PendingSend[] = [];
  private syncState = SyncState.Syncing;

  constructor(userId = '@erika:bund.de', roomId = '!akte:bund.de') {
    super(userId);
    this.room = new Room(roomId, this.asClient, userId, { pendingEventOrdering: PendingEventOrdering.Detached });
    this.room.updateMyMembership(KnownMembership.Join);
  }

  // What the SDK's Room asks of its client, beyond the shared base.
  getCrypto(): undefined {
    return undefined;
  }
  getPushActionsForEvent(): null {
    return null;
  }

  // What the timeline and the outbox ask.
  getRoom(roomId: string): Room | null {
    return roomId === this.room.roomId ? this.room : null;
  }
  getSyncState(): SyncState {
    return this.syncState;
  }
  getSyncStateData(): { fromCache: boolean } {
    return { fromCache: false };
  }
  /** As the SDK sends: a local echo in the room's pending events, then the request. */
  sendEvent(roomId: string, type: string, content: IContent, txnId = this.makeTxnId()): Promise<{ event_id: string }> {
    const event = this.mapped(
      new MatrixEvent({ event_id: `~${roomId}:${txnId}`, type, content, room_id: roomId, sender: this.userId, origin_server_ts: this.tick() }),
    );
    event.setTxnId(txnId);
    event.setStatus(EventStatus.SENDING);
    this.room.addPendingEvent(event, txnId);
    return this.request(event);
  }

  resendEvent(event: MatrixEvent): Promise<{ event_id: string }> {
    this.room.updatePendingEvent(event, EventStatus.SENDING);
    return this.request(event);
  }

  cancelPendingEvent(event: MatrixEvent): void {
    this.room.updatePendingEvent(event, EventStatus.CANCELLED);
  }

  // What the test does.

  /** The sync connection comes back or goes (the outbox sends only while it is up). */
  setOnline(online: boolean): void {
    this.syncState = online ? SyncState.Syncing : SyncState.Error;
    this.emit(ClientEvent.Sync, this.syncState, null);
  }

  /** An event in this client's room, as the server would send it. */
  override event(fields: Omit<EventFields, 'room_id'> & { room_id?: string }): MatrixEvent {
    return super.event({ room_id: this.room.roomId, ...fields });
  }

  message(sender: string, body: string, content: IContent = {}): MatrixEvent {
    return this.event({ type: EventType.RoomMessage, sender, content: { msgtype: 'm.text', body, ...content } });
  }

  reaction(sender: string, target: MatrixEvent, key: string): MatrixEvent {
    return this.event({ type: EventType.Reaction, sender, content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: target.getId(), key } } });
  }

  edit(sender: string, target: MatrixEvent, body: string): MatrixEvent {
    return this.message(sender, `* ${body}`, { 'm.new_content': { msgtype: 'm.text', body }, 'm.relates_to': { rel_type: 'm.replace', event_id: target.getId() } });
  }

  redaction(sender: string, target: MatrixEvent): MatrixEvent {
    return this.event({ type: EventType.RoomRedaction, sender, redacts: target.getId(), content: { redacts: target.getId() } });
  }

  /** An encrypted message this device cannot read yet. */
  async undecryptable(sender: string): Promise<MatrixEvent> {
    const event = this.event({ type: EventType.RoomMessageEncrypted, sender, content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgA', session_id: 's1' } });
    await event.attemptDecryption(cryptoThat(() => Promise.reject(new DecryptionError(DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID, 'no key'))));
    return event;
  }

  /** The room key arrives: the event decrypts to this content, and the SDK says so. */
  async decrypt(event: MatrixEvent, content: IContent): Promise<void> {
    const clearEvent = { type: EventType.RoomMessage, room_id: this.room.roomId, content };
    await event.attemptDecryption(cryptoThat(() => Promise.resolve({ clearEvent })), { isRetry: true });
  }

  /** Events arriving by sync, in order. */
  async receive(...events: MatrixEvent[]): Promise<void> {
    for (const event of events) await this.room.addLiveEvents([event], { addToState: event.isState() });
  }

  /** The server's copy of a message it stored, back through sync: the remote echo. */
  async echo({ event, txnId, eventId }: Pick<PendingSend, 'event' | 'txnId' | 'eventId'>): Promise<void> {
    await this.receive(this.event({ type: event.getType(), sender: this.userId, content: event.getContent(), unsigned: { transaction_id: txnId }, event_id: eventId }));
  }

  private request(event: MatrixEvent): Promise<{ event_id: string }> {
    return new Promise((resolve, reject) => {
      const txnId = event.getTxnId()!;
      const answered = () => this.sends.splice(this.sends.indexOf(send), 1);
      const fail = (error: Error) => {
        answered();
        this.room.updatePendingEvent(event, EventStatus.NOT_SENT);
        reject(error);
      };
      const eventId = `$sent-${txnId}`;
      const send: PendingSend = {
        txnId,
        event,
        eventId,
        accept: () => {
          answered();
          this.room.updatePendingEvent(event, EventStatus.SENT, eventId);
          resolve({ event_id: eventId });
        },
        refuse: (status = 403) => fail(new MatrixError({ errcode: 'M_FORBIDDEN', error: 'Refused' }, status)),
        drop: () => fail(new TypeError('Failed to fetch')),
      };
      this.sends.push(send);
    });
  }

  /** The SDK's client passes on what its events say; the timeline listens to the client. */
  protected override mapped(event: MatrixEvent): MatrixEvent {
    event.on(MatrixEventEvent.Decrypted, (...args) => this.emit(MatrixEventEvent.Decrypted, ...args));
    event.on(MatrixEventEvent.Replaced, (...args) => this.emit(MatrixEventEvent.Replaced, ...args));
    return event;
  }
}

function cryptoThat(decryptEvent: CryptoBackend['decryptEvent']): CryptoBackend {
  return { decryptEvent } as CryptoBackend;
}
