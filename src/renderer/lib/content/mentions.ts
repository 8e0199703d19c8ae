/**
 * Mentions as the composer writes them: a Markdown link to the person's matrix.to
 * permalink, `[Erika Muster](https://matrix.to/#/@erika:bund.de)`. Markdown turns it into
 * the pill other clients expect (`<a href="https://matrix.to/#/@erika:bund.de">`), and the
 * plain body carries the name alone, as the spec asks.
 */
import { parseMatrixToLink } from '../matrix/matrix-to-link';

const permalinkPrefix = 'https://matrix.to/#/';

// Every ASCII punctuation character may be backslash-escaped in Markdown; escaping them all
// keeps a name such as "*Amt* [Nord]" or "A &amp; B" literal inside the link text.
const markdownPunctuation = /[!-/:-@[-`{-~]/g;
const escapedPunctuation = /\\([!-/:-@[-`{-~])/g;

// A link whose text may hold escaped brackets, pointing at a matrix.to address.
const permalinkLink = /\[((?:\\.|[^\\[\]])*)\]\((https:\/\/matrix\.to\/#\/[^\s()]+)\)/g;

export function mentionMarkdown(userId: string, name: string): string {
  return `[${name.replace(markdownPunctuation, '\\$&')}](${permalinkPrefix}${userId})`;
}

/** The message's plain body: each link to a person becomes their name; other links stay as typed. */
export function withMentionsAsNames(markdown: string): string {
  return markdown.replace(permalinkLink, (link, label: string, url: string) =>
    parseMatrixToLink(url)?.kind === 'user' ? label.replace(escapedPunctuation, '$1') : link,
  );
}
