/**
 * Finds the new messages that the person's push rules say should notify them
 * (mentions, keywords, direct chats; muted rooms excluded), once decrypted.
 */
import { EventType, MatrixEventEvent, RelationType, RoomEvent, SyncState, type IRoomTimelineData, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';

export interface MessageAlert {
  readonly roomId: string;
  readonly roomName: string;
  readonly sender: string;
  readonly body: string;
}

export function watchMessageAlerts(client: MatrixClient, onAlert: (alert: MessageAlert) => void): () => void {
  const onTimeline = (event: MatrixEvent, room: Room | undefined, toStart: boolean | undefined, _removed: boolean, data: IRoomTimelineData) => {
    // Only live events that arrive while syncing normally: not history, not the initial sync's backlog.
    if (!room || toStart || !data.liveEvent || client.getSyncState() !== SyncState.Syncing) return;
    if (event.getSender() === client.getUserId()) return;
    const alertIfDue = () => {
      // An edit changes a message already seen; it is not news.
      if (event.getType() !== EventType.RoomMessage || event.isRedacted() || event.isRelation(RelationType.Replace)) return;
      // Push rules see the decrypted content: that is where mentions and keywords are.
      if (!client.getPushActionsForEvent(event, true)?.notify) return;
      const body = event.getContent().body;
      onAlert({
        roomId: room.roomId,
        roomName: room.name,
        sender: room.getMember(event.getSender() ?? '')?.name ?? event.getSender() ?? '',
        body: typeof body === 'string' ? body : '',
      });
    };
    void client.decryptEventIfNeeded(event).then(() => {
      // The room key can arrive after the message; alert once it decrypts.
      if (event.isDecryptionFailure()) event.once(MatrixEventEvent.Decrypted, () => !event.isDecryptionFailure() && alertIfDue());
      else alertIfDue();
    });
  };
  client.on(RoomEvent.Timeline, onTimeline);
  return () => client.off(RoomEvent.Timeline, onTimeline);
}
