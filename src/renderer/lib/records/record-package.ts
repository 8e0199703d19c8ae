/**
 * One records export, end to end in the page: events → record model → the xdomea
 * message, the PDF, the raw events and the attachments → one zip with its manifest.
 * It is built here, not in main, because the decrypted messages and attachments only
 * exist here: main receives one finished file to save (and its counts to log), so the
 * bridge carries no message content in pieces and main never holds room keys.
 */
import type { MatrixEvent } from 'matrix-js-sdk';
import type { AttachedMedia } from '../matrix/attachment-content';
import type { Translate } from '../i18n/translate';
import { utcTime, type CaseRecord } from './case-record';
import { recordArchive, type ArchivePart } from './record-archive';
import { caseRecord, messagesInScope, recordedAttachment, type RecordSource } from './record-from-room';
import { recordPdf, type PdfFonts } from './record-pdf';
import { abgabeMessageType, xdomeaFileName, xdomeaMessage } from './xdomea-message';

/** What the record is made of; the attachments' parts are decided here. */
export type PackageSource = Omit<RecordSource, 'attachmentPart'>;

export interface PackageTools {
  /** An attachment's bytes, decrypted and checked; null when they cannot be had. */
  readonly attachment: (media: AttachedMedia) => Promise<Uint8Array | null>;
  readonly fonts: () => Promise<PdfFonts>;
  readonly t: Translate;
  /** A new random UUID (crypto.randomUUID; tests pass their own). */
  readonly uuid: () => string;
  readonly onAttachments?: (done: number, total: number) => void;
}

export interface RecordPackage {
  /** The zip's name, by xdomea's rule `{ProzessID}_Abgabe.Abgabe.0401.zip`. */
  readonly name: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly record: CaseRecord;
}

const utf8 = new TextEncoder();

export async function recordPackage(source: PackageSource, tools: PackageTools): Promise<RecordPackage> {
  const inScope = messagesInScope(source.events, source.export.scope);
  const withFiles = inScope.flatMap((event) => {
    const attachment = recordedAttachment(event);
    return attachment ? [{ event, attachment }] : [];
  });
  const attachmentParts: ArchivePart[] = [];
  const partOf = new Map<string, string>();
  for (const [index, { event, attachment }] of withFiles.entries()) {
    tools.onAttachments?.(index, withFiles.length);
    const bytes = await tools.attachment(attachment.media);
    if (!bytes) continue;
    const name = `${tools.uuid()}_${archiveName(source.neutraliseName(attachment.name))}`;
    partOf.set(event.getId()!, name);
    attachmentParts.push({ name, role: 'attachment', bytes });
  }
  tools.onAttachments?.(withFiles.length, withFiles.length);

  const record = caseRecord({ ...source, attachmentPart: (eventId) => partOf.get(eventId) ?? null });
  const processId = tools.uuid();
  const conversation = { file: `${tools.uuid()}_Gespraechsverlauf.pdf`, format: { code: 'pdf', version: '1.7' } };
  const events = { file: `${tools.uuid()}_Ereignisse.json`, format: { code: 'json', version: '' } };
  const xml = xdomeaMessage(record, { processId, caseId: tools.uuid(), conversation, events });
  const parts: ArchivePart[] = [
    { name: xdomeaFileName(processId), role: 'xdomea', bytes: utf8.encode(xml) },
    { name: conversation.file, role: 'conversation', bytes: await recordPdf(record, tools.t, await tools.fonts()) },
    { name: events.file, role: 'events', bytes: utf8.encode(`${JSON.stringify(rawEvents(source.events, inScope), null, 2)}\n`) },
    ...attachmentParts,
  ];
  return { name: `${processId}_${abgabeMessageType}.zip`, bytes: await recordArchive(parts, utcTime(source.export.at)), record };
}

/**
 * The exported messages as the server sent them, with what this device made of them:
 * the decrypted event where it could decrypt, and every edit of them. Ciphertext alone
 * would be useless in the files; the decrypted form is what the PDF shows.
 */
function rawEvents(all: readonly MatrixEvent[], messages: readonly MatrixEvent[]): unknown[] {
  const ids = new Set(messages.map((event) => event.getId()));
  return all
    .filter((event) => ids.has(event.getId()) || (event.relationEventId !== undefined && ids.has(event.relationEventId)))
    .map((event) => ({
      ...event.getEffectiveEvent(),
      ...(event.isDecryptionFailure() ? { depesche_undecryptable: event.decryptionFailureReason ?? 'unknown' } : {}),
    }));
}

// Zip names: no folders, nothing a file system refuses, and short enough with the UUID in front.
function archiveName(name: string): string {
  const cleaned = name.replace(/[/\\:*?"<>|\p{Cc}\p{Cf}]/gu, '_').replace(/^\.+/, '').trim();
  return [...(cleaned || 'Anhang')].slice(0, 120).join('');
}
