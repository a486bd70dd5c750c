import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { Evidence, FiniteNumber, Instant, IsoDate, ItemId, Period, Slug, Text } from '../primitives.js';
import { CONTRIBUTORS, J, list, opt, SCRUTINEERS } from './shared.js';

/** Decisions: who decided what, on what evidence, with what dissent; call-ins and supersession. */
export const OptionConsidered = z.strictObject({ option: Text, reasonNotChosen: Text });
export const InterestDeclared = z.strictObject({ who: Text, interest: Text, dispensation: opt(Text) });
export const Votes = z.strictObject({
  for: z.number().int().min(0),
  against: z.number().int().min(0),
  abstain: z.number().int().min(0),
});
export const Dissent = z.strictObject({ who: Text, view: Text });
export const ExpectedEffect = z.strictObject({ indicatorId: Slug, value: FiniteNumber, by: Period });
export const CallInOutcome = z.enum(['upheld', 'referred-back', 'amended']);

const DecisionTaken = describeEvent({
  type: 'DecisionTaken',
  stream: 'journey',
  schema: z.strictObject({
    decisionId: ItemId,
    summary: Text,
    decidedBy: Text,
    decidedAt: Instant,
    rationale: Text,
    forum: opt(Text),
    authority: opt(Text),
    keyDecision: opt(z.boolean()),
    forwardPlanRef: opt(Text),
    planId: opt(ItemId),
    optionsConsidered: opt(list(OptionConsidered)),
    evidence: opt(Evidence),
    consultation: opt(Text),
    interestsDeclared: opt(list(InterestDeclared)),
    votes: opt(Votes),
    dissent: opt(list(Dissent)),
    expectedEffect: opt(list(ExpectedEffect)),
    callInUntil: opt(IsoDate),
    accountableTo: opt(Text),
    reviewBy: opt(IsoDate),
  }),
  command: 'TakeDecision',
  creates: 'decisionId',
  occurredAt: { field: 'decidedAt', is: 'instant' },
  references: (d) => ({ indicators: (d.expectedEffect ?? []).map((e) => e.indicatorId) }),
  route: {
    path: `${J}/decisions`,
    roles: CONTRIBUTORS,
    summary: 'Record a decision taken (with options, dissent, evidence)',
  },
  sentence: (d) => `${d.decidedBy} decided: ${d.summary}`,
});

const DecisionCalledIn = describeEvent({
  type: 'DecisionCalledIn',
  stream: 'journey',
  schema: z.strictObject({ decisionId: ItemId, by: Text, reason: Text }),
  command: 'CallInDecision',
  subject: 'decisionId',
  route: {
    path: `${J}/decisions/:decisionId/call-in`,
    roles: SCRUTINEERS,
    summary: 'Call a decision in, within its call-in window',
  },
  sentence: (d, names) => `Decision ${names.decision(d.decisionId)} called in by ${d.by}: ${d.reason}`,
});

const CallInConcluded = describeEvent({
  type: 'CallInConcluded',
  stream: 'journey',
  schema: z.strictObject({ decisionId: ItemId, outcome: CallInOutcome, reason: Text }),
  command: 'ConcludeCallIn',
  subject: 'decisionId',
  route: { path: `${J}/decisions/:decisionId/call-in/conclude`, roles: SCRUTINEERS, summary: 'Conclude a call-in' },
  sentence: (d, names) => `Call-in of decision ${names.decision(d.decisionId)} concluded (${d.outcome}): ${d.reason}`,
});

const DecisionSuperseded = describeEvent({
  type: 'DecisionSuperseded',
  stream: 'journey',
  schema: z.strictObject({ decisionId: ItemId, supersededBy: ItemId, reason: Text }),
  command: 'SupersedeDecision',
  subject: 'decisionId',
  route: {
    path: `${J}/decisions/:decisionId/supersede`,
    roles: CONTRIBUTORS,
    summary: 'Record that a later decision superseded this one',
  },
  sentence: (d, names) =>
    `Decision ${names.decision(d.decisionId)} superseded by ${names.decision(d.supersededBy)}: ${d.reason}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const DECISIONS = [DecisionTaken, DecisionCalledIn, CallInConcluded, DecisionSuperseded] as const;
