/**
 * "Export for the files" of one room: loads the room's history back to the start of the
 * chosen days, builds the xdomea package (records/record-package.ts) and has main save
 * it, telling the person each step and where the file went. Belongs to its RoomViewModel.
 */
import { Direction, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import type { RecordSaveOutcome } from '../../../shared/bridge';
import type { Translate } from '../i18n/translate';
import type { AttachedMedia } from '../matrix/attachment-content';
import { messagesInScope } from '../records/record-from-room';
import type { RecordScope } from '../records/case-record';
import type { PdfFonts } from '../records/record-pdf';
import type { MessageOrigins } from './message-origins';
import { Observable } from './observable';

/** What the export asks of the desktop (the bridge in the app). */
export interface RecordsPort {
  /** `export.enabled`; false when policy cannot be read (fails closed). */
  enabled(): Promise<boolean>;
  save(name: string, bytes: Uint8Array<ArrayBuffer>, summary: { roomId: string; scope: 'range' | 'selection'; messages: number; undecryptable: number; attachments: number }): Promise<RecordSaveOutcome>;
  attachment(media: AttachedMedia): Promise<Uint8Array | null>;
  fonts(): Promise<PdfFonts>;
  application(): Promise<{ name: string; version: string }>;
}

export interface ExportRequest {
  readonly fileReference: string;
  readonly title: string;
  /** Calendar days `YYYY-MM-DD` in the person's time zone, both included. */
  readonly from: string;
  readonly to: string;
}

export type ExportProblem = 'missing-reference' | 'missing-title' | 'bad-range' | 'empty' | 'none-chosen' | 'too-long' | 'forbidden' | 'failed';

/** A message of the chosen days the person may pick for a selection. */
export interface ExportCandidate {
  readonly eventId: string;
  readonly sender: string;
  readonly at: number;
  /** Its latest text (or file name), shortened; null when deleted or undecryptable. */
  readonly text: string | null;
  readonly state: 'readable' | 'deleted' | 'undecryptable';
}

export type ExportStage =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'attachments'; readonly done: number; readonly total: number }
  | { readonly kind: 'writing' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly name: string; readonly messages: number; readonly attachments: number; readonly undecryptable: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'problem'; readonly problem: ExportProblem };

export interface ExportSnapshot {
  /** Whether policy lets the person export at all: the menu offers it only then. */
  readonly enabled: boolean;
  readonly stage: ExportStage;
  readonly timeZone: string;
  /** The messages of the chosen days, once the person asked to pick some; null for the whole days. */
  readonly candidates: readonly ExportCandidate[] | null;
}

/** How many pages of history are loaded at most to reach the start of the chosen days. */
const maxHistoryPages = 500;
const historyPageSize = 100;
const day = /^\d{4}-\d{2}-\d{2}$/;
/** How much of a message the list of messages to pick from shows. */
const candidateLength = 140;

export interface RecordExportContext {
  readonly client: MatrixClient;
  readonly room: Room;
  readonly origins: MessageOrigins;
  readonly port: RecordsPort;
  readonly neutraliseName: (name: string) => string;
  readonly direct: () => boolean;
  readonly now?: () => number;
  readonly timeZone?: string;
}

export class RecordExportViewModel extends Observable<ExportSnapshot> {
  private readonly now: () => number;

  constructor(private readonly context: RecordExportContext) {
    super({ enabled: false, stage: { kind: 'idle' }, timeZone: context.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, candidates: null });
    this.now = context.now ?? Date.now;
    void this.readPolicy();
  }

  /** Back to the form (the dialog opened again). */
  reset(): void {
    // A list of messages from an earlier opening may miss what came since: the whole days again.
    if (!this.busy) this.set({ ...this.value, stage: { kind: 'idle' }, candidates: null });
    void this.readPolicy();
  }

  get busy(): boolean {
    return ['loading', 'attachments', 'writing', 'saving'].includes(this.value.stage.kind);
  }

  /** Lists the messages of the chosen days so the person can pick which go to the files. */
  async listMessages(days: Pick<ExportRequest, 'from' | 'to'>): Promise<void> {
    if (this.busy) return;
    if (!validDays(days)) return this.stage({ kind: 'problem', problem: 'bad-range' });
    const { from, to } = dayBounds(days);
    try {
      this.stage({ kind: 'loading' });
      const events = messagesInScope(await this.loadedSince(from), { kind: 'range', from, to });
      if (events.length === 0) return this.stage({ kind: 'problem', problem: 'empty' });
      if (!this.disposed) this.set({ ...this.value, stage: { kind: 'idle' }, candidates: events.map((event) => this.candidate(event)) });
    } catch (error) {
      this.stage({ kind: 'problem', problem: problemOf(error) });
    }
  }

  /** Back to exporting the whole days. */
  allMessages(): void {
    if (!this.busy) this.set({ ...this.value, stage: { kind: 'idle' }, candidates: null });
  }

