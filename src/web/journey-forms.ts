import type { Request, Router } from 'express';
import type { HandleResult } from '../app/command-handler.js';
import type { WebContext } from './context.js';
import { text, type Choice, type FieldSpec } from './form-fields.js';
import { form, param } from './form-kit.js';
import { flatJourney, type FlatJourney } from './read-model.js';

/**
 * The forms of a journey's charter and plans (its changes, lessons, perspectives and accountabilities are in
 * entry-forms.ts, its decisions in decision-forms.ts), and what they share. Each lands, once saved, on the journey
 * page at the new entry's anchor.
 */
export interface JourneySubject {
  journey: FlatJourney;
}

/** The journey page at an entry's anchor, with the confirmation of what was saved. */
export const journeyEntry = (journeyId: string, saved: string, anchor?: string, id?: string): string =>
  `/journeys/${journeyId}?saved=${saved}${id ? `&entry=${encodeURIComponent(id)}` : ''}${anchor ? `#${anchor}` : ''}`;
export const atEntry =
  (saved: string, anchor: string) =>
  (req: Request, _s: unknown, r: HandleResult): string =>
    journeyEntry(param(req, 'journeyId'), saved, `${anchor}-${r.appended.id}`, r.appended.id);

export const crumbs = (j: FlatJourney) => [
  { href: '/', label: 'City overview' },
  { href: `/journeys/${j.journeyId}`, label: j.title },
];
export const planChoices = (j: FlatJourney): Choice[] =>
  j.plans.filter((p) => p.status === 'adopted').map((p) => ({ value: p.planId, label: p.intent }));
export const indicatorChoices = (j: FlatJourney): Choice[] =>
  j.indicators.map((i) => ({ value: i.indicatorId, label: i.name }));

