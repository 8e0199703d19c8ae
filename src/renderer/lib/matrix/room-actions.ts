/**
 * Creating and joining rooms. Every room and direct chat Depesche creates is
 * end-to-end encrypted from its first event; there is no way to create one without.
 */
import { EventType, KnownMembership, Preset, Visibility, type MatrixClient } from 'matrix-js-sdk';

const encryption = {
  type: EventType.RoomEncryption,
  state_key: '',
  content: { algorithm: 'm.megolm.v1.aes-sha2' },
};

export interface NewRoom {
  readonly name: string;
  readonly topic: string;
  readonly invite: readonly string[];
}

export async function createEncryptedRoom(client: MatrixClient, room: NewRoom): Promise<string> {
  const { room_id: roomId } = await client.createRoom({
    name: room.name.trim() || undefined,
    topic: room.topic.trim() || undefined,
    invite: [...room.invite],
    preset: Preset.PrivateChat,
    visibility: Visibility.Private,
    initial_state: [encryption],
  });
  return roomId;
}

export async function startDirectChat(client: MatrixClient, userId: string): Promise<string> {
  const { room_id: roomId } = await client.createRoom({
    is_direct: true,
    invite: [userId],
    preset: Preset.TrustedPrivateChat,
    visibility: Visibility.Private,
    initial_state: [encryption],
  });
  // m.direct is how every client tells direct chats apart from rooms.
  const direct = (client.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>;
  await client.setAccountData(EventType.Direct, { ...direct, [userId]: [...(direct[userId] ?? []), roomId] });
  return roomId;
}

/**
 * A direct chat with this person (m.direct) that the person has joined and they are in too,
 * the most recent first; null when there is none. Verification requests travel in one both
 * have joined (someone only invited would not see them); starting a chat also reuses one
 * where the other person is still invited.
 */
export async function existingDirectChat(client: MatrixClient, userId: string, theirs: readonly string[] = [KnownMembership.Join]): Promise<string | null> {
  const direct = (client.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>;
  const joined = (direct[userId] ?? []).map((roomId) => client.getRoom(roomId)).filter((room) => room?.getMyMembership() === KnownMembership.Join);
  const shared = [];
  for (const room of joined) {
    // With lazy-loaded members the other person may not be known until the list is loaded.
    await room!.loadMembersIfNeeded();
    if (theirs.includes(room!.getMember(userId)?.membership ?? '')) shared.push(room!);
  }
  shared.sort((a, b) => b.getLastActiveTimestamp() - a.getLastActiveTimestamp());
  return shared[0]?.roomId ?? null;
}

/** Invites each person in turn; the ones the server refused are returned (empty when all went out). */
export async function inviteAll(client: MatrixClient, roomId: string, userIds: readonly string[]): Promise<string[]> {
  const refused: string[] = [];
  for (const userId of userIds) await client.invite(roomId, userId).catch(() => refused.push(userId));
  return refused;
}
