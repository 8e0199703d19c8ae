import { describe, expect, it } from 'vitest';
import { readersByKey, type ReceiptOnEvent } from '../../src/renderer/lib/view-models/read-receipts';

interface Event {
  readonly id: string;
  readonly sender?: string;
  readonly shown: boolean;
  readonly receipts: readonly ReceiptOnEvent[];
}
const read = (userId: string, data?: ReceiptOnEvent['data']): ReceiptOnEvent => ({ userId, type: 'm.read', data });

function readers(events: readonly Event[]) {
  const byKey = readersByKey(events, {
    ownUserId: '@erika:bund.de',
    receiptsOn: (event) => event.receipts,
    senderOf: (event) => event.sender,
    shownKey: (event) => (event.shown ? event.id : undefined),
    nameOf: (userId) => userId.slice(1, userId.indexOf(':')),
  });
  return Object.fromEntries([...byKey].map(([key, list]) => [key, list.map((reader) => reader.name)]));
}

describe('read receipts in the timeline', () => {
  it('shows each other reader on the newest event they read, sorted by name, never the person herself', () => {
    expect(
      readers([
        { id: '$1', shown: true, receipts: [read('@max:bund.de')] },
        { id: '$2', shown: true, receipts: [read('@lea:bund.de'), read('@erika:bund.de'), read('@jan:bund.de')] },
      ]),
    ).toEqual({ $1: ['max'], $2: ['jan', 'lea'] });
  });

  it('moves a receipt on an event the timeline does not show (a reaction) to the shown one before it', () => {
    expect(
      readers([
        { id: '$1', shown: true, receipts: [] },
        { id: '$reaction', shown: false, receipts: [read('@max:bund.de')] },
      ]),
    ).toEqual({ $1: ['max'] });
  });

  it('leaves out a reader on their own message: they read up to what they wrote', () => {
    expect(
      readers([
        { id: '$1', shown: true, receipts: [] },
        { id: '$2', sender: '@max:bund.de', shown: true, receipts: [read('@max:bund.de'), read('@lea:bund.de')] },
      ]),
    ).toEqual({ $2: ['lea'] });
  });

  it('leaves out private receipts and receipts in threads', () => {
    expect(
      readers([{ id: '$1', shown: true, receipts: [{ userId: '@max:bund.de', type: 'm.read.private' }, read('@jan:bund.de', { thread_id: '$root' }), read('@lea:bund.de', { thread_id: 'main' })] }]),
    ).toEqual({ $1: ['lea'] });
  });
});
