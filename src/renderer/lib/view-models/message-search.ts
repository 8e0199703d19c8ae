/**
 * Search over the messages: the device's own index of everything it has read (the only
 * way to search encrypted rooms, whose text the server never sees), merged with the
 * server's search of the unencrypted rooms, without duplicates (the device's copy wins:
 * it knows the latest edit). Filters by room, sender and date; results newest first,
 * each with its context, and a way to the message in its room's timeline. The index
 * grows as messages are decrypted, and reads a room's older history on request.
 */
import { KnownMembership, type MatrixClient, type Room } from 'matrix-js-sdk';
import { highlightParts, type TextPart } from '../search/highlight';
import { followClient, indexHistory, type HistoryProgress } from '../search/message-indexer';
import { hitLimit, type SearchQuery } from '../search/message-index';
import type { IndexStore } from '../search/sealed-index-store';
import { foldedWords } from '../search/text-folding';
import { Observable } from './observable';

export interface SearchFilters {
  readonly text: string;
  /** Only this room, or all rooms when null. */
  readonly roomId: string | null;
  readonly sender: string | null;
  /** Local calendar days as YYYY-MM-DD (what a date field gives), inclusive; '' for open. */
  readonly fromDay: string;
  readonly toDay: string;
}

export interface SearchResult {
  readonly eventId: string;
  readonly roomId: string;
  readonly roomName: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly ts: number;
  readonly parts: readonly TextPart[];
  /** Where it was found: this device's index or the server's search. */
  readonly source: 'device' | 'server';
}

export interface SearchSnapshot {
  readonly filters: SearchFilters;
  readonly results: readonly SearchResult[];
  /** The server's part of the search is under way. */
  readonly searching: boolean;
  /** The server's search of unencrypted rooms failed: what is shown is this device's alone. */
  readonly serverFailed: boolean;
  /** Reading older messages into the index: its progress, or null when not running. */
  readonly history: HistoryProgress | null;
  /** The last reading of older messages stopped on a server error. */
  readonly historyFailed: boolean;
  /** How many messages the index holds. */
  readonly indexed: number;
}

/** What the search needs of the workspace. */
export interface SearchHost {
  neutraliseName(name: string): string;
  /** Opens the message in its room's timeline. */
  showMessage(roomId: string, eventId: string): void;
}

export const noFilters: SearchFilters = { text: '', roomId: null, sender: null, fromDay: '', toDay: '' };

export class MessageSearch extends Observable<SearchSnapshot> {
  private generation = 0;
  private historyRun = 0;

  constructor(
    private readonly client: MatrixClient,
    private readonly store: IndexStore,
    private readonly host: SearchHost,
  ) {
    super({ filters: noFilters, results: [], searching: false, serverFailed: false, history: null, historyFailed: false, indexed: store.index.size });
    followClient(client, store.index, this.disposables, () => {
      store.changed();
      if (this.value.indexed !== store.index.size) this.set({ ...this.value, indexed: store.index.size });
    });
    this.disposables.add(() => (this.historyRun += 1));
  }

