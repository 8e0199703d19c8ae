import { describe, expect, it } from 'vitest';
import { formatActivityTime, formatFullTime } from '../../src/renderer/lib/i18n/activity-time';

// Local times, so the day boundaries are those of the machine running the test, as in the app.
const now = new Date(2026, 2, 12, 9, 30).getTime(); // Thursday, 12 March 2026
const at = (...parts: [number, number, number, number?, number?]) => new Date(...parts).getTime();

describe('when a conversation last had a message, as the room list shows it', () => {
  it('shows the time for today, from just after midnight', () => {
    expect(formatActivityTime(at(2026, 2, 12, 0, 5), now, 'de')).toBe('00:05');
    expect(formatActivityTime(at(2026, 2, 12, 9, 29), now, 'en')).toBe('09:29 AM');
  });

  it('shows the weekday for the six days before today, counting calendar days', () => {
    expect(formatActivityTime(at(2026, 2, 11, 23, 59), now, 'en')).toBe('Wed');
    expect(formatActivityTime(at(2026, 2, 6, 10), now, 'de')).toBe('Fr');
  });

  it('shows the day and month from a week back, with the year only for another year', () => {
    expect(formatActivityTime(at(2026, 2, 5, 23), now, 'en')).toBe('Mar 5');
    expect(formatActivityTime(at(2026, 2, 5, 23), now, 'de')).toBe('5. März');
    expect(formatActivityTime(at(2025, 11, 24, 10), now, 'de')).toBe('24.12.25');
    expect(formatActivityTime(at(2025, 11, 24, 10), now, 'en')).toBe('12/24/25');
  });

  it('shows a date for a time after today (a clock that runs ahead), not a weekday', () => {
    expect(formatActivityTime(at(2026, 2, 13, 8), now, 'de')).toBe('13. März');
  });

  it('gives the whole date and time for the tooltip and screen readers', () => {
    expect(formatFullTime(now, 'en')).toBe('Thursday, March 12, 2026 at 9:30 AM');
    expect(formatFullTime(now, 'de')).toBe('Donnerstag, 12. März 2026 um 09:30');
  });
});
