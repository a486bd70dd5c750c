import { decided, type DecideContext, type Decided } from '../decider.js';
import { conflict, notFound } from '../errors.js';
import type { CommandOfType } from './rules.js';
import type { JourneyState } from './state.js';

/** Accountabilities: assigned once, discharged once. */
export function decideAccountability(
  command: CommandOfType<'AssignAccountability' | 'DischargeAccountability'>,
  state: JourneyState,
  ctx: DecideContext,
): Decided[] {
  const journey = command.journeyId;
  switch (command.type) {
    case 'AssignAccountability': {
      const { type: _t, journeyId: _j, ...data } = command;
      const accountabilityId = data.accountabilityId ?? ctx.newId();
      if (state.accountabilities.has(accountabilityId)) {
        throw conflict(`accountability ${accountabilityId} already exists in journey ${journey}`, 'accountabilityId');
      }
      return [decided('AccountabilityAssigned', { ...data, accountabilityId })];
    }
    case 'DischargeAccountability': {
      const { type: _t, journeyId: _j, ...data } = command;
      const a = state.accountabilities.get(data.accountabilityId);
      if (!a)
        throw notFound(
          `accountability ${data.accountabilityId} does not exist in journey ${journey}`,
          'accountabilityId',
        );
      if (a.discharged)
        throw conflict(`accountability ${data.accountabilityId} is already discharged`, 'accountabilityId');
      return [decided('AccountabilityDischarged', data)];
    }
  }
}
