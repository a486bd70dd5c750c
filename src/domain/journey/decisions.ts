import { endOfDayInstant } from '../../events/index.js';
import { decided } from '../decider.js';
import { conflict, invalid, notFound } from '../errors.js';
import { PMap } from '../pmap.js';
import type { Area } from './area.js';
import { planKnown, type PlanMemory } from './plans.js';
import { indicatorKnown, refuseIfAny } from './rules.js';

/** Decisions: recorded once taken; called in within their window; call-ins concluded; superseded once. */
export interface DecisionFacts {
  decidedAt: string;
  callInUntil?: string;
  supersededBy?: string;
  callIn: 'none' | 'open' | 'concluded';
}
export interface DecisionMemory {
  decisions: PMap<string, DecisionFacts>;
}

const update = <K, V>(m: PMap<K, V>, k: K, f: (v: V) => V): PMap<K, V> => {
  const v = m.get(k);
  return v === undefined ? m : m.set(k, f(v));
};

export const decisions: Area<
  DecisionMemory,
  'DecisionTaken' | 'DecisionCalledIn' | 'CallInConcluded' | 'DecisionSuperseded',
  'TakeDecision' | 'CallInDecision' | 'ConcludeCallIn' | 'SupersedeDecision',
  DecisionMemory & PlanMemory
> = {
  memory: () => ({ decisions: PMap.empty() }),
  evolve: {
    DecisionTaken: (m, { decisionId, decidedAt, callInUntil }) => ({
      decisions: m.decisions.set(
        decisionId,
        callInUntil === undefined ? { decidedAt, callIn: 'none' } : { decidedAt, callInUntil, callIn: 'none' },
      ),
    }),
    DecisionCalledIn: (m, d) => ({
      decisions: update(m.decisions, d.decisionId, (x) => ({ ...x, callIn: 'open' as const })),
    }),
    CallInConcluded: (m, d) => ({
      decisions: update(m.decisions, d.decisionId, (x) => ({ ...x, callIn: 'concluded' as const })),
    }),
    DecisionSuperseded: (m, { decisionId, supersededBy }) => ({
      decisions: update(m.decisions, decisionId, (x) => ({ ...x, supersededBy })),
    }),
  },
  rules: {
    TakeDecision: (command, state, ctx) => {
      // A decision is recorded once taken (decidedAt not after now: "what was known when they decided" needs a
      // real moment); its call-in window cannot close before it was taken.
      const { type: _t, journeyId: journey, ...data } = command;
      const decisionId = data.decisionId ?? ctx.newId();
      if (state.decisions.has(decisionId))
        throw conflict(`decision ${decisionId} already exists in journey ${journey}`, 'decisionId');
      refuseIfAny([
        ...(data.planId !== undefined && !planKnown(state)(data.planId)
          ? [{ path: 'planId', message: `plan ${data.planId} does not exist in journey ${journey}` }]
          : []),
        ...(data.expectedEffect ?? []).flatMap((e, i) =>
          indicatorKnown(ctx)(e.indicatorId)
            ? []
            : [{ path: `expectedEffect.${i}.indicatorId`, message: `indicator ${e.indicatorId} does not exist` }],
        ),
        ...(Date.parse(data.decidedAt) > ctx.now.getTime()
          ? [
              {
                path: 'decidedAt',
                message: 'a decision cannot be recorded before it is taken (decidedAt is in the future)',
              },
            ]
          : []),
        ...(data.callInUntil !== undefined && data.callInUntil < data.decidedAt.slice(0, 10)
          ? [{ path: 'callInUntil', message: 'the call-in window cannot close before the decision is taken' }]
          : []),
      ]);
      return [decided('DecisionTaken', { ...data, decisionId })];
    },
    CallInDecision: (command, state, ctx) => {
      // Only within the window: from decidedAt to the end of callInUntil (UTC), once, and not once superseded.
      // A decision recorded without callInUntil is not subject to call-in.
      const { type: _t, journeyId: journey, ...data } = command;
      const d = state.decisions.get(data.decisionId);
      if (!d) throw notFound(`decision ${data.decisionId} does not exist in journey ${journey}`, 'decisionId');
      if (d.supersededBy)
        throw conflict(
          `decision ${data.decisionId} is superseded by ${d.supersededBy} and cannot be called in`,
          'decisionId',
        );
      if (d.callIn !== 'none') throw conflict(`decision ${data.decisionId} has already been called in`, 'decisionId');
      if (d.callInUntil === undefined)
        throw conflict(`decision ${data.decisionId} has no call-in window (callInUntil was not set)`, 'decisionId');
      if (ctx.now.getTime() > Date.parse(endOfDayInstant(d.callInUntil))) {
        throw conflict(
          `the call-in window for decision ${data.decisionId} closed at the end of ${d.callInUntil}`,
          'decisionId',
        );
      }
      if (ctx.now.getTime() < Date.parse(d.decidedAt)) {
        throw conflict(
          `decision ${data.decisionId} is not taken until ${d.decidedAt}: its call-in window has not opened`,
          'decisionId',
        );
      }
      return [decided('DecisionCalledIn', data)];
    },
    ConcludeCallIn: (command, state) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const d = state.decisions.get(data.decisionId);
      if (!d) throw notFound(`decision ${data.decisionId} does not exist in journey ${journey}`, 'decisionId');
      if (d.callIn === 'none') throw conflict(`decision ${data.decisionId} has not been called in`, 'decisionId');
      if (d.callIn === 'concluded')
        throw conflict(`the call-in of decision ${data.decisionId} is already concluded`, 'decisionId');
      return [decided('CallInConcluded', data)];
    },
    SupersedeDecision: (command, state) => {
      // The superseding decision must already be recorded in this journey and still be in force.
      const { type: _t, journeyId: journey, ...data } = command;
      const d = state.decisions.get(data.decisionId);
      if (!d) throw notFound(`decision ${data.decisionId} does not exist in journey ${journey}`, 'decisionId');
      if (d.supersededBy)
        throw conflict(`decision ${data.decisionId} is already superseded by ${d.supersededBy}`, 'decisionId');
      if (data.supersededBy === data.decisionId) throw invalid('supersededBy', 'a decision cannot supersede itself');
      const by = state.decisions.get(data.supersededBy);
      if (!by)
        throw invalid(
          'supersededBy',
          `decision ${data.supersededBy} does not exist in journey ${journey}: record it first`,
        );
      if (by.supersededBy)
        throw invalid('supersededBy', `decision ${data.supersededBy} is itself superseded by ${by.supersededBy}`);
      return [decided('DecisionSuperseded', data)];
    },
  },
};
