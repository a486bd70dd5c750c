import { z } from 'zod';

/** journeyId, indicatorId and every client-chosen id share one pattern. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
/** Server-generated ids are UUID v7; a client may instead choose a slug. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const Slug = z
  .string()
  .regex(
    SLUG_PATTERN,
    'must be a slug: lower-case letters, digits and hyphens, 2–64 characters, not starting with a hyphen',
  );
export const ItemId = z
  .string()
  .refine(
    (s) => SLUG_PATTERN.test(s) || UUID_PATTERN.test(s),
    'must be a slug (lower-case letters, digits, hyphens) or a UUID',
  );

export const MAX_TEXT = 10_000;
/**
 * Characters that are not allowed in text: control characters other than tab and line breaks (NUL among them), and the
 * bidirectional embeddings, overrides and isolates, which make text read in another order than it is stored
 * (docs/decisions.md, "Text that hides or reorders itself").
 */
const FORBIDDEN_IN_TEXT = /(?![\t\n\r])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;
/** What shows nothing on screen: spaces, format characters (zero-width spaces and joiners, BOM), blank fillers. */
const INVISIBLE = /[\s\p{Cf}\p{Zs}\u115f\u1160\u2800\u3164\uffa0]/gu;
/** Every text field is trimmed, shows something, and is at most 10,000 characters. */
export const Text = z
  .string()
  .trim()
  .refine((s) => s.replace(INVISIBLE, '') !== '', 'must not be empty (invisible characters alone do not count)')
  .refine(
    (s) => !FORBIDDEN_IN_TEXT.test(s),
    'must not contain control characters (such as NUL) or bidirectional overrides (U+202A–U+202E, U+2066–U+2069)',
  )
  .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);

/**
 * Years run from 1000 to 9999 (docs/decisions.md, "Years from 1000"): four digits, and clear of JavaScript's dates,
 * which read years 0–99 as 1900–1999.
 */
export const MIN_YEAR = 1000;
const isRealDate = (y: number, m: number, d: number): boolean => {
  if (y < MIN_YEAR) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
export const isIsoDate = (s: string): boolean => {
  const m = DATE_PATTERN.exec(s);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
};
export const IsoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD, in a year from 1000');

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;
export const isInstant = (s: string): boolean =>
  INSTANT_PATTERN.test(s) && isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s));
/** An instant is ISO 8601 in UTC (ending in Z), e.g. 2026-03-01T09:30:00Z. */
export const Instant = z
  .string()
  .refine(isInstant, 'must be an ISO 8601 UTC instant in a year from 1000, e.g. 2026-03-01T09:30:00Z');

export const PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4])|-(\d{2})(?:-(\d{2}))?)?$/;
export const isPeriod = (s: string): boolean => {
  const m = PERIOD_PATTERN.exec(s);
  if (!m || Number(m[1]) < MIN_YEAR) return false;
  if (m[3] === undefined) return true;
  const month = Number(m[3]);
  if (month < 1 || month > 12) return false;
  return m[4] === undefined || isRealDate(Number(m[1]), month, Number(m[4]));
};
/** A period is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD. */
export const Period = z
  .string()
  .refine(isPeriod, 'must be a period: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, in a year from 1000');

/**
 * The largest magnitude a figure may have: 10^15 (a quadrillion). Every figure derived from such values (differences,
 * paces, percentages) stays finite and exact to the 12 significant digits shown (docs/decisions.md, "Figures up to
 * 10^15").
 */
export const MAX_MAGNITUDE = 1e15;
/** A figure: finite, within ±10^15; −0 is stored as 0. */
export const FiniteNumber = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .refine((n) => Math.abs(n) <= MAX_MAGNITUDE, 'must be between -1e15 and 1e15')
  .overwrite((n) => (n === 0 ? 0 : n));

/** Ids of ledger items, short descriptions or links. */
export const Evidence = z.array(Text).max(200);
export const RequiredEvidence = Evidence.min(1, 'must list at least one piece of evidence');

export const PeriodValue = z.strictObject({ value: FiniteNumber, period: Period });

export const ROLES = ['viewer', 'contributor', 'scrutineer', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
