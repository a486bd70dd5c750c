import type { z } from 'zod';

/**
 * The fields of the web's forms, one kind per way a person types a value: how each kind reads what an HTML form
 * sends (strings, repeated keys as arrays) into the event's data, and how a zod issue on it is said in the GOV.UK
 * error-message style ("Enter what changed"). The rules stay the schema's and the decider's: this only shapes input.
 */

export type FormBody = Record<string, unknown>;
export type FieldErrors = Record<string, string>;

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'datetime'
  | 'number'
  | 'period'
  | 'lines'
  | 'select'
  | 'radios'
  | 'checkboxes'
  | 'yesno'
  | 'periodValue'
  | 'votes'
  | 'pairs'
  | 'effects';

export interface FieldSpec {
  /** The event's field it fills (a top-level key of the request body). */
  name: string;
  kind: FieldKind;
  label: string;
  /** How an error names it, after "Enter" or "Select": "what changed", "the date it changed". */
  noun: string;
  hint?: string;
  /** Required by the form (the schema decides the rest); optional fields say so in their label. */
  required?: boolean;
  choices?: Choice[];
  /** `pairs`: the keys of each "first: second" line, e.g. ['who', 'view']; a third key takes a second colon's rest. */
  pairKeys?: [string, string] | [string, string, string];
  /** `pairs`: a line reading "none" records an empty list (interests: "none declared"). */
  noneMeansEmpty?: boolean;
  rows?: number;
  /** `text`: the input's type attribute's autocomplete or width hint. */
  width?: 'short' | 'medium';
}

const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []).filter((x) => x !== '');
const lines = (v: unknown): string[] =>
  str(v)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const blank = (v: unknown): boolean => str(v).trim() === '';

/** A number as people type it: "64.7", "1,204", " 3 "; anything else is NaN (the schema then refuses it). */
/** A text field (or another kind through `extra`): the common case of a form's fields. */
export const text = (name: string, label: string, noun: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  kind: 'text',
  label,
  noun,
  ...extra,
});

export function numberOf(v: unknown): number {
  const raw = str(v).trim().replace(/,/g, '');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
}

/** A datetime-local value (no zone) read as UTC, as its label says; anything else is passed on for the schema. */
const instantOf = (v: unknown): string => {
  const local = str(v).trim();
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)
    ? `${local.length === 16 ? `${local}:00` : local}Z`
    : local;
};

const pairsOf = (v: unknown, [a, b, c]: [string, string] | [string, string, string]): Record<string, string>[] =>
  lines(v).map((l) => {
    const i = l.indexOf(':');
    if (i < 0) return { [a]: l, [b]: '' };
    const rest = l.slice(i + 1);
    const j = c === undefined ? -1 : rest.indexOf(':');
    return j < 0 || c === undefined
      ? { [a]: l.slice(0, i).trim(), [b]: rest.trim() }
      : { [a]: l.slice(0, i).trim(), [b]: rest.slice(0, j).trim(), [c]: rest.slice(j + 1).trim() };
  });

/** The rows an expected-effect field offers (no script: a fixed number of rows, blank ones ignored). */
export const EFFECT_ROWS = 3;

