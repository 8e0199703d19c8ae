/**
 * Feeds the search index from the client: every message as it arrives or is decrypted
 * (the live timeline, pagination and the sync store alike), its edits and its
 * redaction; and, on request, a room's history read back from the server page by page
 * and decrypted with the keys this device has.
 */
import { Direction, EventType, MatrixEventEvent, RelationType, RoomEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import type { Disposables } from '../view-models/disposables';
import { withoutReplyFallback } from '../view-models/timeline-items';
import type { MessageIndex } from './message-index';

/** Takes one event into the index; true if the index changed. */
export function indexEvent(index: MessageIndex, event: MatrixEvent): boolean {
  const eventId = event.getId();
  const roomId = event.getRoomId();
  const sender = event.getSender();
  // Local echoes have no id of their own yet; the server's copy comes in the sync.
  if (!eventId || !roomId || !sender || event.status !== null || event.isState()) return false;
  if (event.isRedacted()) {
    const known = index.has(eventId);
    index.remove(eventId);
    return known;
  }
  if (event.getType() !== EventType.RoomMessage || event.isDecryptionFailure()) return false;
  // The content as sent: the SDK shows a replaced message's latest edit in getContent().
  const content = event.getOriginalContent();
  const relation = content['m.relates_to'];
  const ts = event.getTs();
  if (relation?.rel_type === RelationType.Replace && relation.event_id) {
    const body = (content['m.new_content'] as { body?: unknown } | undefined)?.body;
    if (typeof body !== 'string') return false;
    index.edit(relation.event_id, { roomId, sender, ts, body });
    return true;
  }
  if (typeof content.body !== 'string') return false;
  const body = relation?.['m.in_reply_to'] ? withoutReplyFallback(content.body) : content.body;
  index.add({ eventId, roomId, sender, ts, body });
  return true;
}

/** Follows the client into the index; `changed` is told after each change. */
export function followClient(client: MatrixClient, index: MessageIndex, own: Disposables, changed: () => void): void {
  const take = (event: MatrixEvent) => {
    if (indexEvent(index, event)) changed();
  };
  own.listen(client, RoomEvent.Timeline, take);
  own.listen(client, MatrixEventEvent.Decrypted, (event: MatrixEvent, error?: Error) => void (!error && take(event)));
  own.listen(client, RoomEvent.Redaction, (redaction: MatrixEvent) => {
    const redacted = redaction.getAssociatedId();
    if (!redacted || !index.has(redacted)) return;
    index.remove(redacted);
    changed();
  });
}

export interface HistoryProgress {
  readonly rooms: number;
  readonly roomsDone: number;
  /** Messages read from the history so far (over all rooms). */
  readonly messages: number;
}

const pageSize = 100;

/**
 * Reads the rooms' history back to their beginning into the index, one page at a time,
 * telling the progress after each; stops between pages once `stopped()` says so.
 */
export async function indexHistory(
  client: MatrixClient,
  index: MessageIndex,
  roomIds: readonly string[],
  progress: (progress: HistoryProgress) => void,
  stopped: () => boolean,
): Promise<void> {
  const mapper = client.getEventMapper();
  let messages = 0;
  for (const [done, roomId] of roomIds.entries()) {
    progress({ rooms: roomIds.length, roomsDone: done, messages });
    let from: string | null = null;
    do {
      if (stopped()) return;
      const page = await client.createMessagesRequest(roomId, from, pageSize, Direction.Backward);
      const events = page.chunk.map((raw) => mapper({ ...raw, room_id: roomId }));
      await Promise.all(events.map((event) => client.decryptEventIfNeeded(event)));
      for (const event of events) if (indexEvent(index, event)) messages += 1;
      progress({ rooms: roomIds.length, roomsDone: done, messages });
      from = page.chunk.length > 0 && page.end ? page.end : null;
    } while (from !== null);
  }
  progress({ rooms: roomIds.length, roomsDone: roomIds.length, messages });
}
