import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { IsoDate, ItemId, RequiredEvidence, Text } from '../primitives.js';
import { CONTRIBUTORS, J, opt } from './shared.js';

/** Accountabilities: for what, by whom, by when, to whom; discharged with evidence. */
const AccountabilityAssigned = describeEvent({
  type: 'AccountabilityAssigned',
  stream: 'journey',
  schema: z.strictObject({
    accountabilityId: ItemId,
    holder: Text,
    accountableTo: Text,
    for: Text,
    dueBy: IsoDate,
    about: opt(Text),
  }),
  command: 'AssignAccountability',
  creates: 'accountabilityId',
  route: { path: `${J}/accountabilities`, roles: CONTRIBUTORS, summary: 'Assign an accountability' },
  sentence: (d) => `${d.holder} accountable to ${d.accountableTo} for ${d.for} by ${d.dueBy}`,
});

const AccountabilityDischarged = describeEvent({
  type: 'AccountabilityDischarged',
  stream: 'journey',
  schema: z.strictObject({ accountabilityId: ItemId, evidence: RequiredEvidence }),
  command: 'DischargeAccountability',
  subject: 'accountabilityId',
  route: {
    path: `${J}/accountabilities/:accountabilityId/discharge`,
    roles: CONTRIBUTORS,
    summary: 'Discharge an accountability',
  },
  sentence: (d, names) => `Accountability ${names.accountability(d.accountabilityId)} discharged`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const ACCOUNTABILITIES = [AccountabilityAssigned, AccountabilityDischarged] as const;
