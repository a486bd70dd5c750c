import { z } from 'zod';
import { eventSchemas, type EventData } from '../events/index.js';

const { ChangeReported, DecisionTaken, MeasurementRecorded, ChangeChallenged, ChallengeAnswered, DecisionCalledIn } =
  eventSchemas;

/**
 * Form parsing for the web pages: HTML forms send strings (and repeated keys as arrays); these schemas turn
 * them into the event catalogue's data, validated by the catalogue's own zod schemas (no second copy of the
 * rules), and report each error under the form field it belongs to, so the page shows it beside that field.
 */

export type FormBody = Record<string, unknown>;
export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [];
/** A textarea with one item per line; blank lines dropped. */
const lines = (v: unknown): string[] =>
  str(v)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const optional = (v: unknown): string | undefined => (str(v).trim() === '' ? undefined : str(v).trim());
/** "who: what" per line; a line without a colon is all `first`. */
const pairs = (v: unknown): [string, string][] =>
  lines(v).map((l) => {
    const i = l.indexOf(':');
    return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
  });

/** The values to put back in the form after a failed save: exactly what was sent. */
export function keptValues(body: FormBody): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) if (k !== '_csrf') out[k] = Array.isArray(v) ? v.map(String) : str(v);
  return out;
}

function toFieldErrors(
  error: z.ZodError,
  fieldOf: (path: PropertyKey[]) => string = (p) => String(p[0] ?? 'form'),
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    errors[field] ??= issue.message;
  }
  return errors;
}

function check<T>(schema: z.ZodType<T>, data: unknown, fieldOf?: (path: PropertyKey[]) => string): Parsed<T> {
  const r = schema.safeParse(data);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: toFieldErrors(r.error, fieldOf) };
}

export type ChangeForm = Omit<EventData<'ChangeReported'>, 'changeId'>;
export function parseChangeForm(body: FormBody): Parsed<ChangeForm> {
  const data = {
    whatChanged: str(body.whatChanged),
    forWhom: str(body.forWhom),
    evidence: lines(body.evidence),
    occurredAt: str(body.occurredAt),
    question: optional(body.question) ?? 'better-off',
    planId: optional(body.planId),
    indicatorIds: strs(body.indicatorIds),
    activities: lines(body.activities),
  };
  if (data.indicatorIds.length === 0) delete (data as Partial<typeof data>).indicatorIds;
  if (data.activities.length === 0) delete (data as Partial<typeof data>).activities;
  return check(ChangeReported.omit({ changeId: true }), data);
}

export type MeasurementForm = Omit<EventData<'MeasurementRecorded'>, 'measurementId'>;
export function parseMeasurementForm(body: FormBody): Parsed<MeasurementForm> {
  const raw = str(body.value).trim().replace(/,/g, '');
  const value = raw === '' ? Number.NaN : Number(raw);
  const r = check(MeasurementRecorded.omit({ measurementId: true }), {
    period: str(body.period).trim(),
    value,
    source: optional(body.source),
    note: optional(body.note),
  });
  if (!r.ok && r.errors.value) r.errors.value = 'must be a number, e.g. 64.7';
  return r;
}

export type DecisionForm = Omit<EventData<'DecisionTaken'>, 'decisionId'>;
/** decidedAt comes from a datetime-local field (no zone): it is read as UTC, as the label says. */
export function parseDecisionForm(body: FormBody): Parsed<DecisionForm> {
  const local = str(body.decidedAt).trim();
  const decidedAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)
    ? `${local.length === 16 ? `${local}:00` : local}Z`
    : local;
  const interests = lines(body.interestsDeclared);
  const none = interests.length === 1 && /^none( declared)?\.?$/i.test(interests[0] ?? '');
  const data: Record<string, unknown> = {
    summary: str(body.summary),
    decidedBy: str(body.decidedBy),
    decidedAt,
    rationale: str(body.rationale),
    forum: optional(body.forum),
    planId: optional(body.planId),
    callInUntil: optional(body.callInUntil),
  };
  const options = pairs(body.optionsConsidered).map(([option, reasonNotChosen]) => ({ option, reasonNotChosen }));
  if (options.length) data.optionsConsidered = options;
  const dissent = pairs(body.dissent).map(([who, view]) => ({ who, view }));
  if (dissent.length) data.dissent = dissent;
  // Interests: "none" records an empty list ("none declared"); an empty field leaves them not recorded.
  if (none) data.interestsDeclared = [];
  else if (interests.length)
    data.interestsDeclared = pairs(body.interestsDeclared).map(([who, interest]) => ({ who, interest }));
  const evidence = lines(body.evidence);
  if (evidence.length) data.evidence = evidence;
  return check(DecisionTaken.omit({ decisionId: true }) as z.ZodType<DecisionForm>, data, (p) =>
    String(p[0] ?? 'form'),
  );
}

export const parseChallengeForm = (body: FormBody): Parsed<{ challenge: string }> =>
  check(ChangeChallenged.pick({ challenge: true }), { challenge: str(body.challenge) });

export const parseAnswerForm = (body: FormBody): Parsed<{ answer: string; upheld?: boolean | undefined }> =>
  check(ChallengeAnswered.pick({ answer: true, upheld: true }), {
    answer: str(body.answer),
    upheld: str(body.upheld) === 'true',
  });

export const parseCallInForm = (body: FormBody): Parsed<{ by: string; reason: string }> =>
  check(DecisionCalledIn.pick({ by: true, reason: true }), { by: str(body.by), reason: str(body.reason) });

/** The login form: a token is 16–512 printable characters (the check is the auth module's, this only shapes it). */
export const parseLoginForm = (body: FormBody): Parsed<{ token: string; next: string }> =>
  check(
    z.object({
      token: z.string().trim().min(1, 'enter your access token').max(512, 'that is not an access token'),
      next: z.string(),
    }),
    { token: str(body.token), next: str(body.next) },
  );
