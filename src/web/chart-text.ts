/**
 * Number and date wording shared by the trajectory chart and its text alternative (en-GB, DESIGN §9).
 * Pure: no request, no clock.
 */

const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365.25;

/** 'YYYY-MM-DD' → milliseconds since the epoch (UTC midnight). */
export const dateMs = (date: string): number => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
export const msDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const yearsBetween = (from: string, to: string): number => (dateMs(to) - dateMs(from)) / DAY_MS / YEAR_DAYS;
export const addYears = (date: string, years: number): string => msDate(dateMs(date) + years * YEAR_DAYS * DAY_MS);

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
  return f.format(n);
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2026-09-30 → "30 Sep 2026". */
export function formatDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** XML/HTML text and attribute escaping for markup built outside Handlebars. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}
