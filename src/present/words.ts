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
