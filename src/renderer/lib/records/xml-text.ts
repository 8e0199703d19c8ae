/** Text for XML documents we write (the xdomea message, the PDF's XMP metadata). */

// XML 1.0 allows neither C0 controls (other than tab and line breaks) nor lone surrogates, nor U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const notXmlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML character data: escaped, and characters XML cannot hold replaced by U+FFFD. */
export function xmlText(value: string): string {
  return value
    .replace(notXmlCharacters, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