export const area = (name: string, label: string, noun: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  text(name, label, noun, { kind: 'textarea', ...extra });

/** Loads the journey a form is about (null: no such journey, a 404). */
export const journeyLoader =
  (ctx: WebContext) =>
  async (req: Request): Promise<JourneySubject | null> => {
    const found = await ctx.deps.reads.journey(param(req, 'journeyId'));
    return found ? { journey: flatJourney(found) } : null;
  };

export function journeyForms(router: Router, ctx: WebContext): void {
  const journeyOf = journeyLoader(ctx);
  const base = { load: journeyOf, breadcrumbs: (s: JourneySubject) => crumbs(s.journey) };

  form<Record<string, never>>(router, ctx, {
    path: '/journeys/new',
    asks: 'CharterJourney',
    what: 'chart a journey',
    heading: () => 'Chart a journey',
    lead: () =>
      'A journey is an outcome the partnership sets itself to reach by a date: what will be different, for whom, and who leads.',
    breadcrumbs: () => [{ href: '/', label: 'City overview' }],
    load: () => Promise.resolve({}),
    fields: () => [
      text('title', 'Title', 'a title', {
        required: true,
        hint: 'Short and plain, like “Every child ready for school”',
      }),
      area('ambition', 'Ambition', 'the ambition', {
        required: true,
        hint: 'What will be different, and for whom, when the journey is done',
      }),
      text('journeyId', 'Short name for its web address', 'a short name', {
        required: true,
        width: 'medium',
        hint: 'Lower-case letters, digits and hyphens, like school-readiness. It cannot be changed later.',
      }),
      text('horizon', 'Horizon', 'the horizon', {
        kind: 'date',
        required: true,
        hint: 'The date it should be reached by',
      }),
      text('lead', 'Lead', 'who leads it', { required: true, hint: 'A person, role or body' }),
      text('outcomeArea', 'Outcome area', 'the outcome area'),
      area('partners', 'Partners', 'the partners', { kind: 'lines', hint: 'One per line' }),
    ],
    submit: 'Chart the journey',
    done: (_req, _s, r) => journeyEntry(r.appended.id, 'journey'),
  });

  form(router, ctx, {
    ...base,
    path: '/journeys/:journeyId/reframe',
    asks: 'ReframeJourney',
    what: 'reframe a journey',
    heading: () => 'Reframe the journey',
    lead: (s) =>
      `Change what the journey is about, and say why. Leave a field empty to keep it as it is. Its horizon is now ${s.journey.horizon}, led by ${s.journey.lead}.`,
    fields: () => [
      area('reason', 'Why is it reframed?', 'why it is reframed', { required: true }),
      text('title', 'New title', 'the new title'),
      area('ambition', 'New ambition', 'the new ambition'),
      text('horizon', 'New horizon', 'the new horizon', { kind: 'date' }),
      text('lead', 'New lead', 'the new lead'),
      area('partners', 'Partners', 'the partners', { kind: 'lines', hint: 'One per line; this replaces the list' }),
    ],
    submit: 'Reframe the journey',
    done: (req) => journeyEntry(param(req, 'journeyId'), 'reframe'),
  });

  form(router, ctx, {
    ...base,
    path: '/journeys/:journeyId/conclude',
    asks: 'ConcludeJourney',
    what: 'conclude a journey',
    heading: () => 'Conclude the journey',
    fields: () => [
      {
        name: 'outcome',
        kind: 'radios',
        label: 'How did it end?',
        noun: 'how it ended',
        required: true,
        choices: [
          { value: 'achieved', label: 'Achieved' },
          { value: 'partly-achieved', label: 'Partly achieved' },
          { value: 'not-achieved', label: 'Not achieved' },
          { value: 'abandoned', label: 'Abandoned' },
        ],
      },
      area('reason', 'Why, and on what evidence?', 'why', { required: true }),
    ],
    submit: 'Conclude the journey',
    done: (req) => journeyEntry(param(req, 'journeyId'), 'conclude'),
  });

  form(router, ctx, {
    ...base,
    path: '/journeys/:journeyId/plans/new',
    asks: 'AdoptPlan',
    what: 'adopt a plan',
    heading: () => 'Adopt a plan',
    lead: () => 'A plan names the change intended, who owns it and whom they answer to.',
    fields: (s) => [
      area('intent', 'What change is intended?', 'the change intended', { required: true }),
      text('owner', 'Owner', 'the owner', { required: true }),
      text('accountableTo', 'Accountable to', 'whom the owner answers to', { required: true }),
      text('reviewBy', 'Review by', 'the review date', { kind: 'date' }),
      {
        name: 'indicatorIds',
        kind: 'checkboxes',
        label: 'Indicators it should move',
        noun: 'the indicators',
        choices: indicatorChoices(s.journey),
      },
      {
        name: 'dependsOn',
        kind: 'checkboxes',
        label: 'Plans it depends on',
        noun: 'the plans it depends on',
        choices: planChoices(s.journey),
      },
    ],
    submit: 'Adopt the plan',
    done: atEntry('plan', 'plan'),
  });

  const planOf = async (req: Request) => {
    const s = await journeyOf(req);
    const plan = s?.journey.plans.find((p) => p.planId === param(req, 'planId'));
    return s && plan ? { ...s, plan } : null;
  };
  const planDone = (saved: string) => (req: Request) =>
    journeyEntry(param(req, 'journeyId'), saved, `plan-${param(req, 'planId')}`, param(req, 'planId'));

  form(router, ctx, {
    load: planOf,
    breadcrumbs: (s) => crumbs(s.journey),
    path: '/journeys/:journeyId/plans/:planId/revise',
    asks: 'RevisePlan',
    what: 'revise a plan',
    heading: () => 'Revise a plan',
    quote: (s) => s.plan.intent,
    lead: () => 'Say why it is revised, and what changes. Leave a field empty to keep it as it is.',
    fields: (s) => [
      area('reason', 'Why is it revised?', 'why it is revised', { required: true }),
      area('intent', 'New intent', 'the new intent'),
      text('owner', 'New owner', 'the new owner'),
      text('accountableTo', 'Now accountable to', 'whom the owner now answers to'),
      text('reviewBy', 'New review date', 'the new review date', { kind: 'date' }),
      {
        name: 'indicatorIds',
        kind: 'checkboxes',
        label: 'Indicators it should move (replaces the list when any is ticked)',
        noun: 'the indicators',
        choices: indicatorChoices(s.journey),
      },
      {
        name: 'dependsOn',
        kind: 'checkboxes',
        label: 'Plans it depends on (replaces the list when any is ticked)',
        noun: 'the plans it depends on',
        choices: planChoices(s.journey).filter((c) => c.value !== s.plan.planId),
      },
    ],
    submit: 'Revise the plan',
    done: planDone('plan-revised'),
  });

  form(router, ctx, {
    load: planOf,
    breadcrumbs: (s) => crumbs(s.journey),
    path: '/journeys/:journeyId/plans/:planId/withdraw',
    asks: 'WithdrawPlan',
    what: 'withdraw a plan',
    heading: () => 'Withdraw a plan',
    quote: (s) => s.plan.intent,
    fields: () => [area('reason', 'Why is it withdrawn?', 'why it is withdrawn', { required: true })],
    submit: 'Withdraw the plan',
    done: planDone('plan-withdrawn'),
  });
}
