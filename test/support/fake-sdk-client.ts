/**
 * What every fake MatrixClient in the unit tests shares: the calls the SDK's own `Room` makes
 * of its client (store, event mapper, threads, decryption, the user), the ids a client
 * hands out, and events as a server would send them. The fakes build on it and add only
 * what their code under test asks for, so a call nobody added still fails the test.
 */
import { MatrixEvent, TypedEventEmitter, type ClientEventHandlerMap, type EmittedEvents, type IContent, type IEvent, type MatrixClient } from 'matrix-js-sdk';

/** An event's fields as the server sends them; `ts` is its time (a minute after the one before unless told). */
export interface EventFields {
  readonly type: string;
  readonly sender: string;
  readonly content: IContent;
  readonly room_id: string;
  readonly state_key?: string;
  readonly redacts?: string;
  readonly unsigned?: IEvent['unsigned'];
  readonly event_id?: string;
  readonly ts?: number;
}

export class FakeSdkClient extends TypedEventEmitter<EmittedEvents, ClientEventHandlerMap> {
  // What the SDK's Room asks of its client's store.
  readonly store = { getPendingEvents: async () => [], setPendingEvents: async () => {} };
  private transactions = 0;
  private events = 0;
  private now = Date.UTC(2026, 2, 2, 9, 0);

  constructor(readonly userId: string) {
    super();
  }

  /** This fake where the code under test takes a MatrixClient. */
  get asClient(): MatrixClient {
    return this as unknown as MatrixClient;
  }

  getEventMapper(): (raw: Partial<IEvent>) => MatrixEvent {
    return (raw) => this.mapped(new MatrixEvent(raw));
  }

  getUserId(): string {
    return this.userId;
  }

  getSafeUserId(): string {
    return this.userId;
  }

  /** No profile is known: the UI shows the user id. */
  getUser(): null {
    return null;
  }

  supportsThreads(): boolean {
    return false;
  }

  isInitialSyncComplete(): boolean {
    return true;
  }

  async decryptEventIfNeeded(): Promise<void> {}

  makeTxnId(): string {
    return `txn${++this.transactions}`;
  }

  /** The start of every room is already there: no history to load. */
  async paginateEventTimeline(): Promise<boolean> {
    return false;
  }

  /** An event as the server would send it, with the next id and a minute after the one before. */
  event({ ts, ...fields }: EventFields): MatrixEvent {
    return this.mapped(new MatrixEvent({ event_id: `$event${++this.events}`, origin_server_ts: ts ?? this.tick(), ...fields }));
  }

  /** Every event this client makes or maps passes here, for a fake that watches its events. */
  protected mapped(event: MatrixEvent): MatrixEvent {
    return event;
  }

  protected tick(): number {
    this.now += 60_000;
    return this.now;
  }
}
