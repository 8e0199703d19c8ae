/**
 * Writes bytes the renderer hands over to a place the person picks. The name the
 * dialog suggests comes from untrusted content (a sender's file name), so it is
 * reduced to something harmless on every OS first.
 */
import { DepescheError } from '../../shared/errors';
import type { SaveOutcome } from '../../shared/bridge';

export interface FileSaverDeps {
  /** Shows the save dialog; null when the person cancels. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
}

export function createFileSaver(deps: FileSaverDeps) {
  return {
    async save(suggestedName: string, bytes: Uint8Array): Promise<SaveOutcome> {
      const path = await deps.chooseSavePath(safeFileName(suggestedName));
      if (path === null) return 'cancelled';
      try {
        await deps.writeFile(path, bytes);
      } catch (error) {
        throw new DepescheError('io-failed', `The file could not be saved: ${error instanceof Error ? error.message : String(error)}`);
      }
      return 'saved';
    },
  };
}

const maxNameLength = 180;
// Path separators, characters Windows forbids, C0/C1 controls, and bidi/zero-width
// formatting characters that can disguise an extension ("invoice\u202Efdp.exe").
const unsafeCharacters = /[/\\:*?"<>|\p{Cc}\p{Cf}]/gu;
const reservedWindowsNames = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

export function safeFileName(name: string): string {
  let cleaned = name.normalize('NFC').replace(unsafeCharacters, '_').trim();
  cleaned = cleaned.replace(/^\.+/, '').replace(/[. ]+$/, '');
  if (reservedWindowsNames.test(cleaned)) cleaned = `_${cleaned}`;
  if (cleaned.length > maxNameLength) {
    const dot = cleaned.lastIndexOf('.');
    const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
    cleaned = cleaned.slice(0, maxNameLength - extension.length) + extension;
  }
  return cleaned || 'download';
}