  /**
   * Exports the messages of the chosen days, or only `chosen` of them when the person
   * picked (listMessages); `t` writes the PDF in the person's language.
   */
  async start(request: ExportRequest, t: Translate, chosen: readonly string[] | null = null): Promise<void> {
    if (this.busy) return;
    const problem = checked(request) ?? (chosen?.length === 0 ? 'none-chosen' : null);
    if (problem) return this.stage({ kind: 'problem', problem });
    const { from, to } = dayBounds(request);
    const { client, room, port } = this.context;
    try {
      if (!(await port.enabled())) return this.stage({ kind: 'problem', problem: 'forbidden' });
      this.stage({ kind: 'loading' });
      await this.loadedSince(from);
      const scope: RecordScope = chosen ? { kind: 'selection', eventIds: chosen } : { kind: 'range', from, to };
      if (messagesInScope(room.getLiveTimeline().getEvents(), scope).length === 0) return this.stage({ kind: 'problem', problem: 'empty' });
      const origins = await this.context.origins.current();
      const userId = client.getSafeUserId();
      // pdf-lib, fontkit and fflate load with the first export, not with the workspace.
      const { recordPackage } = await import('../records/record-package');
      const built = await recordPackage(
        {
          room,
          direct: this.context.direct(),
          events: room.getLiveTimeline().getEvents(),
          origins,
          neutraliseName: this.context.neutraliseName,
          export: {
            by: userId,
            byName: this.context.neutraliseName(room.getMember(userId)?.name ?? userId),
            at: this.now(),
            timeZone: this.value.timeZone,
            scope,
            fileReference: request.fileReference.trim(),
            title: request.title.trim(),
            application: await port.application(),
          },
        },
        {
          attachment: (media) => port.attachment(media),
          fonts: () => port.fonts(),
          t,
          uuid: () => crypto.randomUUID(),
          onAttachments: (done, total) => this.stage(done < total ? { kind: 'attachments', done, total } : { kind: 'writing' }),
        },
      );
      const { messages } = built.record;
      const summary = {
        messages: messages.length,
        attachments: messages.filter((message) => message.attachment?.part).length,
        undecryptable: messages.filter((message) => message.undecryptable).length,
      };
      this.stage({ kind: 'saving' });
      const saved = await port.save(built.name, built.bytes, { roomId: room.roomId, scope: scope.kind, ...summary });
      this.stage(saved.outcome === 'saved' ? { kind: 'saved', name: saved.name, ...summary } : { kind: 'cancelled' });
    } catch (error) {
      this.stage({ kind: 'problem', problem: problemOf(error) });
    }
  }

  private stage(stage: ExportStage): void {
    if (!this.disposed) this.set({ ...this.value, stage });
  }

  private async readPolicy(): Promise<void> {
    const enabled = await this.context.port.enabled().catch(() => false);
    if (!this.disposed && enabled !== this.value.enabled) this.set({ ...this.value, enabled });
  }

  /** The room's events back to `from`, with those still being decrypted waited for: a record lists a message as undecryptable only when it is. */
  private async loadedSince(from: number): Promise<MatrixEvent[]> {
    const { client, room } = this.context;
    // A record that silently began later than asked would mislead: better no record.
    if (!(await this.loadHistorySince(from))) throw new Error('too-long');
    const events = room.getLiveTimeline().getEvents();
    await Promise.all(events.map((event) => client.decryptEventIfNeeded(event).catch(() => undefined)));
    return events;
  }

  private candidate(event: MatrixEvent): ExportCandidate {
    const sender = event.getSender() ?? '';
    const base = { eventId: event.getId()!, sender: this.context.neutraliseName(event.sender?.name ?? sender), at: event.getTs() };
    if (event.isRedacted()) return { ...base, text: null, state: 'deleted' };
    if (event.isDecryptionFailure()) return { ...base, text: null, state: 'undecryptable' };
    const content = this.context.room.findEventById(event.getId()!)?.replacingEvent()?.getContent()['m.new_content'] ?? event.getContent();
    const body = typeof content.body === 'string' ? content.body : '';
    return { ...base, text: body.length > candidateLength ? `${body.slice(0, candidateLength)}…` : body, state: 'readable' };
  }

  /** Pages back until the timeline reaches before `from` or the start of the room; false if it gave up first. */
  private async loadHistorySince(from: number): Promise<boolean> {
    const { client, room } = this.context;
    for (let page = 0; page < maxHistoryPages; page += 1) {
      const timeline = room.getLiveTimeline();
      const oldest = timeline.getEvents()[0];
      if ((oldest && oldest.getTs() < from) || timeline.getPaginationToken(Direction.Backward) === null) return true;
      if (!(await client.paginateEventTimeline(timeline, { backwards: true, limit: historyPageSize }))) return true;
    }
    return false;
  }
}

function problemOf(error: unknown): ExportProblem {
  const code = error instanceof Error ? error.message : '';
  return code === 'policy-forbidden' ? 'forbidden' : code === 'too-long' ? 'too-long' : 'failed';
}

function checked(request: ExportRequest): ExportProblem | null {
  if (!request.fileReference.trim()) return 'missing-reference';
  if (!request.title.trim()) return 'missing-title';
  if (!validDays(request)) return 'bad-range';
  return null;
}

function validDays({ from, to }: Pick<ExportRequest, 'from' | 'to'>): boolean {
  return day.test(from) && day.test(to) && from <= to;
}

/** The first and last millisecond of the chosen days, in the person's time zone. */
function dayBounds({ from, to }: Pick<ExportRequest, 'from' | 'to'>): { from: number; to: number } {
  return { from: new Date(`${from}T00:00:00`).getTime(), to: new Date(`${to}T23:59:59.999`).getTime() };
}
