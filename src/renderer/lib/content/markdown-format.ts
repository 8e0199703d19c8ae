/**
 * The composer's formatting toolbar as text transforms: the selection in, the Markdown
 * around it and the new selection out. The composer sends Markdown (markdown.ts), so
 * formatting is the Markdown a person could have typed; pressing a button again on
 * formatted text takes its marks away again.
 */
export interface TextSelection {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type MarkdownFormat = 'bold' | 'italic' | 'code' | 'quote' | 'list' | 'link';

export function applyFormat(format: MarkdownFormat, selection: TextSelection): TextSelection {
  switch (format) {
    case 'bold':
      return toggleInline('*', 2, selection);
    case 'italic':
      return toggleInline('*', 1, selection);
    case 'code':
      return selection.text.slice(selection.start, selection.end).includes('\n') ? fence(selection) : toggleInline('`', 1, selection);
    case 'quote':
      return toggleLinePrefix('> ', selection);
    case 'list':
      return toggleLinePrefix('- ', selection);
    case 'link':
      return link(selection);
  }
}

function runBefore(text: string, index: number, mark: string): number {
  let count = 0;
  while (index - count > 0 && text[index - count - 1] === mark) count += 1;
  return count;
}

function runAfter(text: string, index: number, mark: string): number {
  let count = 0;
  while (index + count < text.length && text[index + count] === mark) count += 1;
  return count;
}

/**
 * Bold is `**`, italic `*`, code `` ` ``. Spaces at the selection's edges stay outside
 * (Markdown ignores marks next to them), and marks selected along with the text count as
 * around it. Marks already around the selection are removed instead: for `*`, bold is
 * two or more on each side, italic an odd number (`***` is both).
 */
function toggleInline(mark: string, width: 1 | 2, { text, start, end }: TextSelection): TextSelection {
  let from = start;
  let to = end;
  while (from < to && /\s/u.test(text[from]!)) from += 1;
  while (to > from && /\s/u.test(text[to - 1]!)) to -= 1;
  while (to - from >= 2 && text[from] === mark && text[to - 1] === mark) {
    from += 1;
    to -= 1;
  }
  const before = runBefore(text, from, mark);
  const after = runAfter(text, to, mark);
  const applied = mark !== '*' ? before >= 1 && after >= 1 : width === 2 ? before >= 2 && after >= 2 : before % 2 === 1 && after % 2 === 1;
  if (applied) {
    return { text: `${text.slice(0, from - width)}${text.slice(from, to)}${text.slice(to + width)}`, start: from - width, end: to - width };
  }
  const marks = mark.repeat(width);
  return { text: `${text.slice(0, from)}${marks}${text.slice(from, to)}${marks}${text.slice(to)}`, start: from + width, end: to + width };
}

/** Several lines of code become a fenced block on lines of its own. */
function fence({ text, start, end }: TextSelection): TextSelection {
  const open = `${start > 0 && text[start - 1] !== '\n' ? '\n' : ''}\`\`\`\n`;
  const close = `\n\`\`\`${end < text.length && text[end] !== '\n' ? '\n' : ''}`;
  const code = text.slice(start, end).replace(/\n$/u, '');
  return { text: `${text.slice(0, start)}${open}${code}${close}${text.slice(end)}`, start: start + open.length, end: start + open.length + code.length };
}

/**
 * Quotes and list items mark every line the selection touches; if each (blank ones aside)
 * carries the mark already, it is removed. A blank line after the block keeps the next
 * line out of it (Markdown would carry it on as part of the quote or the last item).
 */
function toggleLinePrefix(prefix: string, { text, start, end }: TextSelection): TextSelection {
  const first = text.lastIndexOf('\n', start - 1) + 1;
  const lastEnd = text.indexOf('\n', end > start && text[end - 1] === '\n' ? end - 1 : end);
  const last = lastEnd === -1 ? text.length : lastEnd;
  const lines = text.slice(first, last).split('\n');
  const blank = (line: string) => line.trim() === '' && lines.length > 1;
  const marked = lines.every((line) => blank(line) || line.startsWith(prefix));
  const changed = lines.map((line) => (blank(line) ? line : marked ? line.slice(prefix.length) : `${prefix}${line}`));
  const block = changed.join('\n');
  const rest = text.slice(last);
  const separated = !marked && /^\n[^\n]/u.test(rest) ? `\n${rest}` : rest;
  const next = `${text.slice(0, first)}${block}${separated}`;
  if (start === end) {
    const shift = changed[0]!.length - lines[0]!.length;
    const caret = Math.max(first, start + shift);
    return { text: next, start: caret, end: caret };
  }
  return { text: next, start: first, end: first + block.length };
}

/**
 * The selected text becomes the link's text, with `https://` selected to be replaced by the
 * address; a selected address becomes the target, with the caret where its text goes.
 */
function link({ text, start, end }: TextSelection): TextSelection {
  const selected = text.slice(start, end);
  const around = (inserted: string) => `${text.slice(0, start)}${inserted}${text.slice(end)}`;
  if (selected === '' || /^https?:\/\/\S+$/u.test(selected)) {
    return { text: around(`[](${selected || 'https://'})`), start: start + 1, end: start + 1 };
  }
  const target = start + selected.length + 3;
  return { text: around(`[${selected}](https://)`), start: target, end: target + 'https://'.length };
}
