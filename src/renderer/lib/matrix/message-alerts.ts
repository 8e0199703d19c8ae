/**
 * Finds the new messages that the person's push rules say should notify them
 * (mentions, keywords, direct chats; muted rooms excluded), once decrypted.
 */
import { EventType, MatrixEventEvent, RelationType, RoomEvent, SyncState, type IRoomTimelineData, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { neutraliseLine, neutraliseName } from '../content/display-text';
import { Disposables, type Disposable } from '../view-models/disposables';

export interface MessageAlert {
  readonly roomId: string;
  readonly roomName: string;
  readonly sender: string;
  readonly body: string;
  /** The push rule that matched asks for a sound (its `sound` tweak). */
  readonly sound: boolean;
}

/**
 * A notification shows other people's text outside the app, where nothing else cleans
 * it: room and sender are neutralised as names are in the app, the message as one line.
 */
export function messageAlert(roomId: string, roomName: string, sender: { id: string; name: string }, body: string, sound = false): MessageAlert {
  return {
    sound,
    roomId,
    roomName: neutraliseName(roomName) || roomId,
    sender: neutraliseName(sender.name) || sender.id,
    body: neutraliseLine(body),
  };
}

/** Calls `onAlert` for each new message that should notify, until disposed. */
export function watchMessageAlerts(client: MatrixClient, onAlert: (alert: MessageAlert) => void): Disposable {
  const watching = new Disposables();
  const onTimeline = (event: MatrixEvent, room: Room | undefined, toStart: boolean | undefined, _removed: boolean, data: IRoomTimelineData) => {
    // Only live events that arrive while syncing normally: not history, not the initial sync's backlog.
    if (!room || toStart || !data.liveEvent || client.getSyncState() !== SyncState.Syncing) return;
    if (event.getSender() === client.getUserId()) return;
    const alertIfDue = () => {
      // An edit changes a message already seen; it is not news.
      if (event.getType() !== EventType.RoomMessage || event.isRedacted() || event.isRelation(RelationType.Replace)) return;
      // Push rules see the decrypted content: that is where mentions and keywords are.
      const actions = client.getPushActionsForEvent(event, true);
      if (!actions?.notify) return;
      const body = event.getContent().body;
      const senderId = event.getSender() ?? '';
      const sender = { id: senderId, name: room.getMember(senderId)?.name ?? '' };
      onAlert(messageAlert(room.roomId, room.name, sender, typeof body === 'string' ? body : '', Boolean(actions.tweaks.sound)));
    };
    void client.decryptEventIfNeeded(event).then(() => {
      // The room key can arrive after the message; alert once it decrypts.
      if (event.isDecryptionFailure()) event.once(MatrixEventEvent.Decrypted, () => !event.isDecryptionFailure() && alertIfDue());
      else alertIfDue();
    });
  };
  watching.listen(client, RoomEvent.Timeline, onTimeline);
  return watching;
}
