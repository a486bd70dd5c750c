import { decided, type DecideContext, type Decided } from '../decider.js';
import { conflict, invalid, notFound } from '../errors.js';
import { indicatorKnown, missing, planKnown, refuseIfAny, type CommandOfType } from './rules.js';
import type { JourneyState } from './state.js';

/** Plans: adopted with known dependencies and indicators, revised (something must change), withdrawn once. */
export function decidePlan(
  command: CommandOfType<'AdoptPlan' | 'RevisePlan' | 'WithdrawPlan'>,
  state: JourneyState,
  ctx: DecideContext,
): Decided[] {
  const journey = command.journeyId;
  switch (command.type) {
    case 'AdoptPlan': {
      const { type: _t, journeyId: _j, ...data } = command;
      const planId = data.planId ?? ctx.newId();
      if (state.plans.has(planId)) throw conflict(`plan ${planId} already exists in journey ${journey}`, 'planId');
      refuseIfAny([
        ...missing(data.dependsOn, planKnown(state), 'dependsOn', 'plan'),
        ...(data.dependsOn?.includes(planId) ? [{ path: 'dependsOn', message: 'a plan cannot depend on itself' }] : []),
        ...missing(data.indicatorIds, indicatorKnown(ctx), 'indicatorIds', 'indicator'),
      ]);
      return [decided('PlanAdopted', { ...data, planId })];
    }
    case 'RevisePlan': {
      const { type: _t, journeyId: _j, ...data } = command;
      const plan = state.plans.get(data.planId);
      if (!plan) throw notFound(`plan ${data.planId} does not exist in journey ${journey}`, 'planId');
      if (plan.withdrawn) throw conflict(`plan ${data.planId} was withdrawn and can no longer be revised`, 'planId');
      const { reason: _r, planId: _p, ...changes } = data;
      if (Object.values(changes).every((v) => v === undefined)) {
        throw invalid(
          '',
          'a revision must change at least one of intent, owner, accountableTo, reviewBy, indicatorIds, dependsOn',
        );
      }
      refuseIfAny([
        ...missing(data.dependsOn, planKnown(state), 'dependsOn', 'plan'),
        ...(data.dependsOn?.includes(data.planId)
          ? [{ path: 'dependsOn', message: 'a plan cannot depend on itself' }]
          : []),
        ...missing(data.indicatorIds, indicatorKnown(ctx), 'indicatorIds', 'indicator'),
      ]);
      return [decided('PlanRevised', data)];
    }
    case 'WithdrawPlan': {
      const { type: _t, journeyId: _j, ...data } = command;
      const plan = state.plans.get(data.planId);
      if (!plan) throw notFound(`plan ${data.planId} does not exist in journey ${journey}`, 'planId');
      if (plan.withdrawn) throw conflict(`plan ${data.planId} is already withdrawn`, 'planId');
      return [decided('PlanWithdrawn', data)];
    }
  }
}
