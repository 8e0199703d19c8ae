/**
 * Simplified sliding sync (MSC4186), Synapse's native `/sync` for large accounts: one
 * room list, most recent activity first, whose window starts with a screenful of rooms
 * and grows after each response until it covers every room (so unread counts, invites
 * and notifications reach every room, as with classic sync), and a subscription with
 * the full timeline and state for each open room. The SDK's SlidingSyncSdk turns the
 * responses into the same Room objects classic sync makes and registers the
 * extensions encryption needs (to-device, device lists and one-time key counts),
 * account data, receipts and typing.
 */
import { ConnectionError, EventType, MatrixEventEvent, NotificationCountType, RoomEvent, type MatrixClient, type Room } from 'matrix-js-sdk';
import {
  MSC3575_STATE_KEY_LAZY,
  MSC3575_STATE_KEY_ME,
  SlidingSync,
  SlidingSyncEvent,
  SlidingSyncState,
  type MSC3575List,
  type MSC3575RoomSubscription,
} from 'matrix-js-sdk/lib/sliding-sync';

/** Policy `sync.mode`: sliding sync where the homeserver offers it (auto), always, or never. */
export type SyncMode = 'auto' | 'sliding' | 'classic';

/** What a homeserver lists in `unstable_features` of /versions when it serves simplified sliding sync. */
export const slidingSyncFeature = 'org.matrix.simplified_msc3575';

/**
 * Whether to sync with sliding sync. Auto asks the homeserver's /versions; one that
 * cannot be reached (starting offline) gets classic sync, whose store shows the rooms
 * kept from the last run.
 */
export async function usesSlidingSync(homeserverUrl: string, mode: SyncMode, createClient: (baseUrl: string) => MatrixClient): Promise<boolean> {
  if (mode !== 'auto') return mode === 'sliding';
  return createClient(homeserverUrl)
    .doesServerSupportUnstableFeature(slidingSyncFeature)
    .catch(() => false);
}

const listName = 'rooms';
/** The first window: a screenful of rooms, so the list shows before the rest is there. */
export const firstWindow = 20;
/** Each step takes the window to this many times its size, so 5,000 rooms take six responses. */
const growth = 4;
/** The long poll, as classic sync's. */
const pollMs = 30_000;

/**
 * What a room's row needs (name, picture, encryption, aliases for `#` filters, membership, the
 * last sender), and what is asked of a room before it is opened (who may do what, its topic).
 */
const listState: string[][] = [
  [EventType.RoomCreate, ''],
  [EventType.RoomName, ''],
  [EventType.RoomAvatar, ''],
  [EventType.RoomEncryption, ''],
  [EventType.RoomCanonicalAlias, ''],
  [EventType.RoomJoinRules, ''],
  [EventType.RoomHistoryVisibility, ''],
  [EventType.RoomTombstone, ''],
  [EventType.RoomPowerLevels, ''],
  [EventType.RoomTopic, ''],
  [EventType.RoomMember, MSC3575_STATE_KEY_ME],
  [EventType.RoomMember, MSC3575_STATE_KEY_LAZY],
];

/** An open room: its recent messages, with the senders' member events. */
const openRoomSubscription: MSC3575RoomSubscription = {
  timeline_limit: 20,
  required_state: [...listState, [EventType.RoomPinnedEvents, ''], [EventType.RoomServerAcl, '']],
};

function roomList(end: number): MSC3575List {
  return { ranges: [[0, end]], timeline_limit: 1, required_state: listState };
}

/** How far the room list has come: rooms the window covers, of how many the server has. */
export interface RoomListProgress {
  readonly covered: number;
  readonly total: number | null;
}

export class SlidingRoomList {
  readonly slidingSync: SlidingSync;
  private end = firstWindow - 1;
  private total: number | null = null;
  private readonly followed = new Map<string, number>();

  constructor(client: MatrixClient) {
    this.slidingSync = new SlidingSync(client.baseUrl, new Map([[listName, roomList(this.end)]]), openRoomSubscription, reportingFailures(client), pollMs);
    this.slidingSync.on(SlidingSyncEvent.Lifecycle, (state, response) => {
      if (state !== SlidingSyncState.Complete) return;
      for (const roomId of Object.keys(response?.rooms ?? {})) recount(client, client.getRoom(roomId));
      this.grow();
    });
    client.on(RoomEvent.Receipt, (_event, room) => recount(client, room));
    client.on(MatrixEventEvent.Decrypted, (event) => recount(client, client.getRoom(event.getRoomId())));
  }

  progress(): RoomListProgress {
    return { covered: this.total === null ? 0 : Math.min(this.end + 1, this.total), total: this.total };
  }

  /** Subscribes to a room while it is open (the returned function ends that); rooms open twice stay subscribed until both end. */
  follow(roomId: string): () => void {
    this.followed.set(roomId, (this.followed.get(roomId) ?? 0) + 1);
    this.resubscribe();
    let followed = true;
    return () => {
      if (!followed) return;
      followed = false;
      const count = this.followed.get(roomId)! - 1;
      if (count > 0) this.followed.set(roomId, count);
      else this.followed.delete(roomId);
      this.resubscribe();
    };
  }

  private resubscribe(): void {
    this.slidingSync.modifyRoomSubscriptions(new Set(this.followed.keys()));
  }

  /** After each response: while the server has rooms beyond the window, the window grows (new rooms come in at the top). */
  private grow(): void {
    const total = this.slidingSync.getListData(listName)?.joinedCount ?? 0;
    this.total = total;
    if (this.end + 1 >= total) return;
    this.end = Math.min(total, (this.end + 1) * growth) - 1;
    this.slidingSync.setListRanges(listName, [[0, this.end]]);
  }
}

/**
 * Synapse's sliding sync sends every room's notification counts as 0 (not implemented
 * there), so they are counted here, as classic sync's server does: the events after the
 * person's read receipt (or own last message) whose push rules notify or highlight.
 * Only the events the client has count: a room not yet opened since the start has its
 * latest one.
 */
function recount(client: MatrixClient, room: Room | null): void {
  if (!room) return;
  const userId = client.getSafeUserId();
  const events = room.getLiveTimeline().getEvents();
  let total = 0;
  let highlight = 0;
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    const eventId = event.getId();
    if (!eventId || event.isSending()) continue;
    if (event.getSender() === userId || room.hasUserReadEvent(userId, eventId)) break;
    const actions = client.getPushActionsForEvent(event);
    if (actions?.notify) total += 1;
    if (actions?.tweaks?.highlight) highlight += 1;
  }
  room.setUnreadNotificationCount(NotificationCountType.Total, total);
  room.setUnreadNotificationCount(NotificationCountType.Highlight, highlight);
}

/**
 * The SDK's sliding sync waits and retries after a failed request without saying so when
 * the failure has no HTTP status (no connection): the session would look online. Such a
 * failure is passed on with a status of its own (not 400, which would restart the
 * connection), so the SDK reports Reconnecting, and the offline banner and outbox follow.
 */
function reportingFailures(client: MatrixClient): MatrixClient {
  const request: MatrixClient['slidingSync'] = (body, baseUrl, signal) =>
    client.slidingSync(body, baseUrl, signal).catch((error: unknown) => {
      if (error instanceof ConnectionError) throw Object.assign(error, { httpStatus: noConnectionStatus });
      throw error;
    });
  // SlidingSync asks its client for nothing but the request.
  return { slidingSync: request } as unknown as MatrixClient;
}

/** Nginx's "client closed request": a status no homeserver sends for a sync. */
const noConnectionStatus = 499;
