/**
 * Where each message of an encrypted room comes from, as this device's crypto vouches
 * for it. The person's identity is RoomTrust's concern; this is the sending session's: a
 * message from a session its owner never signed, from a session nobody announced (deleted,
 * or made up), whose key arrived without proof of where it came from (forwarded, restored
 * from the key backup), or sent unencrypted into an encrypted room gets its own marker.
 */
import { EventType, MatrixEventEvent, RelationType, RoomEvent, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { CryptoEvent, EventShieldColour, EventShieldReason, type CryptoApi, type EventEncryptionInfo } from 'matrix-js-sdk/lib/crypto-api';
import { coalesce } from './coalesce';
import { Observable } from './observable';

export type OriginProblem = 'unsigned-session' | 'unknown-session' | 'unproven' | 'unencrypted' | 'mismatched-sender';

export interface MessageOrigin {
  /**
   * Null: sent encrypted from a session its owner signed (whether the owner is verified is
   * RoomTrust's). For an edited message, the worse of the original's and the edit's.
   */
  readonly problem: OriginProblem | null;
  /** Sent in the clear before the room turned encryption on: rightly unencrypted, not a problem. */
  readonly beforeEncryption: boolean;
  /** The sending session as the message names it; null where it does not (unencrypted, newer clients). */
  readonly deviceId: string | null;
  /** That session's own name as this device knows it, neutralised; null if unknown. */
  readonly deviceName: string | null;
}

/** The SDK's shield for an encrypted event, in our terms; null when it raises none. */
export function originProblem(info: EventEncryptionInfo | null): OriginProblem | null {
  if (!info || info.shieldColour === EventShieldColour.NONE) return null;
  switch (info.shieldReason) {
    case EventShieldReason.UNSIGNED_DEVICE:
      return 'unsigned-session';
    case EventShieldReason.UNKNOWN_DEVICE:
      return 'unknown-session';
    case EventShieldReason.MISMATCHED_SENDER:
    case EventShieldReason.MISMATCHED_SENDER_KEY:
      return 'mismatched-sender';
    // The person's own marker says these (not verified, identity changed).
    case EventShieldReason.UNVERIFIED_IDENTITY:
    case EventShieldReason.VERIFICATION_VIOLATION:
      return null;
    default:
      return 'unproven';
  }
}

const messageTypes = new Set<string>([EventType.RoomMessage, EventType.Sticker]);
/** Worst first: which of an original's and its edit's problems a message shows. */
const severity: readonly (OriginProblem | null)[] = ['mismatched-sender', 'unsigned-session', 'unknown-session', 'unencrypted', 'unproven', null];
const CHANGE_DELAY_MS = 100;

export class MessageOrigins extends Observable<ReadonlyMap<string, MessageOrigin>> {
  private generation = 0;
  /** A burst of events (a page of history, a sync) is looked at once. */
  private readonly looks = coalesce(() => void this.refresh(), CHANGE_DELAY_MS);
  /** Counts changes of trust; messages checked under an older count are checked again. */
  private trustVersion = 0;
  private checkedAtVersion = -1;
  /** What was found per message and its latest edit (`eventId|editId`), under `checkedAtVersion`. */
  private checked = new Map<string, MessageOrigin>();

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly neutraliseName: (name: string) => string,
  ) {
    super(new Map());
    this.listen(room, RoomEvent.Timeline, this.messagesChanged);
    this.listen(room, RoomEvent.TimelineReset, this.messagesChanged);
    this.listen(room, RoomEvent.LocalEchoUpdated, this.messagesChanged);
    this.listen(client, MatrixEventEvent.Decrypted, this.messagesChanged);
    // An edit shows new text, and may come from another session than the original.
    this.listen(client, MatrixEventEvent.Replaced, this.messagesChanged);
    // A session signed, verified, deleted or newly announced changes what earlier messages say.
    this.listen(client, CryptoEvent.DevicesUpdated, this.trustChanged);
    this.listen(client, CryptoEvent.UserTrustStatusChanged, this.trustChanged);
    this.disposables.add(this.looks.cancel);
    void this.refresh();
  }

  /** Every loaded message checked afresh, as of now (an export records trust at the time it is made). */
  async current(): Promise<ReadonlyMap<string, MessageOrigin>> {
    this.trustVersion += 1;
    await this.refresh();
    return this.value;
  }

  private readonly messagesChanged = (): void => this.looks.schedule();

  private readonly trustChanged = (): void => {
    this.trustVersion += 1;
    this.looks.schedule();
  };

  private readonly refresh = async (): Promise<void> => {
    const crypto = this.client.getCrypto();
    if (!crypto || !this.room.hasEncryptionStateEvent()) return;
    const generation = ++this.generation;
    const version = this.trustVersion;
    const known = version === this.checkedAtVersion ? this.checked : new Map<string, MessageOrigin>();
    const timeline = this.room.getLiveTimeline().getEvents();
    // In timeline order, not by timestamp (the server sets those): plain messages before the
    // room turned encryption on were rightly sent in the clear.
    const encryptionAt = timeline.findIndex((event) => event.getType() === EventType.RoomEncryption && event.getStateKey() === '');
    const messages = timeline.flatMap((event, index) => (isShownMessage(event) ? [{ event, key: checkKey(event), before: index < encryptionAt }] : []));
    const origins = new Map<string, MessageOrigin>();
    const checked = new Map<string, MessageOrigin>();
    try {
      const sessions = await this.sessionNames(crypto, messages.filter(({ key }) => !known.has(key)).map(({ event }) => event));
      for (const { event, key, before } of messages) {
        const origin = known.get(key) ?? (await this.originOf(crypto, event, before, sessions));
        checked.set(key, origin);
        origins.set(event.getId()!, origin);
      }
    } catch {
      // The crypto store closed under it (signing out): the last answer stands.
      return;
    }
    // A newer look began meanwhile (or the room closed): its answer is the fresher one.
    if (this.disposed || generation !== this.generation) return;
    this.checked = checked;
    this.checkedAtVersion = version;
    this.set(origins);
  };

  private async originOf(crypto: CryptoApi, event: MatrixEvent, beforeEncryption: boolean, sessions: ReadonlyMap<string, string>): Promise<MessageOrigin> {
    const problemOf = async (sent: MatrixEvent) => (sent.isEncrypted() ? originProblem(await crypto.getEncryptionInfoForEvent(sent)) : 'unencrypted');
    const own = beforeEncryption ? null : await problemOf(event);
    const edit = event.replacingEvent();
    const editProblem = edit ? await problemOf(edit) : null;
    // The session named is the one whose message shows the problem.
    const shown = edit && severity.indexOf(editProblem) < severity.indexOf(own) ? edit : event;
    const deviceId = sendingSession(shown);
    return {
      problem: shown === edit ? editProblem : own,
      beforeEncryption,
      deviceId,
      deviceName: deviceId ? (sessions.get(`${shown.getSender()}|${deviceId}`) ?? null) : null,
    };
  }

  /** The names of the senders' sessions, by `sender|deviceId`. */
  private async sessionNames(crypto: CryptoApi, events: readonly MatrixEvent[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    if (events.length === 0) return names;
    const senders = [...new Set(events.map((event) => event.getSender()!))];
    for (const [userId, devices] of await crypto.getUserDeviceInfo(senders)) {
      for (const device of devices.values()) {
        if (device.displayName) names.set(`${userId}|${device.deviceId}`, this.neutraliseName(device.displayName));
      }
    }
    return names;
  }
}

/** Messages the timeline shows as such: sent (not a local echo), readable, not deleted, not an edit (checked with its original). */
function isShownMessage(event: MatrixEvent): boolean {
  return (
    messageTypes.has(event.getType()) &&
    !event.isRelation(RelationType.Replace) &&
    event.status === null &&
    !event.isRedacted() &&
    !event.isDecryptionFailure() &&
    // Not yet decrypted: its origin is known only then (the Decrypted event brings it back).
    !(event.isEncrypted() && event.getClearContent() === null) &&
    !!event.getId() &&
    !!event.getSender()
  );
}

/** A message is checked again when a new edit replaces its text. */
function checkKey(event: MatrixEvent): string {
  return `${event.getId()}|${event.replacingEventId() ?? ''}`;
}

/**
 * The session an encrypted message names as its sender (`device_id` of the Megolm
 * content). It is the sender's claim; the shield above is what the crypto proves.
 */
function sendingSession(event: MatrixEvent): string | null {
  const deviceId = event.getWireContent().device_id;
  return typeof deviceId === 'string' && deviceId.length > 0 ? deviceId : null;
}
