import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/renderer/lib/i18n/translate';
import { recordLines, wrap } from '../../src/renderer/lib/records/record-pdf';
import { sampleRecord } from '../support/case-record-sample';

/** Every character one unit wide: what fits is a count. */
const monospace = { widthOfTextAtSize: (text: string) => [...text].length };

describe('the conversation PDF', () => {
  it('lists each message with sender, both times, session trust, reply, versions, deletion and the undecryptable one', () => {
    const lines = recordLines(sampleRecord(), createTranslator('en')).map(({ text }) => text);
    const conversation = lines.slice(lines.indexOf('Conversation'));
    expect(conversation).toEqual([
      'Conversation',
      '1. Erika Müller (@erika:bund.example)',
      '2026-12-01T10:31:00+01:00 (UTC 2026-12-01T09:31:00Z) · $first',
      'Sent from session ERIKAPC: signed by its owner',
      'Die **Übergabe** ist um 14 Uhr.',
      'Edited on 2026-12-01T10:32:00+01:00 (UTC 2026-12-01T09:32:00Z) ($edit):',
      'Die **Übergabe** ist um 15 Uhr.',
      '2. Jörg Weiß (@jörg:land.example)',
      '2026-12-01T10:33:00+01:00 (UTC 2026-12-01T09:33:00Z) · $second',
      'Sent from session JOERG: Unverified session',
      'In reply to Erika Müller ($first)',
      'Einverstanden.\u0007',
      'Attachment: Lageplan.pdf (in the package as 0b0f3c5e-1111-4a4a-8b8b-000000000005_Lageplan.pdf)',
      '3. Jörg Weiß (@jörg:land.example)',
      '2026-12-01T10:34:00+01:00 (UTC 2026-12-01T09:34:00Z) · $third',
      'Sent from session not named: Authenticity not guaranteed',
      "This message could not be decrypted. The keys have not arrived yet; it will appear as soon as they do.",
      '4. Erika Müller (@erika:bund.example)',
      '2026-12-01T10:35:00+01:00 (UTC 2026-12-01T09:35:00Z) · $fourth',
      'Sent from session ERIKAPC: signed by its owner',
      'Deleted by @erika:bund.example on 2026-12-01T10:36:00+01:00 (UTC 2026-12-01T09:36:00Z)',
    ]);
    expect(lines).toContain('4 messages, of which 1 could not be decrypted');
    expect(lines).toContain('Jörg Weiß – @jörg:land.example – server land.example – organisation land.example');
  });

  it('breaks lines between words, and a word too long for a line between characters (never inside a surrogate pair)', () => {
    expect(wrap('eins zwei drei', monospace, 1, 9)).toEqual(['eins zwei', 'drei']);
    expect(wrap('Aktenzeichenverwaltung', monospace, 1, 8)).toEqual(['Aktenzei', 'chenverw', 'altung']);
    expect(wrap('😀😀😀', monospace, 1, 2)).toEqual(['😀😀', '😀']);
    expect(wrap('', monospace, 1, 5)).toEqual(['']);
  });
});
