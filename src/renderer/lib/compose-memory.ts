/**
 * Keeps what the person has written but the server does not have yet, per account:
 * composer drafts per room and the outbox of queued messages. Both hold message
 * text in plaintext in the app's local storage (in the profile folder), deliberately:
 * it is text the person typed on this machine and that has not been sent, the same
 * kind of data as a draft, and losing it to a reload or a dropped connection is the
 * greater harm. It is kept no longer than needed: a draft goes when it is sent or
 * emptied, a queued message once the server has accepted it, and everything of an
 * account when it signs out (kiosk sessions wipe all storage on exit). The SDK's own
 * pending-event store is not used: it is not per account and keeps no unencrypted
 * messages of encrypted rooms, so those would be lost.
 */
import type { DraftMemory } from './view-models/chat-view-model';
import type { OutboxMemory, QueuedMessage } from './view-models/outbox';

const draftsKey = (userId: string) => `depesche:drafts:${userId}`;
const outboxKey = (userId: string) => `depesche:outbox:${userId}`;

export function storedDrafts(storage: Storage, userId: string): DraftMemory {
  const key = draftsKey(userId);
  const load = (): Record<string, string> => {
    const parsed = parse(storage.getItem(key));
    if (!isRecord(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  };
  return {
    load: (roomId) => load()[roomId] ?? '',
    save(roomId, text) {
      const drafts = load();
      if (text.trim()) drafts[roomId] = text;
      else delete drafts[roomId];
      if (Object.keys(drafts).length > 0) storage.setItem(key, JSON.stringify(drafts));
      else storage.removeItem(key);
    },
  };
}

export function storedOutbox(storage: Storage, userId: string): OutboxMemory {
  const key = outboxKey(userId);
  return {
    load: () => {
      const parsed = parse(storage.getItem(key));
      return Array.isArray(parsed) ? parsed.filter(isQueuedMessage) : [];
    },
    save: (messages) => (messages.length > 0 ? storage.setItem(key, JSON.stringify(messages)) : storage.removeItem(key)),
  };
}

/** Signing out forgets the account's drafts and unsent messages. */
export function forgetComposing(storage: Storage, userId: string): void {
  storage.removeItem(draftsKey(userId));
  storage.removeItem(outboxKey(userId));
}

function parse(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Local storage is ours, but a damaged entry must not stop the others from being sent. */
function isQueuedMessage(value: unknown): value is QueuedMessage {
  if (!isRecord(value) || !isRecord(value.content)) return false;
  return (
    typeof value.roomId === 'string' &&
    value.roomId.startsWith('!') &&
    typeof value.txnId === 'string' &&
    value.txnId.length > 0 &&
    typeof value.queuedAt === 'number' &&
    typeof value.content.msgtype === 'string' &&
    typeof value.content.body === 'string'
  );
}
