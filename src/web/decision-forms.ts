import type { Request, Router } from 'express';
import type { WebContext } from './context.js';

import { text } from './form-fields.js';
import { form, param } from './form-kit.js';
import { atEntry, crumbs, indicatorChoices, journeyEntry, journeyLoader, planChoices } from './journey-forms.js';

/**
 * The decision forms: a decision with every field of its written record (options, evidence, interests, votes,
 * dissent, expected effect, call-in window…), and the scrutiny loop around it: call-in, its conclusion, and
 * supersession. Each lands on the decision's card.
 */

export function decisionForms(router: Router, ctx: WebContext): void {
  const journeyOf = journeyLoader(ctx);
  const decisionOf = async (req: Request) => {
    const s = await journeyOf(req);
    const decision = s?.journey.decisions.find((d) => d.decisionId === param(req, 'decisionId'));
    return s && decision ? { ...s, decision } : null;
  };
  const atDecision = (saved: string) => (req: Request) =>
    journeyEntry(param(req, 'journeyId'), saved, `decision-${param(req, 'decisionId')}`, param(req, 'decisionId'));

  form(router, ctx, {
    load: journeyOf,
    breadcrumbs: (s) => crumbs(s.journey),
    path: '/journeys/:journeyId/decisions/new',
    asks: 'TakeDecision',
    what: 'record a decision',
    heading: () => 'Record a decision',
    lead: () =>
      'A complete written record names who decided, when, why, at least one option rejected with its reason, and the interests declared.',
    fields: (s) => [
      text('summary', 'What was decided?', 'what was decided', { kind: 'textarea', required: true }),
      text('decidedBy', 'Who decided?', 'who decided', { required: true, hint: 'A person, role or body' }),
      text('decidedAt', 'When was it decided? (UTC)', 'when it was decided', { kind: 'datetime', required: true }),
      text('rationale', 'Why?', 'why it was decided', { kind: 'textarea', required: true }),
      text('forum', 'Forum', 'the forum', { hint: 'The meeting it was taken at, if not the decision-maker itself' }),
      text('authority', 'Authority', 'the authority', { hint: 'The delegation it was taken under' }),
      {
        name: 'keyDecision',
        kind: 'yesno',
        label: 'Is it a key decision?',
        noun: 'whether it is a key decision',
      },
      text('forwardPlanRef', 'Forward plan reference', 'the forward plan reference', { width: 'medium' }),
      {
        name: 'planId',
        kind: 'select',
        label: 'Plan it belongs to',
        noun: 'the plan',
        choices: [{ value: '', label: 'None' }, ...planChoices(s.journey)],
      },
      {
        name: 'optionsConsidered',
        kind: 'pairs',
        pairKeys: ['option', 'reasonNotChosen'],
        label: 'Options rejected',
        noun: 'the options rejected',
        hint: 'One per line: the option, a colon, then why it was not chosen',
      },
      text('evidence', 'Evidence', 'the evidence', { kind: 'lines', hint: 'One per line' }),
      text('consultation', 'Consultation', 'the consultation', { kind: 'textarea' }),
      {
        name: 'interestsDeclared',
        kind: 'pairs',
        pairKeys: ['who', 'interest', 'dispensation'],
        noneMeansEmpty: true,
        label: 'Interests declared',
        noun: 'the interests declared',
        hint: 'One per line: who, a colon, then the interest; another colon and the dispensation, if one was granted. Write “none” when none were declared.',
      },
      { name: 'votes', kind: 'votes', label: 'Votes', noun: 'the votes', hint: 'Leave empty if there was no vote' },
      {
        name: 'dissent',
        kind: 'pairs',
        pairKeys: ['who', 'view'],
        label: 'Dissent',
        noun: 'the dissent',
        hint: 'One per line: who, a colon, then their view',
      },
      {
        name: 'expectedEffect',
        kind: 'effects',
        label: 'Expected effect',
        noun: 'the expected effect',
        hint: 'The figure an indicator should reach, and by when (a period like 2027 or 2027-Q2)',
        choices: [{ value: '', label: 'None' }, ...indicatorChoices(s.journey)],
      },
      text('callInUntil', 'Call-in window open until', 'the end of the call-in window', { kind: 'date' }),
      text('accountableTo', 'Accountable to', 'whom the decision-maker answers to'),
      text('reviewBy', 'Review by', 'the review date', { kind: 'date' }),
    ],
    submit: 'Save the decision',
    done: atEntry('decision', 'decision'),
  });

  form(router, ctx, {
    load: decisionOf,
    breadcrumbs: (s) => crumbs(s.journey),
    path: '/journeys/:journeyId/decisions/:decisionId/call-in',
    asks: 'CallInDecision',
    what: 'call a decision in',
    heading: () => 'Call this decision in',
    quote: (s) => s.decision.summary,
    lead: (s) =>
      s.decision.callIn.windowOpenUntil
        ? `Decided by ${s.decision.decidedBy}. The call-in window is open until ${s.decision.callIn.windowOpenUntil}.`
        : `Decided by ${s.decision.decidedBy}.`,
    fields: () => [
      text('by', 'Called in by', 'who calls it in', { required: true, hint: 'The committee or members calling it in' }),
      text('reason', 'Why should it be called in?', 'why it should be called in', {
        kind: 'textarea',
        required: true,
        rows: 5,
      }),
    ],
    defaults: (_s, req) => ({ by: req.actor?.name ?? '' }),
    submit: 'Call it in',
    done: atDecision('call-in'),
  });

  form(router, ctx, {
    load: decisionOf,
    breadcrumbs: (s) => crumbs(s.journey),
    path: '/journeys/:journeyId/decisions/:decisionId/call-in/conclude',
    asks: 'ConcludeCallIn',
    what: 'conclude a call-in',
    heading: () => 'Conclude the call-in',
    quote: (s) => s.decision.summary,
    lead: (s) =>
      s.decision.callIn.calledIn
        ? `Called in by ${s.decision.callIn.calledIn.by}: ${s.decision.callIn.calledIn.reason}`
        : 'This decision has not been called in.',
    fields: () => [
      {
        name: 'outcome',
        kind: 'radios',
        label: 'What did the committee conclude?',
        noun: 'what the committee concluded',
        required: true,
        choices: [
          { value: 'upheld', label: 'Upheld', hint: 'The decision stands' },
          { value: 'referred-back', label: 'Referred back', hint: 'The decision-maker must think again' },
          { value: 'amended', label: 'Amended' },
        ],
      },
      text('reason', 'Why?', 'why', { kind: 'textarea', required: true }),
    ],
    submit: 'Conclude the call-in',
    done: atDecision('call-in-concluded'),
  });

  form(router, ctx, {
    load: decisionOf,
    breadcrumbs: (s) => crumbs(s.journey),
    path: '/journeys/:journeyId/decisions/:decisionId/supersede',
    asks: 'SupersedeDecision',
    what: 'record that a decision was superseded',
    heading: () => 'Record that this decision was superseded',
    quote: (s) => s.decision.summary,
    fields: (s) => [
      {
        name: 'supersededBy',
        kind: 'select',
        label: 'Which later decision superseded it?',
        noun: 'the decision that superseded it',
        required: true,
        choices: [
          { value: '', label: 'Choose a decision' },
          ...s.journey.decisions
            .filter((d) => d.decisionId !== s.decision.decisionId)
            .map((d) => ({ value: d.decisionId, label: d.summary })),
        ],
      },
      text('reason', 'Why?', 'why', { kind: 'textarea', required: true }),
    ],
    submit: 'Record it',
    done: atDecision('superseded'),
  });
}
