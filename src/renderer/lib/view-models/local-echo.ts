/**
 * Local echo in one place. On its way out, a message of the person's is held by up to
 * three sources, at times by two at once: the outbox (queued while offline, refused by
 * the server), the SDK's pending events (on the wire, sent, failed) and the room's
 * timeline (the server's copy, the remote echo). The timeline shows it once, from the
 * source furthest along, and under one key for the whole way (its transaction id), so
 * its row is never shown twice and never falls back to an earlier state.
 */
import { EventStatus, type MatrixEvent } from 'matrix-js-sdk';
import type { OutboxEntry } from './outbox';

/** What one row of the timeline is made from: a room event, or a message still in the outbox. */
export type TimelineSource =
  | { readonly key: string; readonly event: MatrixEvent; readonly queued?: undefined }
  | { readonly key: string; readonly queued: OutboxEntry; readonly event?: undefined };

/** The id the SDK gives a local echo; queued messages use it too, so a message keeps its key from queued to sent. */
export function localEventId(roomId: string, txnId: string): string {
  return `~${roomId}:${txnId}`;
}

/**
 * The transaction id this device sent an event under: on the local echo, and on the
 * server's copy (`unsigned.transaction_id`, which the server gives only to the sending device).
 */
export function transactionOf(event: MatrixEvent): string | undefined {
  return event.getTxnId() ?? event.getUnsigned().transaction_id;
}

/** The key an event's row keeps: from its transaction id where this device sent it, else its event id. */
export function echoKey(event: MatrixEvent): string {
  const txnId = transactionOf(event);
  const roomId = event.getRoomId();
  return txnId && roomId ? localEventId(roomId, txnId) : (event.getId() ?? '');
}

/**
 * The room's events in timeline order, then the SDK's pending events, then the outbox's
 * messages the server does not have yet, each message once. The server's copy wins over
 * everything; a pending event the server accepted wins over the outbox, which still says
 * "sending" until its request returns; otherwise the outbox's state wins over a pending
 * event left by an earlier attempt (it may say "failed" while the outbox has it queued again).
 */
export function timelineSources(timeline: readonly MatrixEvent[], pending: readonly MatrixEvent[], outbox: readonly OutboxEntry[]): TimelineSource[] {
  const sources: TimelineSource[] = [];
  const arrived = new Set<string>();
  for (const event of timeline) {
    const txnId = transactionOf(event);
    if (txnId) arrived.add(txnId);
    sources.push({ key: echoKey(event), event });
  }
  for (const event of pending) {
    const txnId = transactionOf(event);
    if (txnId && event.status === EventStatus.SENT) arrived.add(txnId);
  }
  const queued = outbox.filter((entry) => !arrived.has(entry.txnId));
  const held = new Set(queued.map((entry) => entry.txnId));
  for (const event of pending) {
    if (!held.has(transactionOf(event) ?? '')) sources.push({ key: echoKey(event), event });
  }
  for (const entry of queued) sources.push({ key: localEventId(entry.roomId, entry.txnId), queued: entry });
  return sources;
}
