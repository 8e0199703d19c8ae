/**
 * Record model → xdomea 3.1.0 message. An export is an Abgabe (0401): "the complete
 * export of records on a change of system" is what happens when a conversation leaves
 * the messenger for the e-file, and a DMS imports it without a prior exchange. A
 * Geschäftsgang (0201) would route documents along a Laufweg of named offices, which a
 * conversation does not have. The message carries one Vorgang (subject = the title,
 * Kennzeichen = the file reference) with the conversation PDF, the raw events and
 * every attachment as its Dokumente; file names follow xdomea's `{UUID}_name` rule.
 */
import { localTime, utcTime, type CaseRecord, type RecordMessage } from './case-record';
import { xmlText as text } from './xml-text';

export const xdomeaNamespace = 'urn:xoev-de:xdomea:schema:3.1.0';
export const abgabeMessageType = 'Abgabe.Abgabe.0401';
/** Versions of the code lists the values below come from (xdomea 3.1.0's Nachrichtentyp and Dateiformat lists). */
const messageTypeList = { uri: 'urn:xoev-de:xdomea:codeliste:nachrichtentyp', version: '2.0' };
const fileFormatList = { uri: 'urn:xoev-de:xdomea:codeliste:dateiformat', version: '2.0' };

/** A primary document's file in the archive: `{UUID}_name`, as xdomea names them. */
export interface DocumentFile {
  readonly file: string;
  /** Code of the Dateiformat list and the format's version. */
  readonly format: { readonly code: string; readonly version: string };
}

export interface XdomeaParts {
  /** The message's ProzessID; also the prefix of the message's own file name. */
  readonly processId: string;
  /** The Vorgang's ID. */
  readonly caseId: string;
  readonly conversation: DocumentFile;
  readonly events: DocumentFile;
}

/** The message's own file name, by xdomea's rule `{ProzessID}_{message type}.xml`. */
export function xdomeaFileName(processId: string): string {
  return `${processId}_${abgabeMessageType}.xml`;
}

/** The UUID a part's file name starts with. */
export function documentId(file: string): string {
  return file.slice(0, 36);
}

