import { decided } from '../decider.js';
import { conflict, notFound } from '../errors.js';
import { PMap } from '../pmap.js';
import type { Area } from './area.js';

/** Accountabilities: assigned once, discharged once. */
export interface AccountabilityMemory {
  accountabilities: PMap<string, { discharged: boolean }>;
}

export const accountabilities: Area<
  AccountabilityMemory,
  'AccountabilityAssigned' | 'AccountabilityDischarged',
  'AssignAccountability' | 'DischargeAccountability'
> = {
  memory: () => ({ accountabilities: PMap.empty() }),
  evolve: {
    AccountabilityAssigned: (m, d) => ({
      accountabilities: m.accountabilities.set(d.accountabilityId, { discharged: false }),
    }),
    AccountabilityDischarged: (m, d) => ({
      accountabilities: m.accountabilities.set(d.accountabilityId, { discharged: true }),
    }),
  },
  rules: {
    AssignAccountability: (command, state, ctx) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const accountabilityId = data.accountabilityId ?? ctx.newId();
      if (state.accountabilities.has(accountabilityId)) {
        throw conflict(`accountability ${accountabilityId} already exists in journey ${journey}`, 'accountabilityId');
      }
      return [decided('AccountabilityAssigned', { ...data, accountabilityId })];
    },
    DischargeAccountability: (command, state) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const a = state.accountabilities.get(data.accountabilityId);
      if (!a)
        throw notFound(
          `accountability ${data.accountabilityId} does not exist in journey ${journey}`,
          'accountabilityId',
        );
      if (a.discharged)
        throw conflict(`accountability ${data.accountabilityId} is already discharged`, 'accountabilityId');
      return [decided('AccountabilityDischarged', data)];
    },
  },
};
