/**
 * Addresses in message text as links, as other clients send them: plain in `body`,
 * or as text inside HTML. linkifyjs finds them and leaves trailing punctuation out.
 * Only what is written as an address becomes a link (`https://…`, `http://…`, `www.…`,
 * `mailto:…` and mail addresses); a bare name such as `readme.md` is a valid domain
 * too, but nobody meant it as one. Opening a link is main's decision (policy, https
 * and mailto only), like for every other link in a message.
 */
import { find } from 'linkifyjs';

export interface FoundLink {
  readonly start: number;
  readonly end: number;
  readonly href: string;
}

const written = /^(?:https?:\/\/|www\.|mailto:)/i;
// What the sanitiser allows in href, without matrix: (which linkifyjs never produces).
const linkable = /^(?:https?|mailto):/i;
// German and typographic closing quotes end a sentence, not an address; linkifyjs keeps them.
const closingQuotes = /[“”‘’»«›‹]+$/u;

export function findLinks(text: string): FoundLink[] {
  return find(text, { defaultProtocol: 'https' }).flatMap((match) => {
    const address = match.type === 'email' || (match.type === 'url' && written.test(match.value));
    if (!address) return [];
    const trailing = closingQuotes.exec(match.value)?.[0].length ?? 0;
    const href = trailing ? match.href.slice(0, -trailing) : match.href;
    return linkable.test(href) ? [{ start: match.start, end: match.end - trailing, href }] : [];
  });
}

/** Elements whose text is never turned into links: a link already, or code. */
const untouched = 'a, code, pre';
/** NodeFilter.SHOW_TEXT; spelled out because documents made outside a window (the sanitiser's, jsdom's) have no NodeFilter global. */
const showText = 4;

/**
 * Wraps the addresses in the text below `root` in links made by `makeLink` (the
 * sanitiser's kind of link); text inside a link or code stays as it is. Returns how
 * many links were made.
 */
export function linkifyTextIn(root: Element, makeLink: (href: string, text: string, document: Document) => Node): number {
  const document = root.ownerDocument;
  const walker = document.createTreeWalker(root, showText);
  const candidates: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest(untouched)) candidates.push(node as Text);
  }
  let made = 0;
  for (const node of candidates) {
    const text = node.data;
    const links = findLinks(text);
    if (links.length === 0) continue;
    const parts: (string | Node)[] = [];
    let at = 0;
    for (const { start, end, href } of links) {
      if (start > at) parts.push(text.slice(at, start));
      parts.push(makeLink(href, text.slice(start, end), document));
      at = end;
    }
    if (at < text.length) parts.push(text.slice(at));
    node.replaceWith(...parts);
    made += links.length;
  }
  return made;
}
