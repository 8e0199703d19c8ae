/**
 * Only our own top-level frame, loaded from our own origin, may use the bridge.
 * Subframes, other origins and navigated-away pages are refused.
 */
export interface SenderFrame {
  readonly url: string;
  readonly isTopLevel: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (!frame || !frame.isTopLevel) return false;
  try {
    return new URL(frame.url).origin === appOrigin;
  } catch {
    return false;
  }
}
