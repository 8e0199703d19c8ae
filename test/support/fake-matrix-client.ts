/**
 * A small stand-in for MatrixClient, for unit tests of view models that must run in
 * milliseconds. Rooms and events are matrix-js-sdk's own (Room, MatrixEvent), so timelines,
 * state and relations behave as in the app; the client is an emitter of the client's events
 * and records what would have gone to the server (events, redactions, typing, read markers)
 * instead of sending it. `listenerTotal()` shows what a view model left behind.
 *
 * It has what the room view model, the workspace and the verifications need, and no more:
 * a call it lacks fails the test, so nothing is faked by accident.
 */
import { ClientEvent, EventType, KnownMembership, MatrixEvent, PendingEventOrdering, Room, SyncState, TypedEventEmitter, type EmittedEvents, type IContent } from 'matrix-js-sdk';
import {
  CryptoEvent,
  VerificationPhase,
  VerificationRequestEvent,
  type CryptoApi,
  type VerificationRequest,
  type VerificationRequestEventHandlerMap,
} from 'matrix-js-sdk/lib/crypto-api';
import { FakeSdkClient } from './fake-sdk-client';

export interface SentEvent {
  readonly roomId: string;
  readonly type: string;
  readonly content: IContent;
  readonly txnId?: string;
}

export interface ReadMarkers {
  readonly roomId: string;
  readonly fullyRead: string;
  /** The event of the public read receipt, if one was sent. */
  readonly receipt: string | undefined;
  /** The event of the private read receipt (`m.read.private`), if one was sent. */
  readonly privateReceipt: string | undefined;
}

export interface FakeRoomOptions {
  readonly name?: string;
  readonly encrypted?: boolean;
  /** Other joined members besides the client's user. */
  readonly members?: readonly string[];
}

export class FakeMatrixClient extends FakeSdkClient {
  readonly sent: SentEvent[] = [];
  readonly redactions: { readonly roomId: string; readonly eventId: string }[] = [];
  readonly typingSent: { readonly roomId: string; readonly typing: boolean }[] = [];
  readonly readMarkers: ReadMarkers[] = [];
  /** What `getCrypto()` answers; none unless a test sets one. */
  crypto: Partial<CryptoApi> | undefined;
  private readonly rooms = new Map<string, Room>();
  private readonly accountData = new Map<string, MatrixEvent>();
  private nextId = 0;

  constructor(userId = '@alice:example.org') {
    super(userId);
  }

  /** A joined room with the given members, its state set as a sync would. */
  addRoom(roomId: string, { name, encrypted = false, members = [] }: FakeRoomOptions = {}): Room {
    const room = new Room(roomId, this.asClient, this.userId, { pendingEventOrdering: PendingEventOrdering.Detached });
    const state = (type: string, content: IContent, stateKey = '', sender = this.userId) => this.event({ room_id: roomId, type, content, sender, state_key: stateKey });
    const events = [state(EventType.RoomCreate, { room_version: '10' })];
    events.push(...[this.userId, ...members].map((userId) => state(EventType.RoomMember, { membership: KnownMembership.Join, displayname: userId.slice(1, userId.indexOf(':')) }, userId, userId)));
    events.push(state(EventType.RoomPowerLevels, { users: { [this.userId]: 100 } }));
    if (name) events.push(state(EventType.RoomName, { name }));
    if (encrypted) events.push(state(EventType.RoomEncryption, { algorithm: 'm.megolm.v1.aes-sha2' }));
    room.currentState.setStateEvents(events);
    room.updateMyMembership(KnownMembership.Join);
    room.recalculate();
    this.rooms.set(roomId, room);
    return room;
  }

  /** A message arriving in a room's live timeline, from `sender` (the client's user by default). */
  receive(roomId: string, body: string, sender = this.userId): MatrixEvent {
    const event = this.event({ room_id: roomId, type: EventType.RoomMessage, content: { msgtype: 'm.text', body }, sender });
    void this.getRoom(roomId)!.addLiveEvents([event], { addToState: false });
    return event;
  }

  /** Someone asks this session to verify (or be verified), as the crypto announces it. */
  receiveVerificationRequest(request: FakeVerificationRequest): void {
    this.emit(CryptoEvent.VerificationRequestReceived, request.asRequest);
  }

