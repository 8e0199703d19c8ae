/**
 * The homeserver's public rooms, browsed and searched (`/publicRooms` with
 * `filter.generic_search_term`, a page at a time through `since`). Typing is debounced and an
 * answer to an older search is dropped; rooms the person has joined are marked, so choosing
 * one opens it instead of joining again.
 */
import { ClientEvent, KnownMembership, RoomEvent, type IPublicRoomsChunkRoom, type MatrixClient, type Room } from 'matrix-js-sdk';
import { neutraliseLine } from '../content/display-text';
import { Observable } from './observable';

export interface DirectoryRoom {
  readonly roomId: string;
  readonly name: string;
  readonly topic: string;
  readonly alias: string | null;
  readonly avatar: string | null;
  readonly memberCount: number;
  readonly joined: boolean;
}

export interface RoomDirectorySnapshot {
  readonly query: string;
  readonly status: 'loading' | 'ready' | 'failed';
  readonly rooms: readonly DirectoryRoom[];
  /** More rooms match than are shown: "Show more" asks for the next page. */
  readonly more: boolean;
}

const pageSize = 20;
const defaultDelayMs = 250;

export class RoomDirectory extends Observable<RoomDirectorySnapshot> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private nextBatch: string | undefined;

  constructor(
    private readonly client: MatrixClient,
    private readonly neutraliseName: (name: string) => string,
    private readonly delayMs = defaultDelayMs,
  ) {
    super({ query: '', status: 'loading', rooms: [], more: false });
    this.disposables.add(() => clearTimeout(this.timer));
    // A room joined meanwhile (here or elsewhere) offers to open instead; a room new to this
    // client is announced as it arrives, a known one by its membership.
    const rejoined = (room: Room) => {
      if (!this.value.rooms.some((listed) => listed.roomId === room.roomId)) return;
      this.set({ ...this.value, rooms: this.value.rooms.map((listed) => (listed.roomId === room.roomId ? { ...listed, joined: this.joined(listed.roomId) } : listed)) });
    };
    this.listen(client, RoomEvent.MyMembership, rejoined);
    this.listen(client, ClientEvent.Room, rejoined);
    void this.load(++this.generation, false);
  }

  setQuery(text: string): void {
    if (this.disposed || text === this.value.query) return;
    clearTimeout(this.timer);
    const generation = ++this.generation;
    this.set({ query: text, status: 'loading', rooms: [], more: false });
    this.timer = setTimeout(() => void this.load(generation, false), this.delayMs);
  }

  /** The next page of the same search. */
  async showMore(): Promise<void> {
    if (!this.value.more || this.value.status === 'loading') return;
    this.set({ ...this.value, status: 'loading' });
    await this.load(this.generation, true);
  }

  private async load(generation: number, more: boolean): Promise<void> {
    const term = this.value.query.trim();
    try {
      const page = await this.client.publicRooms({
        limit: pageSize,
        ...(more && this.nextBatch ? { since: this.nextBatch } : {}),
        ...(term ? { filter: { generic_search_term: term } } : {}),
      });
      if (generation !== this.generation || this.disposed) return;
      this.nextBatch = page.next_batch;
      const rooms = page.chunk.map((room) => this.roomOf(room));
      this.set({ ...this.value, status: 'ready', rooms: more ? [...this.value.rooms, ...rooms] : rooms, more: Boolean(page.next_batch) });
    } catch {
      if (generation !== this.generation || this.disposed) return;
      this.set({ ...this.value, status: 'failed' });
    }
  }

  private roomOf(room: IPublicRoomsChunkRoom): DirectoryRoom {
    const alias = room.canonical_alias ?? room.aliases?.[0] ?? null;
    const name = this.neutraliseName(room.name ?? '') || alias || room.room_id;
    return {
      roomId: room.room_id,
      name,
      topic: room.topic ? neutraliseLine(room.topic) : '',
      alias,
      avatar: room.avatar_url?.startsWith('mxc://') ? room.avatar_url : null,
      memberCount: room.num_joined_members,
      joined: this.joined(room.room_id),
    };
  }

  private joined(roomId: string): boolean {
    return this.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
  }
}
