/**
 * Record model → the conversation as a PDF for reading and printing, in the person's
 * language. pdf-lib rather than pdfkit: it runs in the sandboxed page without Node's
 * streams and Buffer, and lets us write the XMP metadata stream PDF/A asks for. The
 * font is DejaVu Sans (bundled, embedded as a subset), so umlauts, ß and most scripts
 * print the same everywhere. What PDF/A also needs and we do not yet write (an ICC
 * output intent, a validator in CI) is named in the README: the file makes no PDF/A claim.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Translate } from '../i18n/translate';
import { localTime, utcTime, type CaseRecord, type RecordMessage } from './case-record';
import { xmlText as escape } from './xml-text';

export interface PdfFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

const pageSize: [number, number] = [595.28, 841.89]; // A4 in points
const margin = 56;
const bodySize = 10;
const lineGap = 4;
const ink = rgb(0, 0, 0);
const quiet = rgb(0.3, 0.3, 0.3);

/** Lines of the document in order, each a style and its text; laid out onto pages afterwards. */
type Line = { readonly text: string; readonly style: 'title' | 'heading' | 'strong' | 'body' | 'note'; readonly indent?: number; readonly spaceBefore?: number };

export function recordLines(record: CaseRecord, t: Translate): Line[] {
  const { export: meta, room } = record;
  const when = (at: number) => t('records.pdf.time', { local: localTime(at, meta.timeZone), utc: utcTime(at) });
  const scope =
    meta.scope.kind === 'range'
      ? t('records.pdf.scopeRange', { from: localTime(meta.scope.from, meta.timeZone), to: localTime(meta.scope.to, meta.timeZone) })
      : t('records.pdf.scopeSelection', { count: String(meta.scope.eventIds.length) });
  const names = new Map(record.messages.map((message) => [message.eventId, message.senderName]));
  const lines: Line[] = [
    { text: meta.title, style: 'title' },
    { text: t('records.pdf.fileReference', { reference: meta.fileReference }), style: 'strong' },
    { text: t('records.pdf.room', { name: room.name, roomId: room.roomId }), style: 'body' },
    {
      text: t('records.pdf.roomFacts', {
        type: t(`records.roomType.${room.type}`),
        federation: t(room.federated ? 'records.pdf.federated' : 'records.pdf.notFederated'),
        encryption: room.encryption ?? t('records.pdf.notEncrypted'),
        joinRule: room.joinRule,
        history: room.historyVisibility,
      }),
      style: 'body',
    },
    { text: t('records.pdf.exportedBy', { name: meta.byName, userId: meta.by, time: when(meta.at) }), style: 'body' },
    { text: scope, style: 'body' },
    {
      text: t('records.pdf.counts', {
        messages: String(record.messages.length),
        undecryptable: String(record.messages.filter((message) => message.undecryptable).length),
      }),
      style: 'body',
    },
  ];
  if (room.nameChanges.length > 0) {
    lines.push({ text: t('records.pdf.nameChanges'), style: 'heading', spaceBefore: 10 });
    for (const change of room.nameChanges) lines.push({ text: t('records.pdf.nameChange', { name: change.name, by: change.by, time: when(change.at) }), style: 'body' });
  }
  lines.push({ text: t('records.pdf.participants'), style: 'heading', spaceBefore: 10 });
  for (const person of record.participants) lines.push({ text: t('records.pdf.participant', { ...person }), style: 'body' });
  lines.push({ text: t('records.pdf.conversation'), style: 'heading', spaceBefore: 10 });
  record.messages.forEach((message, index) => lines.push(...messageLines(message, index + 1, when, names, t)));
  return lines;
}

function messageLines(message: RecordMessage, number: number, when: (at: number) => string, names: ReadonlyMap<string, string>, t: Translate): Line[] {
  const lines: Line[] = [
    { text: t('records.pdf.sender', { number: String(number), name: message.senderName, userId: message.senderId }), style: 'strong', spaceBefore: 8 },
    { text: `${when(message.at)} · ${message.eventId}`, style: 'note' },
    {
      text: t('records.pdf.session', {
        device: message.deviceId ?? t('records.pdf.deviceUnknown'),
        trust: message.trust === 'signed' || message.trust === 'not-encrypted' ? t(`records.trust.${message.trust}`) : t(`origin.${message.trust}`),
      }),
      style: 'note',
    },
  ];
  if (message.replyTo) {
    const name = names.get(message.replyTo);
    lines.push({ text: name ? t('records.pdf.replyTo', { name, eventId: message.replyTo }) : t('records.pdf.replyToEarlier', { eventId: message.replyTo }), style: 'note' });
  }
  if (message.undecryptable) lines.push({ text: `${t('records.pdf.undecryptable')} ${t(`undecryptable.${message.undecryptable}`)}`, style: 'strong', indent: 12 });
  if (message.redaction) lines.push({ text: t('records.pdf.redacted', { by: message.redaction.by, time: when(message.redaction.at) }), style: 'strong', indent: 12 });
  message.versions.forEach((version, index) => {
    if (index > 0) lines.push({ text: t('records.pdf.edited', { time: when(version.at), eventId: version.eventId }), style: 'note', indent: 12 });
    for (const paragraph of version.body.split(/\r\n|\r|\n/)) lines.push({ text: paragraph, style: 'body', indent: 12 });
  });
  if (message.attachment) {
    const { name, part } = message.attachment;
    lines.push({ text: part ? t('records.pdf.attachment', { name, part }) : t('records.pdf.attachmentMissing', { name }), style: 'note', indent: 12 });
  }
  return lines;
}

