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
 * A direct chat with this person that both have joined, the most recent first; null when
 * there is none. Verification requests travel in it (someone only invited would not see them).
 */
export async function existingDirectChat(client: MatrixClient, userId: string): Promise<string | null> {
  const direct = (client.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>;
  const joined = (direct[userId] ?? []).map((roomId) => client.getRoom(roomId)).filter((room) => room?.getMyMembership() === KnownMembership.Join);
  const shared = [];
  for (const room of joined) {
    // With lazy-loaded members the other person may not be known until the list is loaded.
    await room!.loadMembersIfNeeded();
    if (room!.getMember(userId)?.membership === KnownMembership.Join) shared.push(room!);
  }
  shared.sort((a, b) => b.getLastActiveTimestamp() - a.getLastActiveTimestamp());
  return shared[0]?.roomId ?? null;
}

/** Splits "@a:x, @b:y" into valid-looking user ids; returns the rest separately so nothing is silently dropped. */
export function parseUserIds(text: string): { userIds: string[]; invalid: string[] } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const valid = /^@[^:\s]+:[^\s]+$/;
  return { userIds: parts.filter((part) => valid.test(part)), invalid: parts.filter((part) => !valid.test(part)) };
}
