/**
 * Turns what the person typed into a message body and, when the Markdown made
 * a difference, a `formatted_body`. HTML they type is shown as text, never
 * passed on as markup.
 */
import { Marked } from 'marked';
import { withMentionsAsNames } from './mentions';
import type { HtmlSanitizer } from './sanitize-html';

export interface RenderedMessage {
  /** As typed, except that a mention reads as the person's name. */
  body: string;
  /** null for plain text, which is sent without HTML (as Element does). */
  formattedBody: string | null;
}

const markdown = new Marked({ gfm: true, breaks: true });
// Without the HTML tokenizers, typed tags fall through to plain text, which
// marked escapes like any other text.
markdown.use({ tokenizer: { html: () => undefined, tag: () => undefined } });

export function renderMarkdown(text: string, sanitizer: Pick<HtmlSanitizer, 'sanitize'>): RenderedMessage {
  const html = markdown.parse(text, { async: false }).trim();
  return { body: withMentionsAsNames(text), formattedBody: isPlainText(html, text) ? null : sanitizer.sanitize(unwrapLoneParagraph(html)) };
}

/** A one-paragraph message is sent without its <p>, as other clients send and expect it. */
function unwrapLoneParagraph(html: string): string {
  const lone = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return lone && !lone[1]!.includes('<p>') ? lone[1]! : html;
}

/** True when marked produced nothing, or only paragraphs and line breaks around the escaped text. */
function isPlainText(html: string, text: string): boolean {
  const paragraphs = /^(?:<p>([\s\S]*)<\/p>)?$/.exec(html);
  return paragraphs !== null && squash((paragraphs[1] ?? '').replace(/<\/p>\s*<p>|<br>/g, ' ')) === squash(escapeHtml(text));
}

// Whitespace is kept as typed in the plain body anyway, so it never calls for HTML.
const squash = (html: string) => html.replace(/\s+/g, ' ').trim();

// The same five characters marked escapes in text, so plain text compares equal.
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}
