import type { Request, Router } from 'express';
import { periodLabel } from '../present/format.js';
import type { WebContext } from './context.js';
import { text } from './form-fields.js';
import { form, param } from './form-kit.js';
import { crumbs, indicatorEntry, indicatorLoader, type IndicatorSubject } from './indicator-forms.js';
import type { FlatIndicator } from './read-model.js';

/**
 * The forms of an indicator's groups and the gaps between them (docs/decisions.md, "Gaps"): adding a group, defining
 * a gap to close and revising its target. Each lands on the indicator page at the new entry.
 */
export function gapForms(router: Router, ctx: WebContext): void {
  const indicatorOf = indicatorLoader(ctx);
  const base = { load: indicatorOf, breadcrumbs: (s: IndicatorSubject) => crumbs(s.indicator) };

  form(router, ctx, {
    ...base,
    path: '/indicators/:indicatorId/groups/new',
    asks: 'AddIndicatorGroup',
    what: 'add a group to an indicator',
    heading: (s) => `Add a group: ${s.indicator.name}`,
    lead: () =>
      'A group or area the figures are broken down by: a ward, free-school-meals pupils, a deprivation decile.',
    fields: () => [
      text('name', 'Name', 'a name', { required: true, hint: 'Like “Pupils on free school meals”' }),
      text('groupId', 'Short name', 'a short name', {
        required: true,
        width: 'medium',
        hint: 'Lower-case letters, digits and hyphens, like fsm. It is what a spreadsheet’s group column holds.',
      }),
    ],
    submit: 'Add the group',
    done: (req, _s, r) => indicatorEntry(param(req, 'indicatorId'), 'group', `group-${r.appended.id}`),
  });

  const groupChoices = (i: FlatIndicator) => i.groups.map((g) => ({ value: g.groupId, label: g.name }));
  form(router, ctx, {
    ...base,
    path: '/indicators/:indicatorId/gaps/new',
    asks: 'DefineGap',
    what: 'define a gap to close',
    heading: (s) => `Define a gap to close: ${s.indicator.name}`,
    lead: (s) =>
      `The gap between a group the partnership wants to catch up and a group to compare it with, in ${s.indicator.unit}, as a positive number when the focus group is behind.`,
    fields: (s) => [
      text('name', 'Name', 'a name', { required: true, hint: 'Like “The free school meals gap”' }),
      {
        name: 'focusGroup',
        kind: 'select',
        label: 'Which group should catch up?',
        noun: 'the group that should catch up',
        required: true,
        choices: [{ value: '', label: 'Choose a group' }, ...groupChoices(s.indicator)],
      },
      {
        name: 'comparatorGroup',
        kind: 'select',
        label: 'Compared with',
        noun: 'the group it is compared with',
        required: true,
        choices: [{ value: 'all', label: 'Everyone (the whole population)' }, ...groupChoices(s.indicator)],
      },
      {
        name: 'baseline',
        kind: 'periodValue',
        label: 'The gap at the start',
        noun: 'the gap at the start',
        required: true,
      },
      { name: 'target', kind: 'periodValue', label: 'The gap to reach', noun: 'the gap to reach', required: true },
      {
        name: 'doNothing',
        kind: 'periodValue',
        label: 'The gap if nothing changes',
        noun: 'the gap if nothing changes',
      },
    ],
    defaults: () => ({ comparatorGroup: 'all' }),
    submit: 'Define the gap',
    done: (req, _s, r) => indicatorEntry(param(req, 'indicatorId'), 'gap', `gap-${r.appended.id}`),
  });

  form(router, ctx, {
    breadcrumbs: (s) => crumbs(s.indicator),
    load: async (req: Request) => {
      const s = await indicatorOf(req);
      const gap = s?.indicator.gaps.find((g) => g.gapId === param(req, 'gapId'));
      return s && gap ? { ...s, gap } : null;
    },
    path: '/indicators/:indicatorId/gaps/:gapId/target',
    asks: 'ReviseGapTarget',
    what: "revise a gap's target",
    heading: (s) => `Revise the target of ${s.gap.name}`,
    lead: (s) =>
      `The target is now a gap of ${s.gap.target.value} ${s.indicator.unit} by ${periodLabel(s.gap.target.period)}. Moving it is always shown.`,
    fields: () => [
      { name: 'target', kind: 'periodValue', label: 'New target', noun: 'the new target', required: true },
      text('reason', 'Why is it moved?', 'why it is moved', { kind: 'textarea', required: true }),
      text('decidedBy', 'Who decided?', 'who decided', { required: true }),
    ],
    submit: 'Revise the target',
    done: (req) => indicatorEntry(param(req, 'indicatorId'), 'gap-target', `gap-${param(req, 'gapId')}`),
  });
}
