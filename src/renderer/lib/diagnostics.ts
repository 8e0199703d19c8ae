/**
 * Sends what support needs from the renderer to main's redacted log: blocked
 * CSP requests (a sign of injected content) and uncaught errors. Rate-limited so
 * a misbehaving page cannot flood main.
 */
import type { DepescheBridge } from '../../shared/bridge';

export type RendererLog = (level: 'error' | 'warn' | 'info', message: string) => void;

const maxPerMinute = 60;

export function createRendererLog(bridge: Pick<DepescheBridge, 'log'>, now: () => number = Date.now): RendererLog {
  let windowStart = 0;
  let sent = 0;
  return (level, message) => {
    const time = now();
    if (time - windowStart >= 60_000) {
      windowStart = time;
      sent = 0;
    }
    if (sent >= maxPerMinute) return;
    sent += 1;
    void bridge.log.write({ level, message: message.slice(0, 2000) });
  };
}

export function reportPageProblems(target: Window, log: RendererLog): void {
  target.addEventListener('securitypolicyviolation', (event) => {
    const blocked = !event.blockedURI || event.blockedURI === 'inline' ? 'an inline resource' : event.blockedURI;
    log('warn', `Content Security Policy blocked ${blocked} (${event.effectiveDirective})`);
  });
  target.addEventListener('error', (event) => {
    log('error', `Uncaught error: ${event.message} at ${event.filename}:${event.lineno}`);
  });
  target.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    log('error', `Unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
}
