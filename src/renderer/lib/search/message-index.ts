/**
 * The local full-text index of the messages this device has read (decrypted ones
 * included): MiniSearch, an inverted index in plain JavaScript with prefix search,
 * stored fields, filters and JSON snapshots. Words are folded (text-folding.ts) on the
 * way in and on the way out, and a query word matches any word it begins, so
 * "Bescheid" finds "Bescheide". Every word of a query must be found (AND).
 *
 * An edit replaces the text of the message it edits (the sender must be the same); a
 * redaction removes the message. An edit can arrive before the message it edits (history
 * is read newest first): the message then takes its place under the original's id and
 * keeps the newer text when the original comes.
 */
import MiniSearch, { type Options } from 'minisearch';
import { foldedWords } from './text-folding';

export interface IndexedMessage {
  readonly eventId: string;
  readonly roomId: string;
  readonly sender: string;
  /** When it was sent (ms since the epoch): the original's time, also after an edit. */
  readonly ts: number;
  readonly body: string;
  /** When its latest edit was sent; absent while unedited. */
  readonly editedTs?: number;
}

export interface SearchQuery {
  readonly text: string;
  /** Only this room; all rooms when absent. */
  readonly roomId?: string;
  readonly sender?: string;
  /** Inclusive bounds on the send time, ms since the epoch. */
  readonly from?: number;
  readonly to?: number;
}

export interface SearchHit extends IndexedMessage {
  readonly score: number;
}

interface Stored {
  readonly id: string;
  readonly roomId: string;
  readonly sender: string;
  readonly ts: number;
  readonly body: string;
  readonly editedTs?: number;
}

const options: Options<Stored> = {
  fields: ['body'],
  storeFields: ['roomId', 'sender', 'ts', 'body', 'editedTs'],
  tokenize: foldedWords,
  // The words are folded by tokenize already.
  processTerm: (term) => term,
  searchOptions: { prefix: true, combineWith: 'AND' },
};

/** The most hits one query returns: enough to scroll, not enough to stall the list. */
export const hitLimit = 200;

export class MessageIndex {
  private readonly engine: MiniSearch<Stored>;

  private constructor(engine: MiniSearch<Stored>) {
    this.engine = engine;
  }

  static empty(): MessageIndex {
    return new MessageIndex(new MiniSearch(options));
  }

  /** An index from `toJSON`; throws on anything else. */
  static fromJSON(json: string): MessageIndex {
    return new MessageIndex(MiniSearch.loadJSON(json, options));
  }

  get size(): number {
    return this.engine.documentCount;
  }

  has(eventId: string): boolean {
    return this.engine.has(eventId);
  }

  /** A message as sent. If an edit of it came first, the edit's text stays and the original's time is taken. */
  add(message: IndexedMessage): void {
    const known = this.stored(message.eventId);
    if (!known) return this.engine.add(toStored(message));
    if (known.editedTs === undefined) return;
    // An "edit" from someone else, or from another room, that came first was never an edit of this message.
    if (known.sender !== message.sender || known.roomId !== message.roomId) return this.engine.replace(toStored(message));
    this.engine.replace({ ...known, ts: message.ts });
  }

  /** An edit of `eventId` with its new text, sent by `sender` at `ts`. Older edits than the one indexed, and edits by others, are ignored. */
  edit(eventId: string, edit: { readonly roomId: string; readonly sender: string; readonly ts: number; readonly body: string }): void {
    const known = this.stored(eventId);
    if (!known) return this.engine.add({ id: eventId, roomId: edit.roomId, sender: edit.sender, ts: edit.ts, body: edit.body, editedTs: edit.ts });
    if (known.sender !== edit.sender || known.roomId !== edit.roomId || (known.editedTs ?? -Infinity) > edit.ts) return;
    this.engine.replace({ ...known, body: edit.body, editedTs: edit.ts });
  }

  remove(eventId: string): void {
    if (this.engine.has(eventId)) this.engine.discard(eventId);
  }

  search(query: SearchQuery): SearchHit[] {
    if (foldedWords(query.text).length === 0) return [];
    const { roomId, sender, from, to } = query;
    const results = this.engine.search(query.text, {
      filter: (result) =>
        (roomId === undefined || result.roomId === roomId) &&
        (sender === undefined || result.sender === sender) &&
        (from === undefined || (result.ts as number) >= from) &&
        (to === undefined || (result.ts as number) <= to),
    });
    return results.slice(0, hitLimit).map((result) => ({
      eventId: result.id as string,
      roomId: result.roomId as string,
      sender: result.sender as string,
      ts: result.ts as number,
      body: result.body as string,
      ...(result.editedTs === undefined ? {} : { editedTs: result.editedTs as number }),
      score: result.score,
    }));
  }

  toJSON(): string {
    return JSON.stringify(this.engine);
  }

  private stored(eventId: string): Stored | null {
    const fields = this.engine.getStoredFields(eventId);
    return fields ? ({ id: eventId, ...fields } as unknown as Stored) : null;
  }
}

function toStored({ eventId, ...rest }: IndexedMessage): Stored {
  return { id: eventId, ...rest };
}
