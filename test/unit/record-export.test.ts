import { readFileSync } from 'node:fs';
import { EventType, MsgType, RelationType, type MatrixEvent } from 'matrix-js-sdk';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/renderer/lib/i18n/translate';
import type { RecordExport } from '../../src/renderer/lib/records/case-record';
import { caseRecord, messagesInScope } from '../../src/renderer/lib/records/record-from-room';
import { MessageOrigins } from '../../src/renderer/lib/view-models/message-origins';
import { RecordExportViewModel, type RecordsPort } from '../../src/renderer/lib/view-models/record-export-view-model';
import { FakeMatrixClient } from '../support/fake-matrix-client';

const bob = '@bob:land.example';
/** Embedding the font subset takes a few seconds on a busy machine. */
const pdfTimeout = 60_000;
const fonts = {
  regular: readFileSync('node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: readFileSync('node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** A room with a message, its reply, an edit, a deleted message, a file and an edit by someone else (not an edit). */
function conversation() {
  const client = new FakeMatrixClient('@erika:bund.example');
  const room = client.addRoom('!akte:bund.example', { name: 'Akte', members: [bob] });
  const add = (fields: Omit<Parameters<FakeMatrixClient['event']>[0], 'room_id'>): MatrixEvent => {
    const event = client.event({ room_id: room.roomId, ...fields });
    void room.addLiveEvents([event], { addToState: false });
    return event;
  };
  const first = add({ type: EventType.RoomMessage, sender: bob, content: { msgtype: MsgType.Text, body: 'Termin 14 Uhr' } });
  const reply = add({
    type: EventType.RoomMessage,
    sender: client.userId,
    content: { msgtype: MsgType.Text, body: 'Passt.', 'm.relates_to': { 'm.in_reply_to': { event_id: first.getId()! } } },
  });
  const replace = (target: MatrixEvent, sender: string, body: string) =>
    add({
      type: EventType.RoomMessage,
      sender,
      content: { msgtype: MsgType.Text, body: `* ${body}`, 'm.new_content': { msgtype: MsgType.Text, body }, 'm.relates_to': { rel_type: RelationType.Replace, event_id: target.getId()! } },
    });
  const edit = replace(first, bob, 'Termin 15 Uhr');
  replace(first, client.userId, 'Termin 16 Uhr');
  const deleted = add({ type: EventType.RoomMessage, sender: bob, content: {}, unsigned: { redacted_because: { sender: bob, origin_server_ts: Date.UTC(2026, 2, 2, 10), type: EventType.RoomRedaction, content: {} } as never } });
  const file = add({
    type: EventType.RoomMessage,
    sender: bob,
    content: { msgtype: MsgType.File, body: 'Plan.pdf', url: 'mxc://land.example/plan', info: { mimetype: 'application/pdf', size: 3 } },
  });
  return { client, room, first, reply, edit, deleted, file };
}

function exportOf(from: number, to: number): RecordExport {
  return {
    by: '@erika:bund.example',
    byName: 'erika',
    at: Date.UTC(2026, 2, 3),
    timeZone: 'Europe/Berlin',
    scope: { kind: 'range', from, to },
    fileReference: 'Az. 1',
    title: 'Akte',
    application: { name: 'Depesche', version: 'test' },
  };
}

describe('events to the record model', () => {
  it('keeps each message with every version, its reply link, its deletion and its attachment; edits by others are not edits', () => {
    const { client, room, first, reply, edit, deleted, file } = conversation();
    const record = caseRecord({
      room,
      direct: false,
      events: room.getLiveTimeline().getEvents(),
      origins: new Map(),
      neutraliseName: (name) => name,
      attachmentPart: (eventId) => (eventId === file.getId() ? 'uuid_Plan.pdf' : null),
      export: exportOf(0, Number.MAX_SAFE_INTEGER),
    });
    expect(record.messages.map(({ eventId }) => eventId)).toEqual([first, reply, deleted, file].map((event) => event.getId()));
    // Erika's "edit" of Bob's message is no edit (spec): neither a version nor a message; it stays in the raw events.
    const [original, answer, removed, attached] = record.messages;
    expect(original!.versions.map(({ eventId, body }) => ({ eventId, body }))).toEqual([
      { eventId: first.getId(), body: 'Termin 14 Uhr' },
      { eventId: edit.getId(), body: 'Termin 15 Uhr' },
    ]);
    expect(answer).toMatchObject({ replyTo: first.getId(), senderId: client.userId, trust: 'not-encrypted', undecryptable: null });
    expect(removed).toMatchObject({ versions: [], redaction: { by: bob, at: Date.UTC(2026, 2, 2, 10) } });
    expect(attached!.attachment).toEqual({ kind: 'file', name: 'Plan.pdf', mimetype: 'application/pdf', part: 'uuid_Plan.pdf' });
    expect(record.room).toMatchObject({ roomId: room.roomId, name: 'Akte', type: 'room', federated: true, encryption: null });
    expect(record.participants).toEqual([
      { userId: bob, server: 'land.example', organisation: 'land.example', displayName: 'bob' },
      { userId: client.userId, server: 'bund.example', organisation: 'bund.example', displayName: 'erika' },
    ]);
  });

  it('takes only the messages within the chosen instants, or the ones picked', () => {
    const { room, reply, file } = conversation();
    const events = room.getLiveTimeline().getEvents();
    expect(messagesInScope(events, { kind: 'range', from: reply.getTs(), to: reply.getTs() }).map((event) => event.getId())).toEqual([reply.getId()]);
    expect(messagesInScope(events, { kind: 'selection', eventIds: [file.getId()!] }).map((event) => event.getId())).toEqual([file.getId()]);
  });
});

describe('the export of a room', () => {
  function exporter(port: Partial<RecordsPort> = {}) {
    const { client, room, file } = conversation();
    const saved: { name: string; bytes: Uint8Array; summary: unknown }[] = [];
    const model = new RecordExportViewModel({
      client: client.asClient,
      room,
      origins: new MessageOrigins(client.asClient, room, (name) => name),
      port: {
        enabled: async () => true,
        save: async (name, bytes, summary) => {
          saved.push({ name, bytes, summary });
          return { outcome: 'saved', name };
        },
        attachment: async () => new Uint8Array([1, 2, 3]),
        fonts: async () => fonts,
        application: async () => ({ name: 'Depesche', version: 'test' }),
        ...port,
      },
      neutraliseName: (name) => name,
      direct: () => false,
      timeZone: 'UTC',
    });
    return { model, saved, file };
  }
  const t = createTranslator('en');
  const day = new Date(Date.UTC(2026, 2, 2)).toISOString().slice(0, 10);
  const request = { fileReference: 'Az. 1', title: 'Akte', from: day, to: day };

  it('says what is missing before doing anything', async () => {
    const { model, saved } = exporter();
    await model.start({ ...request, fileReference: ' ' }, t);
    expect(model.value.stage).toEqual({ kind: 'problem', problem: 'missing-reference' });
    await model.start({ ...request, from: '2026-03-03', to: '2026-03-02' }, t);
    expect(model.value.stage).toEqual({ kind: 'problem', problem: 'bad-range' });
    await model.start({ ...request, from: '2026-04-01', to: '2026-04-01' }, t);
    expect(model.value.stage).toEqual({ kind: 'problem', problem: 'empty' });
    expect(saved).toEqual([]);
  });

  it('hands main one zip with the counts to log, and tells where it went', async () => {
    const { model, saved } = exporter();
    await expect.poll(() => model.value.enabled).toBe(true);
    await model.start(request, t);
    expect(model.value.stage).toEqual({ kind: 'saved', name: saved[0]!.name, messages: 4, attachments: 1, undecryptable: 0 });
    expect(saved[0]!.name).toMatch(/^[0-9a-f-]{36}_Abgabe\.Abgabe\.0401\.zip$/);
    expect(saved[0]!.summary).toEqual({ roomId: '!akte:bund.example', scope: 'range', messages: 4, undecryptable: 0, attachments: 1 });
    const roles = Object.keys(unzipSync(saved[0]!.bytes)).map((name) => name.replace(/^[0-9a-f-]{36}_/, ''));
    expect(roles.sort()).toEqual(['Abgabe.Abgabe.0401.xml', 'Ereignisse.json', 'Gespraechsverlauf.pdf', 'Plan.pdf', 'SHA256SUMS', 'manifest.json']);
  }, pdfTimeout);

  it('lists the messages of the days to pick from, and exports only the picked ones as a selection', async () => {
    const { model, saved } = exporter();
    await model.listMessages({ from: day, to: day });
    const candidates = model.value.candidates!;
    expect(candidates).toHaveLength(4);
    expect(candidates.map(({ state }) => state)).toEqual(['readable', 'readable', 'deleted', 'readable']);
    expect(candidates[2]!.text).toBeNull();
    await model.start(request, t, []);
    expect(model.value.stage).toEqual({ kind: 'problem', problem: 'none-chosen' });
    await model.start(request, t, [candidates[0]!.eventId, candidates[2]!.eventId]);
    expect(saved[0]!.summary).toMatchObject({ scope: 'selection', messages: 2 });
    model.allMessages();
    expect(model.value.candidates).toBeNull();
  }, pdfTimeout);

  it('is refused where policy turns it off, and says so', async () => {
    const { model, saved } = exporter({ enabled: async () => false });
    await model.start(request, t);
    expect(model.value).toMatchObject({ enabled: false, stage: { kind: 'problem', problem: 'forbidden' } });
    expect(saved).toEqual([]);
  });

  it('reports a cancelled save dialog and a failed save apart', async () => {
    const cancelled = exporter({ save: async () => ({ outcome: 'cancelled' }) });
    await cancelled.model.start(request, t);
    expect(cancelled.model.value.stage).toEqual({ kind: 'cancelled' });
    const failing = exporter({
      save: async () => {
        throw new Error('io-failed');
      },
    });
    await failing.model.start(request, t);
    expect(failing.model.value.stage).toEqual({ kind: 'problem', problem: 'failed' });
  }, pdfTimeout);
});
