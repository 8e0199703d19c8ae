/**
 * How far the others have read: each member's public read receipt (`m.read`) is shown on
 * the newest event it covers that the timeline shows (a receipt on a reaction shows on
 * the message before it). Left out: the person's own receipt, a receipt on the reader's
 * own message (sending it says as much), and receipts in threads, as the timeline shows
 * the main conversation.
 */
export interface Reader {
  readonly userId: string;
  readonly name: string;
}

/** A receipt as the SDK keeps it for an event. */
export interface ReceiptOnEvent {
  readonly userId: string;
  readonly type: string;
  readonly data?: { readonly thread_id?: string };
}

export interface ReceiptSource<E> {
  readonly ownUserId: string;
  readonly receiptsOn: (event: E) => readonly ReceiptOnEvent[];
  readonly senderOf: (event: E) => string | undefined;
  /** The key of the item an event shows as; undefined for events the timeline does not show. */
  readonly shownKey: (event: E) => string | undefined;
  readonly nameOf: (userId: string) => string;
}

/** Readers by item key, for the room's events oldest first. */
export function readersByKey<E>(events: readonly E[], source: ReceiptSource<E>): Map<string, readonly Reader[]> {
  const byKey = new Map<string, readonly Reader[]>();
  const placed = new Set<string>([source.ownUserId]);
  let waiting: Reader[] = [];
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    for (const receipt of source.receiptsOn(event)) {
      const thread = receipt.data?.thread_id;
      if (receipt.type !== 'm.read' || (thread !== undefined && thread !== 'main') || placed.has(receipt.userId)) continue;
      placed.add(receipt.userId);
      if (receipt.userId === source.senderOf(event)) continue;
      waiting.push({ userId: receipt.userId, name: source.nameOf(receipt.userId) });
    }
    const key = waiting.length > 0 ? source.shownKey(event) : undefined;
    if (key === undefined) continue;
    byKey.set(key, waiting.sort((a, b) => a.name.localeCompare(b.name)));
    waiting = [];
  }
  return byKey;
}
