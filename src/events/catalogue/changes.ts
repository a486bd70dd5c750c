import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { IsoDate, ItemId, RequiredEvidence, Slug, Text } from '../primitives.js';
import { CONTRIBUTORS, indicators, J, list, opt, SCRUTINEERS } from './shared.js';

/** Changes: what is different now, for whom, on what evidence; the challenges to them and their answers. */

/** The three Results-Based Accountability questions. */
export const RbaQuestion = z.enum(['how-much', 'how-well', 'better-off']);

const ChangeReported = describeEvent({
  type: 'ChangeReported',
  stream: 'journey',
  schema: z.strictObject({
    changeId: ItemId,
    whatChanged: Text,
    forWhom: Text,
    evidence: RequiredEvidence,
    occurredAt: IsoDate,
    question: RbaQuestion.default('better-off'),
    planId: opt(ItemId),
    indicatorIds: opt(list(Slug)),
    activities: opt(list(Text)),
  }),
  command: 'ReportChange',
  creates: 'changeId',
  occurredAt: { field: 'occurredAt', is: 'date' },
  references: (d) => indicators(d.indicatorIds),
  route: {
    path: `${J}/changes`,
    roles: CONTRIBUTORS,
    summary: 'Report a change: what is different now, for whom, on what evidence',
  },
  sentence: (d) => `Change for ${d.forWhom}: ${d.whatChanged}`,
});

const ChangeChallenged = describeEvent({
  type: 'ChangeChallenged',
  stream: 'journey',
  schema: z.strictObject({ changeId: ItemId, challengeId: ItemId, challenge: Text }),
  command: 'ChallengeChange',
  creates: 'challengeId',
  route: { path: `${J}/changes/:changeId/challenges`, roles: SCRUTINEERS, summary: 'Challenge a reported change' },
  sentence: (d, names, { by }) => `Change ${names.change(d.changeId)} challenged by ${by}: ${d.challenge}`,
});

/** Answering a challenge is the reporting side's job, so it belongs to contributors (docs/decisions.md). */
const ChallengeAnswered = describeEvent({
  type: 'ChallengeAnswered',
  stream: 'journey',
  schema: z.strictObject({ changeId: ItemId, challengeId: ItemId, answer: Text, upheld: opt(z.boolean()) }),
  command: 'AnswerChallenge',
  subject: 'challengeId',
  route: {
    path: `${J}/changes/:changeId/challenges/:challengeId/answer`,
    roles: CONTRIBUTORS,
    summary: 'Answer a challenge',
  },
  sentence: (d, names) =>
    `Challenge ${names.challenge(d.challengeId)} answered${d.upheld === true ? ' (challenge upheld)' : d.upheld === false ? ' (challenge not upheld)' : ''}: ${d.answer}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const CHANGES = [ChangeReported, ChangeChallenged, ChallengeAnswered] as const;