  /** The people who can be picked as sender: members of the room, or of every joined room. */
  senders(roomId: string | null): { readonly userId: string; readonly name: string }[] {
    const rooms = roomId ? [this.client.getRoom(roomId)].filter((room): room is Room => room !== null) : this.joinedRooms();
    const names = new Map<string, string>();
    for (const room of rooms) for (const member of room.getJoinedMembers()) if (!names.has(member.userId)) names.set(member.userId, this.host.neutraliseName(member.name));
    return [...names].map(([userId, name]) => ({ userId, name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Searches with these filters: the device's hits at once, the server's merged in when they come. */
  async search(filters: SearchFilters): Promise<void> {
    const generation = (this.generation += 1);
    const query = queryOf(filters);
    const words = foldedWords(filters.text);
    const local = query ? newestFirst(this.store.index.search(query).map((hit) => this.result(hit, hit.body, 'device', words))) : [];
    const plain = query ? this.unencryptedRooms(filters.roomId) : [];
    this.set({ ...this.value, filters, results: local, searching: plain.length > 0, serverFailed: false });
    if (!query || plain.length === 0) return;
    try {
      const server = await this.serverSearch(query, plain, words);
      if (generation !== this.generation || this.disposed) return;
      this.set({ ...this.value, results: merged(local, server), searching: false });
    } catch {
      if (generation !== this.generation || this.disposed) return;
      this.set({ ...this.value, searching: false, serverFailed: true });
    }
  }

  open(result: SearchResult): void {
    this.host.showMessage(result.roomId, result.eventId);
  }

  /** Reads the older messages of the room (or of every joined encrypted room) into the index. */
  async indexHistory(roomId: string | null): Promise<void> {
    if (this.value.history) return;
    const run = (this.historyRun += 1);
    const rooms = roomId ? [roomId] : this.joinedRooms().filter((room) => room.hasEncryptionStateEvent()).map((room) => room.roomId);
    const live = () => run === this.historyRun && !this.disposed;
    let failed = false;
    this.set({ ...this.value, historyFailed: false });
    try {
      await indexHistory(this.client, this.store.index, rooms, (history) => live() && this.set({ ...this.value, history, indexed: this.store.index.size }), () => !live());
    } catch {
      failed = true;
    } finally {
      this.store.changed();
      if (live()) {
        this.set({ ...this.value, history: null, historyFailed: failed, indexed: this.store.index.size });
        void this.search(this.value.filters);
      }
    }
  }

  /** Stops reading history after the page under way. */
  stopHistory(): void {
    this.historyRun += 1;
    this.set({ ...this.value, history: null });
  }

  private joinedRooms(): Room[] {
    return this.client.getRooms().filter((room) => room.getMyMembership() === KnownMembership.Join);
  }

  private unencryptedRooms(roomId: string | null): string[] {
    const rooms = roomId ? [this.client.getRoom(roomId)].filter((room): room is Room => room !== null) : this.joinedRooms();
    return rooms.filter((room) => !room.hasEncryptionStateEvent()).map((room) => room.roomId);
  }

  private async serverSearch(query: SearchQuery, rooms: string[], words: readonly string[]): Promise<SearchResult[]> {
    const response = await this.client.search({
      body: {
        search_categories: {
          room_events: {
            search_term: query.text,
            filter: { rooms, ...(query.sender ? { senders: [query.sender] } : {}), limit: hitLimit },
            order_by: 'recent' as never,
          },
        },
      },
    });
    return (response.search_categories.room_events.results ?? []).flatMap(({ result: event }) => {
      const body = event.content?.body;
      const relation = event.content?.['m.relates_to'] as { rel_type?: string } | undefined;
      // An edit is found as its own event ("* new text"): the original is the message to show, and the device has it.
      if (typeof body !== 'string' || relation?.rel_type === 'm.replace' || this.store.index.has(event.event_id)) return [];
      const hit = { eventId: event.event_id, roomId: event.room_id, sender: event.sender, ts: event.origin_server_ts };
      if ((query.from !== undefined && hit.ts < query.from) || (query.to !== undefined && hit.ts > query.to)) return [];
      return [this.result(hit, body, 'server', words)];
    });
  }

  private result(
    hit: { readonly eventId: string; readonly roomId: string; readonly sender: string; readonly ts: number },
    body: string,
    source: SearchResult['source'],
    words: readonly string[],
  ): SearchResult {
    const room = this.client.getRoom(hit.roomId);
    const member = room?.getMember(hit.sender);
    return {
      eventId: hit.eventId,
      roomId: hit.roomId,
      roomName: this.host.neutraliseName(room?.name ?? hit.roomId),
      senderId: hit.sender,
      senderName: this.host.neutraliseName(member?.name ?? hit.sender),
      ts: hit.ts,
      parts: highlightParts(body, words),
      source,
    };
  }
}

/** The index's query for these filters, or null when there is no word to look for. */
export function queryOf(filters: SearchFilters): SearchQuery | null {
  if (foldedWords(filters.text).length === 0) return null;
  const from = dayStart(filters.fromDay);
  const to = dayStart(filters.toDay, 1);
  return {
    text: filters.text,
    ...(filters.roomId ? { roomId: filters.roomId } : {}),
    ...(filters.sender ? { sender: filters.sender } : {}),
    ...(from === null ? {} : { from }),
    // The whole last day counts: up to the start of the next.
    ...(to === null ? {} : { to: to - 1 }),
  };
}

/** The start of the local day (or of the one `later` days after it), in ms; null for no valid day. */
function dayStart(day: string, later = 0): number | null {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!parts) return null;
  return new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]) + later).getTime();
}

function merged(local: readonly SearchResult[], server: readonly SearchResult[]): SearchResult[] {
  const seen = new Set(local.map((result) => result.eventId));
  return newestFirst([...local, ...server.filter((result) => !seen.has(result.eventId))]);
}

function newestFirst(results: SearchResult[]): SearchResult[] {
  return results.sort((a, b) => b.ts - a.ts);
}
