/**
 * Writes bytes the renderer hands over to a place the person picks. The name the
 * dialog suggests comes from untrusted content (a sender's file name), so it is
 * reduced to something harmless on every OS first. A name that would run when
 * opened (a program, script, installer...) is named as such and saved only when
 * the person confirms; every saved file carries the OS's mark of origin.
 */
import { basename } from 'node:path';
import type { SaveOutcome } from '../../../shared/bridge';
import { DepescheError } from '../../../shared/errors';
import { runnableType, type RunnableType } from './runnable-file';

export interface FileSaverDeps {
  /** Shows the save dialog; null when the person cancels. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Tells the person that `name` is a program (or the like) and asks whether to save it. */
  confirmRunnable(request: { name: string } & RunnableType): Promise<boolean>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** Marks the written file as coming from the internet (Zone.Identifier, quarantine); must not throw. */
  markOrigin(path: string): Promise<void>;
}

export function createFileSaver(deps: FileSaverDeps) {
  /** The name the file was saved under (as chosen in the dialog), or null when the person cancelled. */
  async function saveAs(suggestedName: string, bytes: Uint8Array): Promise<string | null> {
    const path = await deps.chooseSavePath(safeFileName(suggestedName));
    if (path === null) return null;
    // The name as chosen in the dialog: the person may have renamed the file, or the OS added an extension.
    const name = basename(path);
    const runnable = runnableType(name);
    if (runnable && !(await deps.confirmRunnable({ name, ...runnable }))) return null;
    try {
      await deps.writeFile(path, bytes);
    } catch (error) {
      throw new DepescheError('io-failed', `The file could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    }
    await deps.markOrigin(path);
    return name;
  }
  return {
    saveAs,
    async save(suggestedName: string, bytes: Uint8Array): Promise<SaveOutcome> {
      return (await saveAs(suggestedName, bytes)) === null ? 'cancelled' : 'saved';
    },
  };
}

// File systems allow 255 bytes (UTF-8, Linux) or 255 UTF-16 units (Windows) per name;
// counting UTF-8 bytes stays under both, and leaves room for " (1)" and the like.
const maxNameBytes = 180;
// Path separators, characters Windows forbids, C0/C1 controls, and bidi/zero-width
// formatting characters that can disguise an extension ("invoice\u202Efdp.exe").
const unsafeCharacters = /[/\\:*?"<>|\p{Cc}\p{Cf}]/gu;
const reservedWindowsNames = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const utf8 = new TextEncoder();

export function safeFileName(name: string): string {
  let cleaned = name.normalize('NFC').replace(unsafeCharacters, '_').trim();
  cleaned = cleaned.replace(/^\.+/, '').replace(/[. ]+$/, '');
  if (reservedWindowsNames.test(cleaned)) cleaned = `_${cleaned}`;
  return shortened(cleaned) || 'download';
}

/** At most `maxNameBytes`, cut between characters (never inside a surrogate pair), the extension kept. */
function shortened(name: string): string {
  if (utf8.encode(name).length <= maxNameBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let budget = maxNameBytes - utf8.encode(extension).length;
  let head = '';
  for (const character of extension ? name.slice(0, dot) : name) {
    budget -= utf8.encode(character).length;
    if (budget < 0) break;
    head += character;
  }
  return head.trimEnd() + extension;
}
