import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { formatOf, xdomeaFileName, xdomeaMessage, xdomeaNamespace } from '../../src/renderer/lib/records/xdomea-message';
import { sampleIds, sampleRecord } from '../support/case-record-sample';
import { xdomeaSchema } from '../support/xdomea-schema';

const parts = {
  processId: sampleIds.processId,
  caseId: sampleIds.caseId,
  conversation: { file: sampleIds.conversation, format: { code: 'pdf', version: '1.7' } },
  events: { file: sampleIds.events, format: { code: 'json', version: '' } },
};

function parsed(xml: string): Document {
  return new JSDOM(xml, { contentType: 'text/xml' }).window.document;
}

const texts = (document: Document, name: string) => [...document.getElementsByTagNameNS(xdomeaNamespace, name)].map((element) => element.textContent);

describe('the xdomea mapping', () => {
  it('writes an Abgabe 0401 with one Vorgang: title, file reference, period, and the message header', () => {
    const document = parsed(xdomeaMessage(sampleRecord(), parts));
    expect(document.documentElement.localName).toBe('Abgabe.Abgabe.0401');
    expect(document.documentElement.namespaceURI).toBe(xdomeaNamespace);
    expect(texts(document, 'ProzessID')).toEqual([sampleIds.processId]);
    expect(document.querySelector('Nachrichtentyp > code')?.textContent).toBe('0401');
    expect(texts(document, 'Erstellungszeitpunkt')).toEqual(['2026-12-01T10:30:00Z']);
    expect(texts(document, 'Importbestaetigung')).toEqual(['1']);
    const vorgang = document.getElementsByTagNameNS(xdomeaNamespace, 'Vorgang')[0]!;
    expect(vorgang.querySelector(':scope > AllgemeineMetadaten > Betreff')?.textContent).toBe('Übergabe Lagezentrum');
    expect(vorgang.querySelector(':scope > AllgemeineMetadaten > Kennzeichen')?.textContent).toBe('Az. 12-345/2026');
    expect(vorgang.querySelector(':scope > Laufzeit > Beginn')?.textContent).toBe('2026-12-01');
    const remark = vorgang.querySelector(':scope > AllgemeineMetadaten > Bemerkung')?.textContent;
    expect(remark).toContain('Matrix-Raum Lage & Planung <Nord> (!lage:bund.example)');
    expect(remark).toContain('4 Nachrichten, davon 1 nicht entschlüsselbar');
    expect(remark).toContain('Jörg Weiß (@jörg:land.example)');
  });

  it('carries the PDF, the raw events and each fetched attachment as Dokumente named {UUID}_name', () => {
    const document = parsed(xdomeaMessage(sampleRecord(), parts));
    expect(texts(document, 'Dateiname')).toEqual([sampleIds.conversation, sampleIds.events, sampleIds.attachment]);
    expect([...document.querySelectorAll('Dokument > Identifikation > ID')].map((id) => id.textContent)).toEqual(
      [sampleIds.conversation, sampleIds.events, sampleIds.attachment].map((file) => file.slice(0, 36)),
    );
    expect([...document.querySelectorAll('Format > Name > code')].map((code) => code.textContent)).toEqual(['pdf', 'json', 'pdf']);
    const attachment = document.getElementsByTagNameNS(xdomeaNamespace, 'Dokument')[2]!;
    expect(attachment.querySelector('AllgemeineMetadaten > Bemerkung')?.textContent).toBe(
      'Gesendet von Jörg Weiß (@jörg:land.example) am 2026-12-01T10:33:00+01:00, Ereignis $second',
    );
  });

  it('leaves out an attachment whose bytes could not be had', () => {
    const record = sampleRecord();
    const withoutPart = { ...record, messages: record.messages.map((message) => (message.attachment ? { ...message, attachment: { ...message.attachment, part: null } } : message)) };
    expect(texts(parsed(xdomeaMessage(withoutPart, parts)), 'Dateiname')).toEqual([sampleIds.conversation, sampleIds.events]);
  });

  it('neutralises what XML cannot hold: markup is escaped, control characters become U+FFFD', () => {
    const xml = xdomeaMessage(sampleRecord({ title: 'Akte <b>&\u0001</b>', fileReference: 'Az. "1"' }), parts);
    const document = parsed(xml);
    expect(document.querySelector('parsererror')).toBeNull();
    expect(texts(document, 'Betreff')[0]).toBe('Akte <b>&\uFFFD</b>');
    expect(xml).toContain('Akte &lt;b&gt;&amp;\uFFFD&lt;/b&gt;');
  });

  it('is valid against the published xdomea 3.1.0 schemas (xmllint), for a range and for a selection', () => {
    const directory = mkdtempSync(join(tmpdir(), 'depesche-xdomea-unit-'));
    for (const [index, record] of [sampleRecord(), sampleRecord({ scope: { kind: 'selection', eventIds: ['$first', '$second'] } })].entries()) {
      const file = join(directory, `${index}-${xdomeaFileName(sampleIds.processId)}`);
      writeFileSync(file, xdomeaMessage(record, parts));
      const output = execFileSync('xmllint', ['--noout', '--schema', xdomeaSchema, file], { encoding: 'utf8', stdio: 'pipe' });
      expect(output).toBe('');
    }
  });

  it('names an attachment\'s format by its extension, else by its media type, else "sonstiges"', () => {
    expect(formatOf('Lageplan.PDF', 'application/octet-stream')).toEqual({ code: 'pdf', version: '' });
    expect(formatOf('Foto', 'image/png')).toEqual({ code: 'png', version: '' });
    expect(formatOf('ohne', 'nonsense')).toEqual({ code: 'sonstiges', version: '' });
  });
});
