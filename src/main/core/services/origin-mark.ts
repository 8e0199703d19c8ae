/**
 * The mark an OS puts on files that came from the internet, so that what opens
 * them later takes care: Windows SmartScreen and Office's Protected View read the
 * `Zone.Identifier` stream, macOS Gatekeeper the quarantine attribute. Which mark
 * to write is decided here; origin-mark-writer.ts writes it.
 *
 * Linux gets none: Node cannot write extended attributes without a native addon,
 * `setfattr` is not installed by default, and no Linux desktop decides anything
 * by `user.xdg.origin.url`.
 */
export type OriginMark =
  /** An NTFS alternate data stream `<path>:<stream>`. */
  | { readonly kind: 'alternate-stream'; readonly stream: string; readonly content: string }
  /** An extended attribute, written with macOS's `xattr -w`. */
  | { readonly kind: 'extended-attribute'; readonly name: string; readonly value: string };

export function originMarkFor(platform: string, now: Date): OriginMark | null {
  // Zone 3 is "Internet", as browsers mark their downloads.
  if (platform === 'win32') return { kind: 'alternate-stream', stream: 'Zone.Identifier', content: '[ZoneTransfer]\r\nZoneId=3\r\n' };
  if (platform === 'darwin') {
    // flags;time of download (hex seconds);agent;event id: 0083 is what a downloaded file starts with.
    const seconds = Math.floor(now.getTime() / 1000).toString(16);
    return { kind: 'extended-attribute', name: 'com.apple.quarantine', value: `0083;${seconds};Depesche;` };
  }
  return null;
}
