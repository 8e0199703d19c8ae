/**
 * Makes names and lines chosen by other people safe to show: as who someone is (no
 * invisible or direction-changing characters, no two members who look alike), as
 * what a file is called, and as a line of their text (a topic, a notification).
 */

const maxNameLength = 256;
const maxLineLength = 1000;

// Format characters: bidi overrides and isolates ("Alice\u202Egnp.exe"), zero-width
// spaces and joiners, BOM, soft hyphen; and letters that render blank (Hangul
// fillers, braille blank). A zero-width joiner between two pictographs is kept:
// it builds one emoji (👩‍💻), it cannot disguise a name.
const invisible =
  /\u200D(?!\p{Extended_Pictographic})|(?<!\p{Extended_Pictographic}(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}])?)\u200D|(?!\u200D)\p{Cf}|[\u115F\u1160\u3164\uFFA0\u2800]/gu;
// A run with whitespace becomes one space, so "Anna\nMüller" keeps its word gap.
const controlsAndSpaces = /[\s\p{Cc}]+/gu;
// Also inside a name, so "Alice (@alice:example.org)" cannot pose as a told-apart label.
const looksLikeUserId = /@[^:\s]+:\S/;

/** The name with hidden characters removed, whitespace collapsed and length capped; '' when nothing is left. */
export function neutraliseName(name: string): string {
  return capped(visibleText(name), maxNameLength);
}

/**
 * Someone else's text shown as one line (a room topic, a notification's message): as a
 * name, so "\u202E" cannot turn it around nor a zero-width space hide in it, with a
 * longer cap.
 */
export function neutraliseLine(text: string): string {
  return capped(visibleText(text), maxLineLength);
}

function capped(text: string, maxLength: number): string {
  const characters = [...text];
  if (characters.length <= maxLength) return text;
  return `${characters.slice(0, maxLength - 1).join('').trimEnd()}…`;
}

const maxFileNameLength = 120;
// Short enough to be an extension ("pdf", "tar.gz" counts as "gz"), not the tail of a sentence.
const extension = /\.[\p{L}\p{N}_-]{1,15}$/u;

/**
 * A sender's file name as shown, and as suggested when saving: one line, no hidden or
 * direction-changing characters ("invoice\u202Efdp.exe"), no folders ("../../x" stays
 * one name), and long names shortened in the middle so the extension stays visible.
 * '' when nothing is left.
 */
export function neutraliseFileName(name: string): string {
  const cleaned = visibleText(name).replace(/[/\\]/g, '_');
  const characters = [...cleaned];
  if (characters.length <= maxFileNameLength) return cleaned;
  const ending = [...(extension.exec(cleaned)?.[0] ?? '')];
  const head = characters.slice(0, maxFileNameLength - 1 - ending.length).join('').trimEnd();
  return `${head}…${ending.join('')}`;
}

function visibleText(text: string): string {
  return text
    .replace(invisible, '')
    .replace(controlsAndSpaces, (run) => (/\s/u.test(run) ? ' ' : ''))
    .trim();
}

export interface Member {
  userId: string;
  displayName: string | null;
}

/**
 * The label to show per user id. Members whose names collide (case-insensitively),
 * or whose name looks like a user id, are told apart by their user id.
 */
export function disambiguateNames(members: readonly Member[]): Map<string, string> {
  const names = new Map(members.map(({ userId, displayName }) => [userId, neutraliseName(displayName ?? '') || userId]));
  const counts = new Map<string, number>();
  for (const name of names.values()) counts.set(comparable(name), (counts.get(comparable(name)) ?? 0) + 1);

  const labels = new Map<string, string>();
  for (const [userId, name] of names) {
    const collides = (counts.get(comparable(name)) ?? 0) > 1 || looksLikeUserId.test(name);
    // A member labelled by their own user id is already unambiguous.
    labels.set(userId, collides && name !== userId ? `${name} (${neutraliseName(userId)})` : name);
  }
  return labels;
}

// Case and compatibility forms ("Ａｌｉｃｅ") do not tell people apart on screen.
function comparable(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first character of a name (a whole emoji or accented letter), for an avatar without a picture. */
export function initialOf(name: string): string {
  const text = neutraliseName(name).replace(/^@/, '');
  const [first] = graphemes.segment(text);
  return first ? first.segment.toLocaleUpperCase() : '';
}
