/**
 * Changes the composer's text the way typing does: only the part that changed is
 * replaced, as one step the browser's undo (Ctrl+Z) takes back, and an input event tells
 * the composer, as after a keystroke. Then the selection is set as asked.
 */
export interface TextEdit {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export function applyTextEdit(textarea: HTMLTextAreaElement, edit: TextEdit): void {
  const current = textarea.value;
  let prefix = 0;
  while (prefix < current.length && prefix < edit.text.length && current[prefix] === edit.text[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < current.length - prefix &&
    suffix < edit.text.length - prefix &&
    current[current.length - 1 - suffix] === edit.text[edit.text.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const inserted = edit.text.slice(prefix, edit.text.length - suffix);
  textarea.focus();
  if (edit.text === current) {
    textarea.setSelectionRange(edit.start, edit.end);
    return;
  }
  textarea.setSelectionRange(prefix, current.length - suffix);
  // execCommand is what keeps the undo history; should it ever refuse, the text still changes.
  if (!document.execCommand('insertText', false, inserted)) {
    textarea.setRangeText(inserted);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }
  textarea.setSelectionRange(edit.start, edit.end);
}
