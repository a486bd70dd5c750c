import type { Request, Router } from 'express';
import { periodLabel } from '../present/format.js';
import type { WebContext } from './context.js';
import { text } from './form-fields.js';
import { form, param } from './form-kit.js';
import { flatIndicator, type FlatIndicator } from './read-model.js';

/**
 * The forms of an indicator's stream: defining it, revising its target, recording a figure and correcting one.
 * Each lands on the indicator page at the new entry.
 */
export interface IndicatorSubject {
  indicator: FlatIndicator;
}
export const crumbs = (i: FlatIndicator) => [
  { href: '/', label: 'City overview' },
  { href: `/indicators/${i.indicatorId}`, label: i.name },
];
/** The indicator page at an entry, with the confirmation of what was saved. */
export const indicatorEntry = (indicatorId: string, saved: string, anchor?: string): string =>
  `/indicators/${indicatorId}?saved=${saved}${anchor ? `#${anchor}` : ''}`;

const PERIOD_HINT = 'A year, quarter, month or day, like 2026, 2026-Q3, 2026-09 or 2026-09-30';

/** Loads the indicator a form's path names, or null (a 404 page) when there is none. */
export const indicatorLoader =
  (ctx: WebContext) =>
  async (req: Request): Promise<IndicatorSubject | null> => {
    const found = await ctx.deps.reads.indicator(param(req, 'indicatorId'));
    return found ? { indicator: flatIndicator(found) } : null;
  };

