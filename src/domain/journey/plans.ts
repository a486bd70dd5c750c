import { decided } from '../decider.js';
import { conflict, invalid, notFound } from '../errors.js';
import { PMap } from '../pmap.js';
import type { Area } from './area.js';
import { indicatorKnown, missing, refuseIfAny } from './rules.js';

/** Plans: adopted with known dependencies and indicators, revised (something must change), withdrawn once. */
export interface PlanMemory {
  plans: PMap<string, { withdrawn: boolean }>;
}

export const planKnown =
  (state: PlanMemory) =>
  (id: string): boolean =>
    state.plans.has(id);

export const plans: Area<
  PlanMemory,
  'PlanAdopted' | 'PlanRevised' | 'PlanWithdrawn',
  'AdoptPlan' | 'RevisePlan' | 'WithdrawPlan'
> = {
  memory: () => ({ plans: PMap.empty() }),
  evolve: {
    PlanAdopted: (m, d) => ({ plans: m.plans.set(d.planId, { withdrawn: false }) }),
    PlanRevised: (m) => m,
    PlanWithdrawn: (m, d) => ({ plans: m.plans.set(d.planId, { withdrawn: true }) }),
  },
  rules: {
    AdoptPlan: (command, state, ctx) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const planId = data.planId ?? ctx.newId();
      if (state.plans.has(planId)) throw conflict(`plan ${planId} already exists in journey ${journey}`, 'planId');
      refuseIfAny([
        ...missing(data.dependsOn, planKnown(state), 'dependsOn', 'plan'),
        ...(data.dependsOn?.includes(planId) ? [{ path: 'dependsOn', message: 'a plan cannot depend on itself' }] : []),
        ...missing(data.indicatorIds, indicatorKnown(ctx), 'indicatorIds', 'indicator'),
      ]);
      return [decided('PlanAdopted', { ...data, planId })];
    },
    RevisePlan: (command, state, ctx) => {
      const { type: _t, journeyId: journey, ...data } = command;
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
    },
    WithdrawPlan: (command, state) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const plan = state.plans.get(data.planId);
      if (!plan) throw notFound(`plan ${data.planId} does not exist in journey ${journey}`, 'planId');
      if (plan.withdrawn) throw conflict(`plan ${data.planId} is already withdrawn`, 'planId');
      return [decided('PlanWithdrawn', data)];
    },
  },
};
