import type { Request, Response, Router } from 'express';
import type { Command } from '../domain/commands.js';
import { isDomainError } from '../domain/errors.js';
import { activityNudge } from '../domain/nudge.js';
import { dayOf, type CommandType } from '../events/index.js';
import {
  keptValues,
  parseAnswerForm,
  parseCallInForm,
  parseChallengeForm,
  parseChangeForm,
  parseDecisionForm,
  parseMeasurementForm,
  type FieldErrors,
  type FormBody,
  type Parsed,
} from './forms.js';
import { flatIndicator, flatJourney, type FlatJourney } from './read-model.js';
import type { WebContext } from './context.js';

/**
 * The forms: parse with the catalogue's zod schemas, send the command through the domain
 * command handler, and on any error show the form again with each message beside its field and the input kept.
 * Nothing here decides anything: the rules are the deciders'.
 */

const QUESTIONS = ['better-off', 'how-well', 'how-much'];
const errorList = (errors: FieldErrors) =>
  Object.entries(errors).map(([field, message]) => ({ field, message: `${label(field)}: ${message}` }));
const label = (field: string) =>
  field
    .replace(/([A-Z])/g, ' $1')
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/ Ids?$/, '');
const body = (req: Request): FormBody => (req.body && typeof req.body === 'object' ? (req.body as FormBody) : {});
const param = (req: Request, name: string): string => String(req.params[name] ?? '');

/** A domain refusal as form errors, or null when it is not one (then it is a server error). */
function domainErrors(e: unknown): FieldErrors | null {
  if (!isDomainError(e)) return null;
  const errors: FieldErrors = {};
  for (const r of e.errors) errors[r.path.split('.')[0] || 'form'] ??= r.message;
  if (Object.keys(errors).length === 0) errors.form = e.message;
  return errors;
}

interface FormSpec<T> {
  path: string;
  view: string;
  /** The command the form asks for: who may use the form is who may ask for it (the access policy). */
  asks: CommandType;
  what: string;
  /** Loads what the form is about; null → 404 page. */
  load(req: Request): Promise<Record<string, unknown> | null>;
  defaults?(req: Request): Record<string, unknown>;
  parse(b: FormBody): Parsed<T>;
  /** A reason to show the form once more before saving (the activity nudge); the user can still save. */
  pause?(b: FormBody, data: T): string | null;
  command(req: Request, data: T): Command;
  done(req: Request): string;
}

