import type { Request, Response, Router } from 'express';
import type { HandleResult } from '../app/command-handler.js';
import type { Command } from '../domain/commands.js';
import { isDomainError, type DomainError } from '../domain/errors.js';
import type { CommandType } from '../events/index.js';
import { bodySchema, paramsSchema, WRITE_ROUTES } from '../events/requests.js';
import type { WebContext } from './context.js';
import {
  choiceId,
  firstInputId,
  messageFor,
  readField,
  EFFECT_ROWS,
  type Choice,
  type FieldErrors,
  type FieldSpec,
  type FormBody,
} from './form-fields.js';

/**
 * One web form per write route (docs/architecture.md, "Adding a form"): the route's command and request schema come
 * from the event's descriptor (WRITE_ROUTES), who may use the form is who may ask for the command about the journey
 * or indicator in the path (the access policy), and a spec says only how the form reads to people: its fields,
 * words and where to land after saving. GET shows the form; POST checks the CSRF token, reads the fields, validates
 * them with the descriptor's own request schema, sends the command, and redirects (303) to the new entry's anchor;
 * any error shows the form again with a GOV.UK error summary and each message beside its field.
 */
export interface FormSpec<S> {
  /** The web path: the API path without /api, plus /new for a creation. */
  path: string;
  asks: CommandType;
  /** Completes "only contributors may …" and "You need to sign in to …". */
  what: string;
  heading(s: NoInfer<S>): string;
  /** What the form is about, quoted above it (the change challenged, the decision called in). */
  quote?(s: NoInfer<S>): string | null;
  lead?(s: NoInfer<S>): string;
  breadcrumbs(s: NoInfer<S>): { href: string; label: string }[];
  /** Loads what the form is about; null → 404. */
  load(req: Request): Promise<S | null>;
  fields(s: NoInfer<S>): FieldSpec[];
  defaults?(s: NoInfer<S>, req: Request): Record<string, string | string[]>;
  submit: string;
  /**
   * A reason to show the form once more before saving (the activity nudge), and the text it was about: sent back
   * unchanged, the form saves; rewritten, it is checked again.
   */
  pause?(body: FormBody, data: Record<string, unknown>): { message: string; text: string } | null;
  /** Where the new entry is shown, at its anchor. */
  done(req: Request, s: NoInfer<S>, result: HandleResult): string;
  /** A refusal said for this form, with a link to what to do instead (e.g. "correct that figure"). */
  explain?(e: DomainError, s: NoInfer<S>, body: FormBody): { field: string; message: string; link?: Link } | null;
}
interface Link {
  href: string;
  label: string;
}

const routeOf = (command: CommandType) => {
  const r = WRITE_ROUTES.find((w) => w.command === command);
  if (!r) throw new Error(`no write route asks for ${command}`);
  return r;
};

/** The values to put back in the form: exactly what was sent. */
export function keptValues(body: FormBody): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body))
    if (k !== '_csrf') out[k] = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v : '';
  return out;
}

/** Reads the form's fields and validates them with the descriptor's request schema; errors keyed by field. */
export function readForm(
  command: CommandType,
  fields: FieldSpec[],
  body: FormBody,
): { ok: true; data: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    const v = readField(f, body);
    if (v !== undefined) data[f.name] = v;
    // The form asks for some answers the schema would default (no preselected Results-Based Accountability question).
    else if (f.required)
      errors[f.name] = messageFor(f, {
        code: 'invalid_type',
        message: 'Required',
        path: [],
        expected: 'string',
        input: undefined,
      });
  }
  const r = bodySchema(routeOf(command)).safeParse(data);
  if (r.success && Object.keys(errors).length === 0) return { ok: true, data: r.data as Record<string, unknown> };
  for (const issue of r.success ? [] : r.error.issues) {
    const f = fields.find((x) => x.name === String(issue.path[0] ?? ''));
    errors[f?.name ?? 'form'] ??= f ? messageFor(f, issue) : issue.message;
  }
  return { ok: false, errors };
}

/** A domain refusal as form errors: each beside its field, or above the form. */
function refusalErrors(e: DomainError, fields: FieldSpec[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const r of e.errors) {
    const name = r.path.split('.')[0] ?? '';
    const f = fields.find((x) => x.name === name);
    errors[f ? name : 'form'] ??= f ? `${f.label.replace(/[?:]$/, '')}: ${r.message}` : r.message;
  }
  if (Object.keys(errors).length === 0) errors.form = e.message;
  return errors;
}