export function xdomeaMessage(record: CaseRecord, parts: XdomeaParts): string {
  const { export: meta, room } = record;
  const exporter = record.participants.find(({ userId }) => userId === meta.by);
  const organisation = exporter?.organisation ?? meta.by;
  const created = utcTime(meta.at);
  const institution = el('Institution', el('Name', text(organisation)));
  const attachments = record.messages.filter((message) => message.attachment?.part);
  const documents = [
    documentXml(parts.conversation, 1, `Gesprächsverlauf: ${meta.title}`, 'Gesprächsverlauf (PDF)', record),
    documentXml(parts.events, 2, `Ereignisse im Matrix-Format: ${meta.title}`, 'Rohdaten (JSON)', record),
    ...attachments.map((message, index) => attachmentXml(message, index + 3, meta.fileReference, meta.timeZone)),
  ];
  const period = periodOf(record);
  const body = [
    el(
      'Kopf',
      el('ProzessID', text(parts.processId)),
      `<xdomea:Nachrichtentyp listURI="${messageTypeList.uri}" listVersionID="${messageTypeList.version}"><code>0401</code></xdomea:Nachrichtentyp>`,
      el('Erstellungszeitpunkt', text(created)),
      el('Absender', institution, el('Name', el('Familienname', el('Name', text(meta.byName)))), el('Zustaendigkeit', text(meta.by))),
      el('Empfaenger', institution),
      el('SendendesSystem', el('Produktname', text(meta.application.name)), el('Version', text(meta.application.version))),
      el('Hinweis', text(`Export des Matrix-Raums ${room.name} (${room.roomId}) aus ${meta.application.name}`)),
      // An Abgabe always asks for the import confirmation (0402; fixed by the schema); there is nobody to receive it, so none is asked for receipt.
      el('Importbestaetigung', '1'),
      el('Empfangsbestaetigung', 'false'),
    ),
    el(
      'Schriftgutobjekt',
      el(
        'Vorgang',
        el('Identifikation', el('ID', text(parts.caseId))),
        el(
          'AllgemeineMetadaten',
          el('Betreff', text(meta.title)),
          el('Kennzeichen', text(meta.fileReference)),
          el('Bemerkung', text(remark(record))),
        ),
        el('Typ', text('Matrix-Gesprächsverlauf')),
        el('Laufzeit', el('Beginn', text(period.from)), el('Ende', text(period.to))),
        ...documents,
      ),
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xdomea:${abgabeMessageType} xmlns:xdomea="${xdomeaNamespace}">\n${body.join('\n')}\n</xdomea:${abgabeMessageType}>\n`;
}

function documentXml(document: DocumentFile, number: number, subject: string, type: string, record: CaseRecord): string {
  const meta = record.export;
  return el(
    'Dokument',
    el('Identifikation', el('ID', text(documentId(document.file))), el('NummerImUebergeordnetenContainer', String(number))),
    el('AllgemeineMetadaten', el('Betreff', text(subject)), el('Kennzeichen', text(meta.fileReference))),
    el('DatumDesSchreibens', text(localTime(meta.at, meta.timeZone).slice(0, 10))),
    el('Typ', text(type)),
    versionXml(document, meta.application.name, utcTime(meta.at), document.file.slice(37)),
  );
}

function attachmentXml(message: RecordMessage, number: number, fileReference: string, timeZone: string): string {
  const attachment = message.attachment!;
  const sent = `Gesendet von ${message.senderName} (${message.senderId}) am ${localTime(message.at, timeZone)}, Ereignis ${message.eventId}`;
  return el(
    'Dokument',
    el('Identifikation', el('ID', text(documentId(attachment.part!))), el('NummerImUebergeordnetenContainer', String(number))),
    el('AllgemeineMetadaten', el('Betreff', text(attachment.name)), el('Kennzeichen', text(fileReference)), el('Bemerkung', text(sent))),
    el('DatumDesSchreibens', text(localTime(message.at, timeZone).slice(0, 10))),
    el('Typ', text(attachment.kind === 'image' ? 'Bild (Anlage)' : 'Datei (Anlage)')),
    versionXml({ file: attachment.part!, format: formatOf(attachment.name, attachment.mimetype) }, message.senderId, utcTime(message.at), attachment.name),
  );
}

function versionXml(document: DocumentFile, author: string, at: string, original: string): string {
  return el(
    'Version',
    el('Nummer', '1'),
    el(
      'Format',
      `<xdomea:Name listURI="${fileFormatList.uri}" listVersionID="${fileFormatList.version}"><code>${text(document.format.code)}</code></xdomea:Name>`,
      el('Version', text(document.format.version)),
      el(
        'Primaerdokument',
        el('Dateiname', text(document.file)),
        el('DateinameOriginal', text(original)),
        el('Ersteller', text(author)),
        el('DatumUhrzeit', text(at)),
      ),
    ),
  );
}

/** The Dateiformat code of an attachment: its extension where it has a plausible one, else the list's "sonstiges". */
export function formatOf(name: string, mimetype: string): DocumentFile['format'] {
  const extension = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  if (extension) return { code: extension, version: '' };
  const subtype = /^[a-z]+\/([a-z0-9.+-]{1,20})$/i.exec(mimetype)?.[1]?.toLowerCase();
  return { code: subtype ?? 'sonstiges', version: '' };
}

function remark(record: CaseRecord): string {
  const { room, export: meta } = record;
  const scope =
    meta.scope.kind === 'range'
      ? `Zeitraum ${localTime(meta.scope.from, meta.timeZone)} bis ${localTime(meta.scope.to, meta.timeZone)}`
      : `${meta.scope.eventIds.length} ausgewählte Nachrichten`;
  const undecryptable = record.messages.filter((message) => message.undecryptable).length;
  return [
    `Matrix-Raum ${room.name} (${room.roomId})`,
    `exportiert von ${meta.byName} (${meta.by}) am ${localTime(meta.at, meta.timeZone)}`,
    scope,
    `${record.messages.length} Nachrichten, davon ${undecryptable} nicht entschlüsselbar`,
    `Teilnehmende: ${record.participants.map(({ displayName, userId }) => `${displayName} (${userId})`).join(', ')}`,
  ].join('; ');
}

function periodOf(record: CaseRecord): { from: string; to: string } {
  const { scope, timeZone } = record.export;
  const times = scope.kind === 'range' ? [scope.from, scope.to] : record.messages.map((message) => message.at);
  const first = times.length > 0 ? Math.min(...times) : record.export.at;
  const last = times.length > 0 ? Math.max(...times) : record.export.at;
  return { from: localTime(first, timeZone).slice(0, 10), to: localTime(last, timeZone).slice(0, 10) };
}

function el(name: string, ...children: string[]): string {
  return `<xdomea:${name}>${children.join('')}</xdomea:${name}>`;
}
