/**
 * Only our own top-level frame, loaded from our own origin, may use the bridge.
 * Subframes, other origins and navigated-away pages are refused.
 */
export interface SenderFrame {
  readonly url: string;
  readonly isTopLevel: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  return !!frame && frame.isTopLevel && isAppUrl(frame.url, appOrigin);
}

/**
 * Whether `url` belongs to `appOrigin`. Compares scheme and host explicitly:
 * Node's URL reports the origin of custom schemes such as `app://` as "null",
 * so comparing `.origin` would refuse our own window (and accept any opaque origin).
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appOrigin);
    return target.protocol === app.protocol && target.host !== '' && target.host === app.host;
  } catch {
    return false;
  }
}