export function indicatorForms(router: Router, ctx: WebContext): void {
  const { reads } = ctx.deps;
  const indicatorOf = indicatorLoader(ctx);
  const base = { load: indicatorOf, breadcrumbs: (s: IndicatorSubject) => crumbs(s.indicator) };
  const unitHint = (i: FlatIndicator) => `In ${i.unit}. ${i.direction === 'increase' ? 'Higher' : 'Lower'} is better.`;

  form(router, ctx, {
    path: '/indicators/new',
    asks: 'DefineIndicator',
    what: 'define an indicator',
    heading: () => 'Define an indicator',
    lead: () =>
      'An indicator is a figure that shows whether the journey is working: where it started, where it should get to, and by when.',
    breadcrumbs: () => [{ href: '/', label: 'City overview' }],
    load: async () => ({ journeys: await reads.overview() }),
    fields: (s) => [
      text('name', 'Name', 'a name', { required: true, hint: 'Like “Children at a good level of development”' }),
      text('indicatorId', 'Short name for its web address', 'a short name', {
        required: true,
        width: 'medium',
        hint: 'Lower-case letters, digits and hyphens, like good-level-development. It cannot be changed later.',
      }),
      text('unit', 'Unit', 'the unit', { required: true, width: 'short', hint: 'Like %, people, days or £' }),
      {
        name: 'direction',
        kind: 'radios',
        label: 'Which way is better?',
        noun: 'which way is better',
        required: true,
        choices: [
          { value: 'increase', label: 'Higher is better' },
          { value: 'decrease', label: 'Lower is better' },
        ],
      },
      {
        name: 'baseline',
        kind: 'periodValue',
        label: 'Baseline',
        noun: 'the baseline',
        required: true,
        hint: 'The figure it starts from, and its period',
      },
      {
        name: 'target',
        kind: 'periodValue',
        label: 'Target',
        noun: 'the target',
        required: true,
        hint: 'The figure to reach, and the period to reach it by',
      },
      {
        name: 'frequency',
        kind: 'radios',
        label: 'How often is it measured?',
        noun: 'how often it is measured',
        required: true,
        choices: [
          { value: 'annual', label: 'Every year' },
          { value: 'quarterly', label: 'Every quarter' },
          { value: 'monthly', label: 'Every month' },
        ],
      },
      {
        name: 'journeyIds',
        kind: 'checkboxes',
        label: 'Journeys it shows progress on',
        noun: 'the journeys',
        choices: s.journeys.map((j) => ({ value: j.journeyId, label: j.title })),
      },
      text('source', 'Source', 'the source', { hint: 'Where the figures come from' }),
      text('population', 'Population', 'the population', { hint: 'Whom the figures count' }),
      {
        name: 'doNothing',
        kind: 'periodValue',
        label: 'If nothing changes',
        noun: 'the “if nothing changes” forecast',
        hint: 'The figure expected by a period if nothing were done: the curve the journey means to turn',
      },
    ],
    defaults: (_s, req): Record<string, string[]> =>
      typeof req.query.journey === 'string' ? { journeyIds: [req.query.journey] } : {},
    submit: 'Define the indicator',
    done: (_req, _s, r) => indicatorEntry(r.appended.id, 'indicator'),
  });

  form(router, ctx, {
    ...base,
    path: '/indicators/:indicatorId/target',
    asks: 'ReviseTarget',
    what: "revise an indicator's target",
    heading: (s) => `Revise the target: ${s.indicator.name}`,
    lead: (s) =>
      `The target is now ${s.indicator.target.value} ${s.indicator.unit} by ${periodLabel(s.indicator.target.period)}. Moving it is always shown beside the figures.`,
    fields: () => [
      {
        name: 'target',
        kind: 'periodValue',
        label: 'New target',
        noun: 'the new target',
        required: true,
        hint: 'The figure to reach, and the period to reach it by',
      },
      text('reason', 'Why is it moved?', 'why it is moved', { kind: 'textarea', required: true }),
      text('decidedBy', 'Who decided?', 'who decided', { required: true }),
    ],
    submit: 'Revise the target',
    done: (req) => indicatorEntry(param(req, 'indicatorId'), 'target', 'target-revisions'),
  });

  form(router, ctx, {
    ...base,
    path: '/indicators/:indicatorId/measurements/new',
    asks: 'RecordMeasurement',
    what: 'record a measurement',
    heading: (s) => `Record a figure: ${s.indicator.name}`,
    fields: (s) => [
      text('period', 'Period', 'the period', { kind: 'period', required: true, width: 'medium', hint: PERIOD_HINT }),
      text('value', 'Value', 'the value', {
        kind: 'number',
        required: true,
        width: 'short',
        hint: unitHint(s.indicator),
      }),
      ...(s.indicator.groups.length > 0
        ? [
            {
              name: 'group',
              kind: 'select' as const,
              label: 'Whose figure is it?',
              noun: 'whose figure it is',
              choices: [
                { value: '', label: 'The whole population' },
                ...s.indicator.groups.map((g) => ({ value: g.groupId, label: g.name })),
              ],
            },
          ]
        : []),
      text('source', 'Source', 'the source'),
      text('note', 'Note', 'the note', { kind: 'textarea' }),
    ],
    submit: 'Save the figure',
    // A group's figure lands on its group (the page lists the whole population's figures).
    done: (req, _s, r) => {
      const group = (r.events[0]?.data as { group?: string } | undefined)?.group;
      return indicatorEntry(
        param(req, 'indicatorId'),
        'measurement',
        group ? `group-${group}` : `measurement-${r.appended.id}`,
      );
    },
    // "Already has a figure for 2024: correct it instead" — with a way to do so.
    explain: (e, s, body) => {
      const period = typeof body.period === 'string' ? body.period.trim() : '';
      const group = typeof body.group === 'string' ? body.group : '';
      // The page lists the whole population's figures: a group's figure is corrected from the API for now.
      const existing = group ? undefined : s.indicator.measurements.find((m) => m.period === period);
      if (!existing || e.kind !== 'conflict') return null;
      return {
        field: 'period',
        message: `A figure for ${periodLabel(period)} is already recorded (${existing.value} ${s.indicator.unit}). Correct that figure instead.`,
        link: {
          href: `/indicators/${s.indicator.indicatorId}/measurements/${existing.measurementId}/correct`,
          label: `Correct the ${periodLabel(period)} figure`,
        },
      };
    },
  });

  form(router, ctx, {
    breadcrumbs: (s) => crumbs(s.indicator),
    load: async (req: Request) => {
      const s = await indicatorOf(req);
      const measurement = s?.indicator.measurements.find((m) => m.measurementId === param(req, 'measurementId'));
      return s && measurement ? { ...s, measurement } : null;
    },
    path: '/indicators/:indicatorId/measurements/:measurementId/correct',
    asks: 'CorrectMeasurement',
    what: 'correct a measurement',
    heading: (s) => `Correct the ${periodLabel(s.measurement.period)} figure: ${s.indicator.name}`,
    lead: (s) =>
      `Recorded as ${s.measurement.value} ${s.indicator.unit}. The correction is a new entry: the figure first recorded stays visible beside it.`,
    fields: (s) => [
      text('value', 'Correct value', 'the correct value', {
        kind: 'number',
        required: true,
        width: 'short',
        hint: unitHint(s.indicator),
      }),
      text('reason', 'Why is it corrected?', 'why it is corrected', { kind: 'textarea', required: true }),
    ],
    submit: 'Save the correction',
    done: (req) =>
      indicatorEntry(param(req, 'indicatorId'), 'correction', `measurement-${param(req, 'measurementId')}`),
  });
}
