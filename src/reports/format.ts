import { periodEnd } from '../events/index.js';
import { decimalsOf, formatNumber, formatSigned, formatValue } from '../web/chart-text.js';

/**
 * The wording of numbers, dates, periods and counts in reports: en-GB, with correct plurals. Pure.
 * Number formatting is shared with the trajectory chart (src/web/chart-text.ts) so chart and text agree.
 */
export { formatNumber, formatSigned, formatValue, decimalsOf };

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 2025-09-30 (or an instant) → "30 September 2025". */
export const longDate = (dateOrInstant: string): string =>
  LONG_DATE.format(new Date(`${dateOrInstant.slice(0, 10)}T00:00:00Z`));

/** A period as people say it: 2025 → "2025", 2025-Q3 → "Q3 2025", 2025-09 → "September 2025", a day → "30 September 2025". */
export function periodLabel(period: string): string {
  if (/^\d{4}$/.test(period)) return period;
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `Q${q[2]} ${q[1]}`;
  if (/^\d{4}-\d{2}$/.test(period)) return MONTH_YEAR.format(new Date(`${periodEnd(period)}T00:00:00Z`));
  return longDate(period);
}

/** "1 change", "3 changes", "1,204 changes". */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${formatNumber(n, 0)} ${n === 1 ? singular : plural}`;
/** "was"/"were" to agree with a count. */
export const wasWere = (n: number): string => (n === 1 ? 'was' : 'were');
export const isAre = (n: number): string => (n === 1 ? 'is' : 'are');

/** "a", "a and b", "a, b and c". */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The unit a difference is counted in: percentage points for a rate, otherwise the unit itself. */
export function differenceUnit(unit: string, magnitude: string): string {
  const u = unit.trim();
  const one = magnitude === '1' || magnitude === '1.0';
  if (u === '%') return one ? 'point' : 'points';
  if (u === 'years') return one ? 'year' : 'years';
  return u;
}

/** A difference with its unit, unsigned: "4.2 points", "0.3 years", "2.1 per 1,000 residents". */
export function formatDifference(n: number, unit: string, decimals: number): string {
  const magnitude = formatNumber(Math.abs(n), decimals);
  const u = differenceUnit(unit, magnitude);
  return u === '' ? magnitude : `${magnitude} ${u}`;
}

/** A signed difference with its unit: "+1.2 points", "−0.4 years". */
export function formatSignedDifference(n: number, unit: string, decimals: number): string {
  const signed = formatSigned(n, decimals);
  const u = differenceUnit(unit, formatNumber(Math.abs(n), decimals));
  return u === '' ? signed : `${signed} ${u}`;
}

/** Upper-case the first letter of a sentence. */
export const capitalise = (s: string): string => (s === '' ? s : s.charAt(0).toUpperCase() + s.slice(1));

/** End a quoted or free text cleanly with one full stop. */
export const stop = (s: string): string => (/[.!?”"]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);
