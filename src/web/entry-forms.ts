import type { Request, Router } from 'express';
import { activityNudge } from '../domain/nudge.js';
import { dayOf } from '../events/index.js';
import { RBA_QUESTION } from '../present/labels.js';
import type { WebContext } from './context.js';
import { text } from './form-fields.js';
import { form, param } from './form-kit.js';
import {
  area,
  atEntry,
  crumbs,
  indicatorChoices,
  journeyEntry,
  journeyLoader,
  planChoices,
  type JourneySubject,
} from './journey-forms.js';

/**
 * The forms of a journey's entries: changes and their challenges and answers, lessons, perspectives,
 * accountabilities and their discharge. Each lands, once saved, on the journey page at the new entry's anchor.
 */
export function entryForms(router: Router, ctx: WebContext): void {
  const journeyOf = journeyLoader(ctx);
  const today = () => dayOf(ctx.deps.clock.now());
  const base = { load: journeyOf, breadcrumbs: (s: JourneySubject) => crumbs(s.journey) };

  form(router, ctx, {
    ...base,
    path: '/journeys/:journeyId/changes/new',
    asks: 'ReportChange',
    what: 'report a change',
    heading: () => 'Report a change',
    lead: () =>
      'Say what is different now, and for whom, rather than what was done. Activities can go in the context field.',
    fields: (s) => [
      area('whatChanged', 'What changed?', 'what changed', {
        required: true,
        hint: 'What is different now? For example, “12 more families get a reply within a week”',
      }),
      text('forWhom', 'For whom?', 'who it changed for', {
        required: true,
        hint: 'The people who are better off, for example “parents of children with SEND in Eastside”',
      }),
      area('evidence', 'Evidence', 'the evidence', {
        kind: 'lines',
        required: true,
        hint: 'One per line: a short description, a document or a link',
      }),
      text('occurredAt', 'When did it change?', 'the date it changed', { kind: 'date', required: true }),
      {
        name: 'question',
        kind: 'radios',
        label: 'Which Results-Based Accountability question does it answer?',
        noun: 'which question it answers',
        required: true,
        choices: (['better-off', 'how-well', 'how-much'] as const).map((q) => ({
          value: q,
          label: RBA_QUESTION[q].label,
        })),
      },
      {
        name: 'planId',
        kind: 'select',
        label: 'Plan it came from',
        noun: 'the plan',
        choices: [{ value: '', label: 'None' }, ...planChoices(s.journey)],
      },
      {
        name: 'indicatorIds',
        kind: 'checkboxes',
        label: 'Indicators it should move',
        noun: 'the indicators',
        choices: indicatorChoices(s.journey),
      },
      area('activities', 'Activities (context)', 'the activities', {
        kind: 'lines',
        hint: 'One per line: what was done that led to this change',
      }),
    ],
    defaults: () => ({ occurredAt: today() }),
    submit: 'Save the change',
    pause: (body, data) => {
      const text = String(data.whatChanged ?? '');
      // Sent back as it was nudged: the person saw the nudge and keeps the words. Rewritten: checked again.
      if (typeof body.nudgedText === 'string' && body.nudgedText.trim() === text) return null;
      const message = activityNudge(text).message;
      return message ? { message, text } : null;
    },
    done: atEntry('change', 'change'),
  });

  const changeOf = async (req: Request) => {
    const s = await journeyOf(req);
    const change = s?.journey.changes.find((c) => c.changeId === param(req, 'changeId'));
    return s && change ? { ...s, change } : null;
  };
  form(router, ctx, {
    load: changeOf,
    breadcrumbs: (s) => crumbs(s.journey),
    path: '/journeys/:journeyId/changes/:changeId/challenges/new',
    asks: 'ChallengeChange',
    what: 'challenge a change',
    heading: () => 'Challenge a change',
    quote: (s) => s.change.whatChanged,
    fields: () => [
      area('challenge', 'What is doubtful about this change or its evidence?', 'your challenge', {
        required: true,
        rows: 5,
      }),
    ],
    submit: 'Send the challenge',
    // The change's card opens at the new challenge.
    done: (req, _s, r) =>
      journeyEntry(param(req, 'journeyId'), 'challenge', `challenge-${r.appended.id}`, param(req, 'changeId')),
  });

  form(router, ctx, {
    breadcrumbs: (s) => crumbs(s.journey),
    load: async (req: Request) => {
      const s = await changeOf(req);
      const challenge = s?.change.challenges.find((x) => x.challengeId === param(req, 'challengeId'));
      return s && challenge ? { ...s, challenge } : null;
    },
    path: '/journeys/:journeyId/changes/:changeId/challenges/:challengeId/answer',
    asks: 'AnswerChallenge',
    what: 'answer a challenge',
    heading: () => 'Answer a challenge',
    quote: (s) => s.challenge.challenge,
    lead: (s) => `The change challenged: ${s.change.whatChanged}`,
    fields: () => [
      area('answer', 'Your answer', 'your answer', { required: true, rows: 5 }),
      { name: 'upheld', kind: 'yesno', label: 'Was the challenge right?', noun: 'whether the challenge was right' },
    ],
    submit: 'Send the answer',
    done: (req) =>
      journeyEntry(param(req, 'journeyId'), 'answer', `challenge-${param(req, 'challengeId')}`, param(req, 'changeId')),
  });

  form(router, ctx, {
    ...base,
    path: '/journeys/:journeyId/lessons/new',
    asks: 'HarvestLesson',
    what: 'harvest a lesson',
    heading: () => 'Harvest a lesson',
    lead: () => 'What did the journey teach, so the next one need not learn it again?',
    fields: () => [
      area('learned', 'What was learned?', 'what was learned', { required: true, rows: 4 }),
      area('implications', 'So what should change?', 'what should change'),
      area('from', 'Learned from', 'what it was learned from', {
        kind: 'lines',
        hint: 'One per line: the change, decision, review or document it came from',
      }),
      area('tags', 'Tags', 'the tags', { kind: 'lines', hint: 'One per line, like “commissioning”', rows: 2 }),
    ],
    submit: 'Save the lesson',
    done: atEntry('lesson', 'lesson'),
  });

  form(router, ctx, {
    ...base,
    path: '/journeys/:journeyId/perspectives/new',
    asks: 'VoicePerspective',
    what: 'record a perspective',
    heading: () => 'Record a perspective',
    lead: () => 'A view from the community, the front line, a partner or scrutiny, in its own words.',
    fields: () => [
      area('statement', 'What was said?', 'what was said', { required: true, rows: 4 }),
      {
        name: 'voice',
        kind: 'radios',
        label: 'Whose voice is it?',
        noun: 'whose voice it is',
        required: true,
        choices: [
          { value: 'community', label: 'Community' },
          { value: 'frontline', label: 'Front line' },
          { value: 'partner', label: 'Partner' },
          { value: 'scrutiny', label: 'Scrutiny' },
          { value: 'other', label: 'Other' },
        ],
      },
      {
        name: 'stance',
        kind: 'radios',
        label: 'Does it support or challenge the journey?',
        noun: 'whether it supports or challenges',
        required: true,
        choices: [
          { value: 'supports', label: 'Supports' },
          { value: 'challenges', label: 'Challenges' },
          { value: 'neutral', label: 'Neither' },
        ],
      },
      text('speaker', 'Who said it', 'who said it', { hint: 'Leave empty to keep them anonymous' }),
      text('about', 'About', 'what it is about', { hint: 'The plan, change or decision it is about, in words' }),
    ],
    submit: 'Save the perspective',
    done: atEntry('perspective', 'perspective'),
  });

  form(router, ctx, {
    ...base,
    path: '/journeys/:journeyId/accountabilities/new',
    asks: 'AssignAccountability',
    what: 'assign an accountability',
    heading: () => 'Assign an accountability',
    lead: () => 'For what, by whom, by when, and to whom.',
    fields: () => [
      area('for', 'For what?', 'what must be delivered', { required: true }),
      text('holder', 'Who holds it?', 'who holds it', { required: true }),
      text('accountableTo', 'Accountable to', 'whom they answer to', {
        required: true,
        hint: 'For example: the board, their line manager, the beneficiaries, the public',
      }),
      text('dueBy', 'Due by', 'the due date', { kind: 'date', required: true }),
      text('about', 'About', 'what it is about', { hint: 'The plan or decision it belongs to, in words' }),
    ],
    submit: 'Assign the accountability',
    done: atEntry('accountability', 'accountability'),
  });

  form(router, ctx, {
    breadcrumbs: (s) => crumbs(s.journey),
    load: async (req: Request) => {
      const s = await journeyOf(req);
      const row = s?.journey.accountabilities.find(
        (a) => a.kind === 'accountability' && a.id === param(req, 'accountabilityId'),
      );
      return s && row ? { ...s, row } : null;
    },
    path: '/journeys/:journeyId/accountabilities/:accountabilityId/discharge',
    asks: 'DischargeAccountability',
    what: 'discharge an accountability',
    heading: () => 'Discharge an accountability',
    quote: (s) => `${s.row.holder}: ${s.row.for}`,
    fields: () => [
      area('evidence', 'Evidence it was delivered', 'the evidence it was delivered', {
        kind: 'lines',
        required: true,
        hint: 'One per line: a short description, a document or a link',
      }),
    ],
    submit: 'Discharge it',
    done: (req) =>
      journeyEntry(
        param(req, 'journeyId'),
        'discharged',
        `accountability-${param(req, 'accountabilityId')}`,
        param(req, 'accountabilityId'),
      ),
  });
}
