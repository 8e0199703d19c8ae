/**
 * Cleans the HTML of incoming messages (`formatted_body`) down to what the Matrix
 * spec allows for `m.room.message`, with stricter values on top: no remote
 * resource, no script, no link that is not http(s), mailto or matrix. For the
 * timeline, addresses written as text (in HTML or a plain body) become the same
 * links the allow-list keeps.
 */
import DOMPurify from 'dompurify';
import { linkifyTextIn } from './linkify';
import { mxcUri } from './mxc';

export interface HtmlSanitizer {
  /** HTML cut down to the allow-list: what Depesche sends. */
  sanitize(html: string): string;
  /** A received message's HTML as the timeline shows it: sanitised, then the addresses in its text made links. */
  display(html: string): string;
  /** A plain-text body as the timeline shows it: HTML with its addresses made links, or null when it has none. */
  displayText(text: string): string | null;
}

/** Turns an attribute value into the value to keep, or null to drop it. */
type AttributeRule = (value: string) => string | null;

const matching =
  (pattern: RegExp): AttributeRule =>
  (value) =>
    pattern.test(value) ? value : null;
const anyText: AttributeRule = (value) => value;

// The scheme is anchored at the start, so the browser cannot read another one
// out of it; relative and protocol-relative links ("//evil") do not match.
const linkHref = /^(?:https?|mailto|matrix):/i;
const hexColour = matching(/^#[0-9a-f]{6}$/i);
const size = matching(/^\d{1,5}$/);
const languageClass: AttributeRule = (value) => value.split(/\s+/).find((name) => /^language-[\w+#.-]+$/.test(name)) ?? null;

// The spec's attributes per tag; anything not named here is removed.
const attributeRules = new Map<string, Map<string, AttributeRule>>([
  ['font', new Map([['data-mx-bg-color', hexColour], ['data-mx-color', hexColour], ['color', hexColour]])],
  [
    'span',
    new Map([['data-mx-bg-color', hexColour], ['data-mx-color', hexColour], ['data-mx-spoiler', anyText], ['data-mx-maths', anyText]]),
  ],
  ['a', new Map([['href', matching(linkHref)]])],
  // data-mxc is ours: the img hook below moves a valid mxc src there.
  ['img', new Map([['width', size], ['height', size], ['alt', anyText], ['title', anyText], ['data-mxc', matching(mxcUri)]])],
  ['ol', new Map([['start', matching(/^-?\d{1,9}$/)]])],
  ['code', new Map([['class', languageClass]])],
  ['div', new Map([['data-mx-maths', anyText]])],
]);

// The spec's list also has mx-reply; it is dropped with its content below,
// because replies are rendered from the event's relation.
const allowedTags = [
  'font', 'del', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'p', 'a', 'ul', 'ol', 'sup', 'sub', 'li',
  'b', 'i', 'u', 'strong', 'em', 'strike', 's', 'code', 'hr', 'br', 'div', 'table', 'thead', 'tbody', 'tr',
  'th', 'td', 'caption', 'pre', 'span', 'img', 'details', 'summary',
];
const allowedAttributes = [...new Set([...attributeRules.values()].flatMap((rules) => [...rules.keys()]))];

// The spec asks clients to cap nesting; deeper markup is only a rendering attack.
const maxDepth = 100;

export function createHtmlSanitizer(window: Window & typeof globalThis): HtmlSanitizer {
  // A private instance, so these hooks never reach other DOMPurify users.
  const purify = DOMPurify(window);
  const config = {
    // DOMPurify walks from the body it parses into and would deep-clone the whole
    // message if body were off the list. The HTML parser merges any body tag of
    // the message into that one, so no body element ever reaches the output.
    ALLOWED_TAGS: [...allowedTags, 'body'],
    ALLOWED_ATTR: allowedAttributes,
    // Only href is a URL; every other value is checked by its rule above.
    ADD_URI_SAFE_ATTR: allowedAttributes.filter((name) => name !== 'href'),
    ALLOWED_URI_REGEXP: linkHref,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ADD_FORBID_CONTENTS: ['mx-reply'],
  };

  purify.addHook('uponSanitizeElement', (node, { tagName, allowedTags: allowed }) => {
    // Tags off the list are removed by DOMPurify itself; only allowed ones
    // (which cannot be clobbered like a form) are touched here.
    if (node.nodeType !== window.Node.ELEMENT_NODE || !allowed[tagName]) return;
    const element = node as Element;
    if (isTooDeep(element)) replaceWithText(element, element.textContent ?? '');
    else if (tagName === 'img') keepOnlyMxcImage(element);
  });

  purify.addHook('uponSanitizeAttribute', (element, event) => {
    const rule = attributeRules.get(element.nodeName.toLowerCase())?.get(event.attrName);
    const kept = rule?.(event.attrValue) ?? null;
    if (kept === null) event.keepAttr = false;
    else event.attrValue = kept;
  });

  purify.addHook('afterSanitizeAttributes', (element) => {
    if (element.nodeName.toLowerCase() === 'a') openedElsewhere(element);
  });

  const displayConfig = { ...config, RETURN_DOM: true as const };
  // A detached element of the page: it gets text nodes and links made by DOM calls, never
  // parsed markup, so nothing in it can load or run. (A document of its own made every
  // later sanitise several times slower in jsdom.)
  const { document } = window;
  return {
    sanitize: (html) => purify.sanitize(html, config),
    display: (html) => {
      // RETURN_DOM gives the body element DOMPurify parsed into (typed only as a Node).
      const body = purify.sanitize(html, displayConfig) as HTMLElement;
      linkifyTextIn(body, link);
      return body.innerHTML;
    },
    displayText: (text) => {
      const holder = document.createElement('div');
      holder.textContent = text;
      return linkifyTextIn(holder, link) > 0 ? holder.innerHTML : null;
    },
  };
}

/** The link linkifying makes: only with an href the allow-list keeps, opened as every message link is. */
function link(href: string, text: string, document: Document): Node {
  if (!linkHref.test(href)) return document.createTextNode(text);
  const element = document.createElement('a');
  element.setAttribute('href', href);
  element.textContent = text;
  openedElsewhere(element);
  return element;
}

/**
 * The timeline intercepts link clicks for the external-link service. A click that
 * slips past still only asks for a new window, which main denies and routes the same
 * way; rel keeps any opened page away from this one.
 */
function openedElsewhere(link: Element): void {
  link.setAttribute('target', '_blank');
  link.setAttribute('rel', 'noopener noreferrer');
}

/** Walks up at most maxDepth ancestors (to the body DOMPurify parsed into), so deep trees stay cheap. */
function isTooDeep(element: Element): boolean {
  let ancestor = element.parentElement;
  for (let depth = 1; ancestor && ancestor.nodeName !== 'BODY'; depth++) {
    if (depth === maxDepth) return true;
    ancestor = ancestor.parentElement;
  }
  return false;
}

/** Only mxc images may stay; the timeline fetches them with authentication into blob: URLs. */
function keepOnlyMxcImage(img: Element): void {
  const src = img.getAttribute('src')?.trim() ?? '';
  if (!mxcUri.test(src)) {
    replaceWithText(img, img.getAttribute('alt') ?? '');
    return;
  }
  img.setAttribute('data-mxc', src);
  img.removeAttribute('src');
}

function replaceWithText(element: Element, text: string): void {
  if (text) element.before(text);
  element.remove();
}
