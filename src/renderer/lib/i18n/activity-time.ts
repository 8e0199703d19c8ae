/**
 * When a conversation last had a message, as a room list shows it: the time today
 * ("14:05"), the weekday within the last six days ("Mon", "Mo."), the date before that
 * ("12 Mar", "12. März"; with the year when it was another year). In the app's language
 * and the computer's time zone; `now` is passed in so the day boundary is testable.
 */
const dayMs = 24 * 60 * 60 * 1000;

export function formatActivityTime(timestamp: number, now: number, locale: string): string {
  const then = new Date(timestamp);
  const today = startOfDay(new Date(now));
  const day = startOfDay(then);
  // Calendar days, not 24-hour spans; rounding absorbs the hour a daylight-saving change adds or takes.
  const daysAgo = Math.round((today.getTime() - day.getTime()) / dayMs);
  if (daysAgo === 0) return then.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (daysAgo > 0 && daysAgo < 7) return then.toLocaleDateString(locale, { weekday: 'short' });
  if (then.getFullYear() === today.getFullYear()) return then.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return then.toLocaleDateString(locale, { dateStyle: 'short' });
}

/** The whole date and time, for a tooltip and for screen readers. */
export function formatFullTime(timestamp: number, locale: string): string {
  return new Date(timestamp).toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' });
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** When something ends, as a clock time ("14:05"), with the weekday when it is not today ("Thu 08:00"). */
export function formatEndTime(timestamp: number, now: number, locale: string): string {
  const sameDay = startOfDay(new Date(timestamp)).getTime() === startOfDay(new Date(now)).getTime();
  return new Date(timestamp).toLocaleString(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}