/** Reads one field from the body; undefined when an optional field was left empty (it is then left out). */
export function readField(f: FieldSpec, body: FormBody): unknown {
  const v = body[f.name];
  switch (f.kind) {
    case 'text':
    case 'textarea':
    case 'date':
    case 'period':
    case 'select':
    case 'radios':
      // Left empty is absent, so the message is "Enter …" rather than "… must be a real date".
      return blank(v) ? undefined : str(v).trim();
    case 'datetime':
      return blank(v) ? undefined : instantOf(v);
    case 'number':
      return blank(v) ? undefined : numberOf(v);
    case 'lines': {
      const list = lines(v);
      return list.length === 0 && !f.required ? undefined : list;
    }
    case 'checkboxes': {
      const list = strs(v);
      return list.length === 0 && !f.required ? undefined : list;
    }
    case 'yesno':
      return str(v) === 'yes' ? true : str(v) === 'no' ? false : undefined;
    case 'periodValue': {
      const value = body[`${f.name}-value`];
      const period = body[`${f.name}-period`];
      if (blank(value) && blank(period) && !f.required) return undefined;
      return { value: numberOf(value), period: str(period).trim() };
    }
    case 'votes': {
      const keys = ['for', 'against', 'abstain'] as const;
      if (keys.every((k) => blank(body[`${f.name}-${k}`]))) return undefined;
      // A count left empty beside others given is none.
      return Object.fromEntries(
        keys.map((k) => [k, blank(body[`${f.name}-${k}`]) ? 0 : numberOf(body[`${f.name}-${k}`])]),
      );
    }
    case 'pairs': {
      const list = lines(v);
      if (list.length === 0) return undefined;
      if (f.noneMeansEmpty && list.length === 1 && /^none( declared)?\.?$/i.test(list[0] ?? '')) return [];
      return pairsOf(v, f.pairKeys ?? ['first', 'second']);
    }
    case 'effects': {
      const rows = Array.from({ length: EFFECT_ROWS }, (_, i) => ({
        indicatorId: str(body[`${f.name}-${i}-indicatorId`]).trim(),
        value: body[`${f.name}-${i}-value`],
        by: str(body[`${f.name}-${i}-by`]).trim(),
      })).filter((r) => r.indicatorId !== '' || !blank(r.value) || r.by !== '');
      return rows.length === 0 ? undefined : rows.map((r) => ({ ...r, value: numberOf(r.value) }));
    }
  }
}

const CHOOSING: ReadonlySet<FieldKind> = new Set(['select', 'radios', 'checkboxes', 'yesno']);
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A zod issue as a GOV.UK-style message about the field: "Enter what changed", "The horizon must be a real date". */
export function messageFor(f: FieldSpec, issue: z.core.$ZodIssue): string {
  const noun = f.noun;
  const msg = issue.message;
  const missing =
    /must not be empty|at least one|Required/i.test(msg) ||
    (issue.code === 'invalid_type' && /undefined/.test(msg)) ||
    (issue.code === 'too_small' && issue.origin === 'array');
  if (missing) return CHOOSING.has(f.kind) ? `Select ${noun}` : `Enter ${noun}`;
  if (issue.code === 'invalid_value') return `Select ${noun}`;
  if (/at most/.test(msg) && issue.code === 'too_big') return `${capital(noun)} must be 10,000 characters or fewer`;
  if (issue.code === 'invalid_type' && /expected int/.test(msg)) return `${capital(noun)} must be a whole number`;
  if (/finite number|expected number/i.test(msg) || (issue.code === 'invalid_type' && /number/.test(msg)))
    return `${capital(noun)} must be a number, like 64.7`;
  if (/must be a date/.test(msg)) return `${capital(noun)} must be a real date, like 2026-09-30`;
  if (/UTC instant/.test(msg)) return `${capital(noun)} must be a real date and time`;
  if (/must be a period/.test(msg))
    return `${capital(noun)} must be a year, quarter, month or day, like 2026, 2026-Q3, 2026-09 or 2026-09-30`;
  if (/must be a slug/.test(msg))
    return `${capital(noun)} must be 2 to 64 lower-case letters, digits and hyphens, like school-readiness`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `${capital(noun)} must be 0 or more`;
  return `${capital(noun)}: ${msg}`;
}

/** The id of one choice of a radio or checkbox group. */
export const choiceId = (name: string, value: string): string => `${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '-');

/** The id of the first input of a field: where the error summary's link takes the reader. */
export function firstInputId(f: FieldSpec): string {
  switch (f.kind) {
    case 'periodValue':
      return `${f.name}-value`;
    case 'votes':
      return `${f.name}-for`;
    case 'effects':
      return `${f.name}-0-indicatorId`;
    case 'radios':
    case 'checkboxes':
    case 'yesno':
      return choiceId(f.name, f.kind === 'yesno' ? 'yes' : (f.choices?.[0]?.value ?? 'none'));
    default:
      return f.name;
  }
}