  /** Sets account data as a sync would (e.g. `m.direct`). */
  setAccountDataEvent(type: string, content: IContent): void {
    this.accountData.set(type, new MatrixEvent({ type, content }));
  }

  /** Account data arriving with a sync (from this session or another), announced as the SDK does. */
  receiveAccountData(type: string, content: IContent): void {
    const event = new MatrixEvent({ type, content });
    const previous = this.accountData.get(type);
    this.accountData.set(type, event);
    this.emit(ClientEvent.AccountData, event, previous);
  }

  /** The request, answered by its echo in the next sync (as the SDK's setAccountData waits for). */
  async setAccountData(type: string, content: IContent): Promise<object> {
    this.receiveAccountData(type, content);
    return {};
  }

  /** How many listeners the client holds, over all its events. */
  listenerTotal(): number {
    return this.eventNames().reduce((sum, name) => sum + this.listenerCount(name as EmittedEvents), 0);
  }

  // The MatrixClient surface the view models use.

  getDomain(): string | null {
    return this.userId.split(':')[1] ?? null;
  }

  getDeviceId(): string {
    return 'THISDEVICE';
  }

  getRoom(roomId: string | undefined): Room | null {
    return (roomId && this.rooms.get(roomId)) || null;
  }

  getRooms(): Room[] {
    return [...this.rooms.values()];
  }

  async getProfileInfo(): Promise<{ displayname?: string; avatar_url?: string }> {
    return {};
  }

  getAccountData(type: string): MatrixEvent | undefined {
    return this.accountData.get(type);
  }

  getCrypto(): CryptoApi | undefined {
    return this.crypto as CryptoApi | undefined;
  }

  getSyncState(): SyncState {
    return SyncState.Syncing;
  }

  getSyncStateData(): null {
    return null;
  }

  async sendEvent(roomId: string, type: string, content: IContent, txnId?: string): Promise<{ event_id: string }> {
    this.sent.push({ roomId, type, content, ...(txnId ? { txnId } : {}) });
    return { event_id: `$sent${(this.nextId += 1)}` };
  }

  sendMessage(roomId: string, content: IContent): Promise<{ event_id: string }> {
    return this.sendEvent(roomId, EventType.RoomMessage, content);
  }

  async redactEvent(roomId: string, eventId: string): Promise<{ event_id: string }> {
    this.redactions.push({ roomId, eventId });
    return { event_id: `$redaction${(this.nextId += 1)}` };
  }

  async sendTyping(roomId: string, typing: boolean): Promise<object> {
    this.typingSent.push({ roomId, typing });
    return {};
  }

  async setRoomReadMarkers(roomId: string, fullyRead: string, receipt?: MatrixEvent, privateReceipt?: MatrixEvent): Promise<object> {
    this.readMarkers.push({ roomId, fullyRead, receipt: receipt?.getId(), privateReceipt: privateReceipt?.getId() });
    return {};
  }
}

/**
 * A verification request as the crypto hands it out: its phase moves as the test (the
 * other side) says, and what this side does (accept, cancel) is counted.
 */
export class FakeVerificationRequest extends TypedEventEmitter<VerificationRequestEvent, VerificationRequestEventHandlerMap> {
  phase = VerificationPhase.Requested;
  cancellationCode: string | null = null;
  readonly verifier = undefined;
  readonly isSelfVerification = false;
  readonly otherDeviceId = undefined;
  cancelled = 0;

  constructor(
    readonly otherUserId: string,
    readonly initiatedByMe = false,
  ) {
    super();
  }

  get asRequest(): VerificationRequest {
    return this as unknown as VerificationRequest;
  }

  get pending(): boolean {
    return this.phase !== VerificationPhase.Done && this.phase !== VerificationPhase.Cancelled;
  }

  async accept(): Promise<void> {
    this.moveTo(VerificationPhase.Ready);
  }

  async cancel(): Promise<void> {
    this.cancelled += 1;
    this.cancellationCode = 'm.user';
    this.moveTo(VerificationPhase.Cancelled);
  }

  /** The request moves on (the other side answered, or gave up). */
  moveTo(phase: VerificationPhase): void {
    this.phase = phase;
    this.emit(VerificationRequestEvent.Change);
  }
}