export function formRoutes(router: Router, ctx: WebContext): void {
  const { reads, ledger } = ctx.deps;
  function form<T>(spec: FormSpec<T>): void {
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
    const show = (
      req: Request,
      res: Response,
      subject: Record<string, unknown>,
      extra: Record<string, unknown>,
      status = 200,
    ) => ctx.page(req, res, spec.view, { title: spec.what, questions: QUESTIONS, ...subject, ...extra }, status);

    router.get(spec.path, async (req, res) => {
      if (guard(req, res)) return;
      const subject = await spec.load(req);
      if (!subject) return ctx.problem(req, res, 404, 'Not found', `There is nothing at ${req.path}.`);
      show(req, res, subject, { values: spec.defaults?.(req) ?? {} });
    });
    router.post(spec.path, async (req, res) => {
      if (guard(req, res)) return;
      const subject = await spec.load(req);
      if (!subject) return ctx.problem(req, res, 404, 'Not found', `There is nothing at ${req.path}.`);
      const b = body(req);
      const values = keptValues(b);
      const parsed = spec.parse(b);
      if (!parsed.ok)
        return show(req, res, subject, { values, errors: parsed.errors, errorList: errorList(parsed.errors) }, 400);
      const pause = b.nudgeSeen === '1' ? null : (spec.pause?.(b, parsed.data) ?? null);
      if (pause) return show(req, res, subject, { values, nudge: pause });
      try {
        await ledger.handle(req.actor!, spec.command(req, parsed.data));
      } catch (e) {
        // The ledger asks the access policy once more with the whole command (src/app/ledger.ts).
        if (isDomainError(e) && e.kind === 'forbidden') return ctx.outOfScope(req, res, e.message, spec.what);
        const errors = domainErrors(e);
        if (!errors) throw e;
        return show(req, res, subject, { values, errors, errorList: errorList(errors) }, 400);
      }
      res.redirect(303, spec.done(req));
    });
  }

  const journeyOf = async (req: Request): Promise<{ journey: FlatJourney } | null> => {
    const found = await reads.journey(param(req, 'journeyId'));
    return found ? { journey: flatJourney(found) } : null;
  };
  const today = () => dayOf(ctx.deps.clock.now());

  form({
    path: '/journeys/:journeyId/changes/new',
    view: 'forms/change',
    asks: 'ReportChange',
    what: 'report a change',
    load: journeyOf,
    defaults: () => ({ question: 'better-off', occurredAt: today() }),
    parse: parseChangeForm,
    pause: (_b, data) => activityNudge(data.whatChanged).message,
    command: (req, data) => ({ type: 'ReportChange', journeyId: param(req, 'journeyId'), ...data }),
    done: (req) => `/journeys/${param(req, 'journeyId')}?saved=change#changes`,
  });

  form({
    path: '/journeys/:journeyId/decisions/new',
    view: 'forms/decision',
    asks: 'TakeDecision',
    what: 'record a decision',
    load: journeyOf,
    parse: parseDecisionForm,
    command: (req, data) => ({ type: 'TakeDecision', journeyId: param(req, 'journeyId'), ...data }),
    done: (req) => `/journeys/${param(req, 'journeyId')}?saved=decision#decisions`,
  });

  form({
    path: '/indicators/:indicatorId/measurements/new',
    view: 'forms/measurement',
    asks: 'RecordMeasurement',
    what: 'record a measurement',
    load: async (req) => {
      const found = await reads.indicator(param(req, 'indicatorId'));
      const indicator = found && flatIndicator(found);
      return indicator ? { indicator, unitHint: `In ${indicator.unit}` } : null;
    },
    parse: parseMeasurementForm,
    command: (req, data) => ({ type: 'RecordMeasurement', indicatorId: param(req, 'indicatorId'), ...data }),
    done: (req) => `/indicators/${param(req, 'indicatorId')}?saved=measurement`,
  });

  const changeOf = async (req: Request) => {
    const j = await journeyOf(req);
    const change = j?.journey.changes.find((c) => c.changeId === param(req, 'changeId'));
    return j && change ? { ...j, change } : null;
  };

  form({
    path: '/journeys/:journeyId/changes/:changeId/challenges/new',
    view: 'forms/text',
    asks: 'ChallengeChange',
    what: 'challenge a change',
    load: async (req) => {
      const c = await changeOf(req);
      return (
        c && {
          ...c,
          heading: 'Challenge a change',
          subject: c.change.whatChanged,
          action: req.originalUrl.split('?')[0],
          field: 'challenge',
          fieldLabel: 'Your challenge: what is doubtful about this change or its evidence?',
          submit: 'Send the challenge',
        }
      );
    },
    parse: parseChallengeForm,
    command: (req, data) => ({
      type: 'ChallengeChange',
      journeyId: param(req, 'journeyId'),
      changeId: param(req, 'changeId'),
      ...data,
    }),
    done: (req) => `/journeys/${param(req, 'journeyId')}?saved=challenge#change-${param(req, 'changeId')}`,
  });

  form({
    path: '/journeys/:journeyId/changes/:changeId/challenges/:challengeId/answer',
    view: 'forms/text',
    asks: 'AnswerChallenge',
    what: 'answer a challenge',
    load: async (req) => {
      const c = await changeOf(req);
      const challenge = c?.change.challenges.find((x) => x.challengeId === param(req, 'challengeId'));
      return c && challenge
        ? {
            ...c,
            heading: 'Answer a challenge',
            subject: challenge.challenge,
            action: req.originalUrl.split('?')[0],
            field: 'answer',
            fieldLabel: 'Your answer',
            upheldChoice: true,
            submit: 'Send the answer',
          }
        : null;
    },
    parse: parseAnswerForm,
    command: (req, data) => ({
      type: 'AnswerChallenge',
      journeyId: param(req, 'journeyId'),
      changeId: param(req, 'changeId'),
      challengeId: param(req, 'challengeId'),
      ...data,
    }),
    done: (req) => `/journeys/${param(req, 'journeyId')}?saved=answer#change-${param(req, 'changeId')}`,
  });

  form({
    path: '/journeys/:journeyId/decisions/:decisionId/call-in',
    view: 'forms/text',
    asks: 'CallInDecision',
    what: 'call a decision in',
    load: async (req) => {
      const j = await journeyOf(req);
      const decision = j?.journey.decisions.find((d) => d.decisionId === param(req, 'decisionId'));
      return j && decision
        ? {
            ...j,
            heading: 'Call a decision in',
            subject: decision.summary,
            action: req.originalUrl.split('?')[0],
            field: 'reason',
            fieldLabel: 'Why should it be called in?',
            byField: true,
            submit: 'Call it in',
          }
        : null;
    },
    defaults: (req) => ({ by: req.actor?.name ?? '' }),
    parse: parseCallInForm,
    command: (req, data) => ({
      type: 'CallInDecision',
      journeyId: param(req, 'journeyId'),
      decisionId: param(req, 'decisionId'),
      ...data,
    }),
    done: (req) => `/journeys/${param(req, 'journeyId')}?saved=call-in#decision-${param(req, 'decisionId')}`,
  });
}