type Values = Record<string, string | string[]>;
const valueOf = (values: Values, name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const listOf = (values: Values, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/** What a field's template needs: ids, words, the kept value, the error. */
export function fieldView(f: FieldSpec, values: Values, errors: FieldErrors) {
  const error = errors[f.name];
  const hintId = f.hint ? `${f.name}-hint` : null;
  const errorId = error ? `${f.name}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || null;
  const choice = (c: Choice, checked: boolean) => ({ ...c, id: choiceId(f.name, c.value), checked });
  const selected = listOf(values, f.name);
  return {
    ...f,
    id: firstInputId(f),
    error,
    errorId,
    hintId,
    describedBy,
    optional: !f.required,
    grouped: ['radios', 'checkboxes', 'yesno', 'periodValue', 'votes', 'effects'].includes(f.kind),
    value: valueOf(values, f.name),
    choices: (f.kind === 'yesno'
      ? [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]
      : (f.choices ?? [])
    ).map((c) => choice(c, selected.includes(c.value))),
    parts:
      f.kind === 'periodValue'
        ? [
            { id: `${f.name}-value`, label: 'Value', value: valueOf(values, `${f.name}-value`), inputmode: 'decimal' },
            { id: `${f.name}-period`, label: 'Period', value: valueOf(values, `${f.name}-period`), hint: 'like 2026' },
          ]
        : f.kind === 'votes'
          ? (['for', 'against', 'abstain'] as const).map((k) => ({
              id: `${f.name}-${k}`,
              label: k === 'for' ? 'For' : k === 'against' ? 'Against' : 'Abstained',
              value: valueOf(values, `${f.name}-${k}`),
              inputmode: 'numeric',
            }))
          : [],
    rowsOf:
      f.kind === 'effects'
        ? Array.from({ length: EFFECT_ROWS }, (_, i) => ({
            n: i + 1,
            indicatorId: { id: `${f.name}-${i}-indicatorId`, value: valueOf(values, `${f.name}-${i}-indicatorId`) },
            value: { id: `${f.name}-${i}-value`, value: valueOf(values, `${f.name}-${i}-value`) },
            by: { id: `${f.name}-${i}-by`, value: valueOf(values, `${f.name}-${i}-by`) },
            choices: (f.choices ?? []).map((c) => ({
              ...c,
              selected: c.value === valueOf(values, `${f.name}-${i}-indicatorId`),
            })),
          }))
        : [],
  };
}

/** A path parameter as text (Express gives undefined for a missing one). */
export const param = (req: Request, name: string): string => String(req.params[name] ?? '');

/** Registers GET and POST for one form. */
export function form<S>(router: Router, ctx: WebContext, spec: FormSpec<S>): void {
  const route = routeOf(spec.asks);
  const params = paramsSchema(route);
  const guard = (req: Request, res: Response) =>
    ctx.refuse(
      req,
      res,
      {
        do: 'write',
        command: spec.asks,
        ...(req.params.journeyId ? { journeyId: param(req, 'journeyId') } : {}),
        ...(req.params.indicatorId ? { indicatorId: param(req, 'indicatorId') } : {}),
      },
      spec.what,
    );
  const load = async (req: Request, res: Response): Promise<S | null> => {
    const s = params.safeParse(req.params).success ? await spec.load(req) : null;
    if (!s) ctx.problem(req, res, 404, 'Page not found', `There is nothing at ${req.path}.`);
    return s;
  };
  const show = (
    req: Request,
    res: Response,
    s: S,
    values: Values,
    extra: { errors?: FieldErrors; nudge?: string; nudgedText?: string; errorLink?: Link } = {},
    status = 200,
  ) => {
    const errors = extra.errors ?? {};
    const fields = spec.fields(s);
    const errorList = Object.entries(errors).map(([field, message]) => {
      const f = fields.find((x) => x.name === field);
      return { href: f ? `#${firstInputId(f)}` : '#form', message };
    });
    ctx.page(
      req,
      res,
      'forms/form',
      {
        title: `${errorList.length ? 'Error: ' : ''}${spec.heading(s)}`,
        heading: spec.heading(s),
        quote: spec.quote?.(s) ?? null,
        lead: spec.lead?.(s) ?? null,
        breadcrumbs: spec.breadcrumbs(s),
        action: req.originalUrl.split('?')[0],
        fields: fields.map((f) => fieldView(f, values, errors)),
        formError: errors.form ?? null,
        errorList,
        errorLink: extra.errorLink ?? null,
        nudge: extra.nudge ?? null,
        nudgedText: extra.nudgedText ?? null,
        submit: spec.submit,
      },
      status,
    );
  };

  router.get(spec.path, async (req, res) => {
    if (guard(req, res)) return;
    const s = await load(req, res);
    if (s) show(req, res, s, spec.defaults?.(s, req) ?? {});
  });
  router.post(spec.path, async (req, res) => {
    if (guard(req, res)) return;
    const s = await load(req, res);
    if (!s) return;
    const body: FormBody = req.body && typeof req.body === 'object' ? (req.body as FormBody) : {};
    const values = keptValues(body);
    const read = readForm(spec.asks, spec.fields(s), body);
    if (!read.ok) return show(req, res, s, values, { errors: read.errors }, 400);
    const nudge = spec.pause?.(body, read.data) ?? null;
    if (nudge) return show(req, res, s, values, { nudge: nudge.message, nudgedText: nudge.text });
    const command = { type: spec.asks, ...read.data, ...params.parse(req.params) } as Command;
    let result: HandleResult;
    try {
      result = await ctx.deps.ledger.handle(req.actor!, command);
    } catch (e) {
      // The ledger asks the access policy once more with the whole command (src/app/ledger.ts).
      if (isDomainError(e) && e.kind === 'forbidden') return ctx.outOfScope(req, res, e.message, spec.what);
      if (!isDomainError(e)) throw e;
      const said = spec.explain?.(e, s, body) ?? null;
      const errors = said ? { [said.field]: said.message } : refusalErrors(e, spec.fields(s));
      return show(req, res, s, values, { errors, ...(said?.link ? { errorLink: said.link } : {}) }, 400);
    }
    res.redirect(303, spec.done(req, s, result));
  });
}
