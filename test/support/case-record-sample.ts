/** A small case record written by hand, for the tests of the writers (xdomea, PDF, manifest). */
import type { CaseRecord } from '../../src/renderer/lib/records/case-record';

const at = Date.UTC(2026, 11, 1, 9, 30);

export const sampleIds = {
  processId: '0b0f3c5e-1111-4a4a-8b8b-000000000001',
  caseId: '0b0f3c5e-1111-4a4a-8b8b-000000000002',
  conversation: '0b0f3c5e-1111-4a4a-8b8b-000000000003_Gespraechsverlauf.pdf',
  events: '0b0f3c5e-1111-4a4a-8b8b-000000000004_Ereignisse.json',
  attachment: '0b0f3c5e-1111-4a4a-8b8b-000000000005_Lageplan.pdf',
};

export function sampleRecord(overrides: Partial<CaseRecord['export']> = {}): CaseRecord {
  return {
    room: {
      roomId: '!lage:bund.example',
      name: 'Lage & Planung <Nord>',
      nameChanges: [{ name: 'Lage & Planung <Nord>', by: '@erika:bund.example', at }],
      type: 'room',
      federated: true,
      joinRule: 'invite',
      historyVisibility: 'shared',
      encryption: 'm.megolm.v1.aes-sha2',
    },
    participants: [
      { userId: '@erika:bund.example', server: 'bund.example', organisation: 'bund.example', displayName: 'Erika Müller' },
      { userId: '@jörg:land.example', server: 'land.example', organisation: 'land.example', displayName: 'Jörg Weiß' },
    ],
    messages: [
      {
        eventId: '$first',
        senderId: '@erika:bund.example',
        senderName: 'Erika Müller',
        at: at + 60_000,
        deviceId: 'ERIKAPC',
        trust: 'signed',
        undecryptable: null,
        versions: [
          { eventId: '$first', at: at + 60_000, body: 'Die **Übergabe** ist um 14 Uhr.' },
          { eventId: '$edit', at: at + 120_000, body: 'Die **Übergabe** ist um 15 Uhr.' },
        ],
        replyTo: null,
        redaction: null,
        attachment: null,
      },
      {
        eventId: '$second',
        senderId: '@jörg:land.example',
        senderName: 'Jörg Weiß',
        at: at + 180_000,
        deviceId: 'JOERG',
        trust: 'unsigned-session',
        undecryptable: null,
        versions: [{ eventId: '$second', at: at + 180_000, body: 'Einverstanden.\u0007' }],
        replyTo: '$first',
        redaction: null,
        attachment: { kind: 'file', name: 'Lageplan.pdf', mimetype: 'application/pdf', part: sampleIds.attachment },
      },
      {
        eventId: '$third',
        senderId: '@jörg:land.example',
        senderName: 'Jörg Weiß',
        at: at + 240_000,
        deviceId: null,
        trust: 'unproven',
        undecryptable: 'waiting-for-keys',
        versions: [],
        replyTo: null,
        redaction: null,
        attachment: null,
      },
      {
        eventId: '$fourth',
        senderId: '@erika:bund.example',
        senderName: 'Erika Müller',
        at: at + 300_000,
        deviceId: 'ERIKAPC',
        trust: 'signed',
        undecryptable: null,
        versions: [],
        replyTo: null,
        redaction: { by: '@erika:bund.example', at: at + 360_000 },
        attachment: null,
      },
    ],
    export: {
      by: '@erika:bund.example',
      byName: 'Erika Müller',
      at: at + 3_600_000,
      timeZone: 'Europe/Berlin',
      scope: { kind: 'range', from: at - 3_600_000, to: at + 3_000_000 },
      fileReference: 'Az. 12-345/2026',
      title: 'Übergabe Lagezentrum',
      application: { name: 'Depesche', version: '0.1.0' },
      ...overrides,
    },
  };
}
