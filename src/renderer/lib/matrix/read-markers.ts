/**
 * Marking a room read up to an event, as `privacy.readReceipts` allows: the read marker
 * and a receipt, public where others may see receipts, otherwise private
 * (`m.read.private`): the server still counts unread messages from it and the person's
 * other sessions follow, but no one else sees it.
 */
import type { MatrixClient, MatrixEvent } from 'matrix-js-sdk';

export async function markReadUpTo(client: MatrixClient, roomId: string, event: MatrixEvent, readReceipts: boolean): Promise<void> {
  const eventId = event.getId();
  if (!eventId) return;
  const [receipt, privateReceipt] = readReceipts ? [event, undefined] : [undefined, event];
  await client.setRoomReadMarkers(roomId, eventId, receipt, privateReceipt);
}
