/**
 * Numbers, dates and periods as people read them (en-GB), shared by the pages, the charts and the reports, so a
 * chart, its text alternative and a report sentence always agree. Pure: no request, no clock.
 */

/** Decimal places written in a number's shortest form, at most 3. */
export const decimalsOf = (n: number): number => {
  const s = String(n);
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 0 : Math.min(3, s.length - dot - 1);
};

const formatters = new Map<number, Intl.NumberFormat>();
export function formatNumber(n: number, decimals: number): string {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  const text = f.format(n);
  // No sign on zero: −0, or a small loss rounded away ("-0.0" would read as a loss that is not shown).
  return /^-[0.]+$/.test(text) ? text.slice(1) : text;
}

/** A value with its unit: "64.7%", "1,204 people", "3.5 days". */
export function formatValue(n: number, unit: string, decimals: number): string {
  const u = unit.trim();
  const num = formatNumber(n, decimals);
  if (u === '%' || u === '‰') return `${num}${u}`;
  if (u === '£' || u === '$' || u === '€') return n < 0 ? `−${u}${formatNumber(-n, decimals)}` : `${u}${num}`;
  return u ? `${num} ${u}` : num;
}

/** A signed change: "+1.2", "−0.4" (a real minus sign, as printed text uses). */
export function formatSigned(n: number, decimals: number): string {
  const num = formatNumber(Math.abs(n), decimals);
  if (num === formatNumber(0, decimals)) return num;
  return n > 0 ? `+${num}` : `−${num}`;
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2026-09-30 → "30 Sep 2026". */
export function formatDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

// Periods and long dates are said by src/events/period.ts, so event sentences can say them the same way.
export { longDate, periodLabel } from '../events/index.js';

/** A date or instant, short: "25 Nov 2026", with the time when it has one: "25 Nov 2026, 14:02 UTC". */
export function formatWhen(s: string): string {
  const time = s.length > 10 ? s.slice(11, 16) : '';
  return time && time !== '00:00' ? `${formatDate(s)}, ${time} UTC` : formatDate(s);
}

/** XML/HTML text and attribute escaping for markup built outside Handlebars. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/**
 * The fewest decimal places (at least `least`, at most `most`) at which two magnitudes read differently, so a
 * sentence that sets a pace beside the pace needed never prints them the same when they differ ("0.43 … 0.44
 * needed", not "0.4 … 0.4 needed"). Magnitudes equal at `most` places read the same: they are the same pace.
 */
export function decimalsApart(a: number, b: number, least = 1, most = 4): number {
  for (let d = least; d < most; d++) if (formatNumber(Math.abs(a), d) !== formatNumber(Math.abs(b), d)) return d;
  return most;
}
