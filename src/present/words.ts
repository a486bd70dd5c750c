import { formatNumber } from './format.js';

/** Counting and joining words, with correct plurals: the small grammar of the report's sentences. Pure. */

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

/** Upper-case the first letter of a sentence. */
export const capitalise = (s: string): string => (s === '' ? s : s.charAt(0).toUpperCase() + s.slice(1));

/** End a quoted or free text cleanly with one full stop. */
export const stop = (s: string): string => (/[.!?”"]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/**
 * How long from one day to a later one, as people say it: "12 days", "3 months", "1 year and 2 months" (whole
 * calendar months; days only under a month). The first day is not counted: 2026-01-31 to 2026-02-28 is "28 days".
 */
export function howLong(from: string, to: string): string {
  const [fy, fm, fd] = from.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.slice(0, 10).split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  if (months < 1) {
    const days = Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
    return count(Math.max(0, days), 'day');
  }
  const years = Math.floor(months / 12);
  months -= years * 12;
  if (years === 0) return count(months, 'month');
  return months === 0 ? count(years, 'year') : `${count(years, 'year')} and ${count(months, 'month')}`;
}

/** A name inside a sentence: "Good level of development" → "good level of development"; "NHS checks" stays. */
export const lowerFirst = (s: string): string => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
