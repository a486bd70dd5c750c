import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { IsoDate, ItemId, Slug, Text } from '../primitives.js';
import { CONTRIBUTORS, indicators, J, list, opt } from './shared.js';

/** Plans: the change intended, who owns it, whom they answer to, what it depends on. */
const PlanAdopted = describeEvent({
  type: 'PlanAdopted',
  stream: 'journey',
  schema: z.strictObject({
    planId: ItemId,
    intent: Text,
    owner: Text,
    accountableTo: Text,
    reviewBy: opt(IsoDate),
    indicatorIds: opt(list(Slug)),
    dependsOn: opt(list(ItemId)),
  }),
  command: 'AdoptPlan',
  creates: 'planId',
  references: (d) => indicators(d.indicatorIds),
  route: { path: `${J}/plans`, roles: CONTRIBUTORS, summary: 'Adopt a plan' },
  sentence: (d, names) =>
    `Plan ${names.plan(d.planId)} adopted: ${d.intent} (owner ${d.owner}, accountable to ${d.accountableTo})`,
});

const PlanRevised = describeEvent({
  type: 'PlanRevised',
  stream: 'journey',
  schema: z.strictObject({
    planId: ItemId,
    reason: Text,
    intent: opt(Text),
    owner: opt(Text),
    accountableTo: opt(Text),
    reviewBy: opt(IsoDate),
    indicatorIds: opt(list(Slug)),
    dependsOn: opt(list(ItemId)),
  }),
  command: 'RevisePlan',
  subject: 'planId',
  references: (d) => indicators(d.indicatorIds),
  route: { path: `${J}/plans/:planId/revise`, roles: CONTRIBUTORS, summary: 'Revise a plan' },
  sentence: (d, names) => `Plan ${names.plan(d.planId)} revised: ${d.reason}`,
});

const PlanWithdrawn = describeEvent({
  type: 'PlanWithdrawn',
  stream: 'journey',
  schema: z.strictObject({ planId: ItemId, reason: Text }),
  command: 'WithdrawPlan',
  subject: 'planId',
  route: { path: `${J}/plans/:planId/withdraw`, roles: CONTRIBUTORS, summary: 'Withdraw a plan' },
  sentence: (d, names) => `Plan ${names.plan(d.planId)} withdrawn: ${d.reason}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const PLANS = [PlanAdopted, PlanRevised, PlanWithdrawn] as const;
