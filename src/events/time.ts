/**
 * Calendar arithmetic, defined once: days are UTC `YYYY-MM-DD`, a year is 365.25 days, a date stands for the
 * instant at the start of its day and a day ends at 23:59:59.999 UTC. The progress maths, the charts, the
 * deciders, the reports and the read routes all count time with these.
 */
export const DAYS_PER_YEAR = 365.25;
export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a date `YYYY-MM-DD` (an instant's date part works too). */
export const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;

/** The date of a day number. */
export const dateOfDay = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** Years (of 365.25 days) from one date to another; negative when `to` is earlier. */
export const yearsBetween = (from: string, to: string): number => (dayNumber(to) - dayNumber(from)) / DAYS_PER_YEAR;

/** A date (YYYY-MM-DD) as the instant at the start of that day, UTC. */
export const dateToInstant = (date: string): string => `${date}T00:00:00.000Z`;

/** The last moment of a day, UTC: a window "until 2026-03-10" is open all of that day. */
export const endOfDayInstant = (date: string): string => `${date.slice(0, 10)}T23:59:59.999Z`;

/** Milliseconds since the epoch at the start (UTC) of a date or of an instant's day. */
export const dateMs = (date: string): number => dayNumber(date) * MS_PER_DAY;

/** The UTC date of an instant or a Date: 2026-11-25T14:02:00Z → 2026-11-25. */
export const dayOf = (instant: string | Date): string =>
  (typeof instant === 'string' ? instant : instant.toISOString()).slice(0, 10);
