import { isPeriod, PERIOD_PATTERN } from './primitives.js';
import { dateToInstant, endOfDayInstant } from './time.js';

/** Periods (YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD) and the time windows they stand for. */
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const lastDayOfMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A period stands for its last day when a date is needed: 2025-Q3 → 2025-09-30. */
export function periodEnd(period: string): string {
  const m = PERIOD_PATTERN.exec(period);
  if (!m || !isPeriod(period)) throw new RangeError(`not a period: ${period}`);
  const y = Number(m[1]);
  if (m[2] !== undefined) {
    const month = Number(m[2]) * 3;
    return `${y}-${pad(month)}-${pad(lastDayOfMonth(y, month))}`;
  }
  if (m[3] === undefined) return `${y}-12-31`;
  const month = Number(m[3]);
  if (m[4] !== undefined) return `${y}-${pad(month)}-${m[4]}`;
  return `${y}-${pad(month)}-${pad(lastDayOfMonth(y, month))}`;
}

/** The first day of a period: 2025-Q3 → 2025-07-01. */
export function periodStart(period: string): string {
  const m = PERIOD_PATTERN.exec(period);
  if (!m || !isPeriod(period)) throw new RangeError(`not a period: ${period}`);
  const y = Number(m[1]);
  if (m[2] !== undefined) return `${y}-${pad(Number(m[2]) * 3 - 2)}-01`;
  if (m[3] === undefined) return `${y}-01-01`;
  return m[4] !== undefined ? `${y}-${m[3]}-${m[4]}` : `${y}-${m[3]}-01`;
}

/** A time window: every instant from `from` to `to`, both included (instants compare as text). */
export interface TimeWindow {
  from: string;
  to: string;
}

/** The instants a period covers: from the start of its first day to the end of its last (UTC). */
export const periodWindow = (period: string): TimeWindow => ({
  from: dateToInstant(periodStart(period)),
  to: endOfDayInstant(periodEnd(period)),
});

export const inWindow = (instant: string, w: TimeWindow): boolean => instant >= w.from && instant <= w.to;

/** A period has ended once the day of `now` is after its last day. */
export const hasEnded = (period: string, now: Date): boolean => now.toISOString().slice(0, 10) > periodEnd(period);

/** The quarter a date falls in: 2026-11-25 → 2026-Q4. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** The quarter before a quarter: 2026-Q1 → 2025-Q4. */
export function previousQuarter(quarter: string): string {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/** The period of the same kind just before: 2026-Q1 → 2025-Q4, 2026 → 2025, 2026-01 → 2025-12, a day → the day before. */
export function previousPeriod(period: string): string {
  const m = PERIOD_PATTERN.exec(period);
  if (!m || !isPeriod(period)) throw new RangeError(`not a period: ${period}`);
  if (m[2] !== undefined) return previousQuarter(period);
  const y = Number(m[1]);
  if (m[3] === undefined) return String(y - 1);
  const dayBefore = new Date(Date.parse(dateToInstant(periodStart(period))) - 86_400_000).toISOString().slice(0, 10);
  return m[4] !== undefined ? dayBefore : dayBefore.slice(0, 7);
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 2025-09-30 (or an instant) → "30 September 2025". */
export const longDate = (dateOrInstant: string): string =>
  LONG_DATE.format(new Date(dateToInstant(dateOrInstant.slice(0, 10))));

/** A period as people say it: 2025 → "2025", 2025-Q3 → "Q3 2025", 2025-09 → "September 2025", a day → "30 September 2025". */
export function periodLabel(period: string): string {
  if (/^\d{4}$/.test(period)) return period;
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `Q${q[2]} ${q[1]}`;
  if (/^\d{4}-\d{2}$/.test(period)) return MONTH_YEAR.format(new Date(dateToInstant(periodEnd(period))));
  return longDate(period);
}