export async function recordPdf(record: CaseRecord, t: Translate, fonts: PdfFonts): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const regular = await document.embedFont(fonts.regular, { subset: true });
  const bold = await document.embedFont(fonts.bold, { subset: true });
  const created = new Date(record.export.at);
  document.setTitle(record.export.title, { showInWindowTitleBar: true });
  document.setSubject(record.export.fileReference);
  document.setAuthor(record.export.byName);
  document.setCreator(`${record.export.application.name} ${record.export.application.version}`);
  document.setProducer(`${record.export.application.name} (pdf-lib)`);
  document.setLanguage(t.locale);
  document.setCreationDate(created);
  document.setModificationDate(created);
  addXmpMetadata(document, record);

  const styles = {
    title: { font: bold, size: 16, color: ink },
    heading: { font: bold, size: 12, color: ink },
    strong: { font: bold, size: bodySize, color: ink },
    body: { font: regular, size: bodySize, color: ink },
    note: { font: regular, size: 8.5, color: quiet },
  };
  const width = pageSize[0] - 2 * margin;
  let page: PDFPage = document.addPage(pageSize);
  let y = pageSize[1] - margin;
  for (const line of recordLines(record, t)) {
    const { font, size, color } = styles[line.style];
    const indent = line.indent ?? 0;
    y -= line.spaceBefore ?? 0;
    for (const piece of wrap(printable(line.text), font, size, width - indent)) {
      if (y - size < margin) {
        page = document.addPage(pageSize);
        y = pageSize[1] - margin;
      }
      y -= size;
      page.drawText(piece, { x: margin + indent, y, size, font, color });
      y -= lineGap;
    }
  }
  const pages = document.getPages();
  pages.forEach((each, index) =>
    each.drawText(t('records.pdf.page', { page: String(index + 1), pages: String(pages.length), reference: printable(record.export.fileReference) }), {
      x: margin,
      y: margin / 2,
      size: 8,
      font: regular,
      color: quiet,
    }),
  );
  return document.save({ useObjectStreams: false });
}

/** Control characters have no glyph; tabs become spaces. */
function printable(text: string): string {
  return text.replace(/\t/g, '    ').replace(/[\p{Cc}\p{Cf}]/gu, '');
}

/** Breaks a paragraph into lines that fit, between words where it can, inside a word where it must. */
export function wrap(text: string, font: Pick<PDFFont, 'widthOfTextAtSize'>, size: number, width: number): string[] {
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/(?<=\s)/)) {
    if (fits((current + word).trimEnd())) {
      current += word;
      continue;
    }
    if (current) lines.push(current.trimEnd());
    // A word wider than the line is cut between characters, never inside a surrogate pair.
    let rest = [...word];
    while (rest.length > 1 && !fits(rest.join(''))) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut).join(''))) cut -= 1;
      lines.push(rest.slice(0, cut).join(''));
      rest = rest.slice(cut);
    }
    current = rest.join('');
  }
  lines.push(current.trimEnd());
  return lines;
}

/** The document's metadata as XMP (Dublin Core, PDF and XMP basics), the form archives and PDF/A read. */
function addXmpMetadata(document: PDFDocument, record: CaseRecord): void {
  const { title, fileReference, byName, at, application } = record.export;
  const iso = new Date(at).toISOString();
  const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escape(fileReference)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>${escape(byName)}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>${iso}</xmp:CreateDate>
   <xmp:ModifyDate>${iso}</xmp:ModifyDate>
   <xmp:MetadataDate>${iso}</xmp:MetadataDate>
   <xmp:CreatorTool>${escape(`${application.name} ${application.version}`)}</xmp:CreatorTool>
   <pdf:Producer>${escape(`${application.name} (pdf-lib)`)}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const stream = document.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  document.catalog.set(PDFName.of('Metadata'), document.context.register(stream));
}
