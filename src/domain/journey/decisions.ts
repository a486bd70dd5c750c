import { endOfDayInstant } from '../../events/index.js';
import { decided, type DecideContext, type Decided } from '../decider.js';
import { conflict, invalid, notFound } from '../errors.js';
import { indicatorKnown, planKnown, refuseIfAny, type CommandOfType } from './rules.js';
import type { JourneyState } from './state.js';

/** Decisions: recorded once taken; called in within their window; call-ins concluded; superseded once. */
export function decideDecision(
  command: CommandOfType<'TakeDecision' | 'CallInDecision' | 'ConcludeCallIn' | 'SupersedeDecision'>,
  state: JourneyState,
  ctx: DecideContext,
): Decided[] {
  const journey = command.journeyId;
  switch (command.type) {
    case 'TakeDecision': {
      // A decision is recorded once taken (decidedAt not after now: "what was known when they decided" needs a
      // real moment); its call-in window cannot close before it was taken.
      const { type: _t, journeyId: _j, ...data } = command;
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
    }
    case 'CallInDecision': {
      // Only within the window: from decidedAt to the end of callInUntil (UTC), once, and not once superseded.
      // A decision recorded without callInUntil is not subject to call-in.
      const { type: _t, journeyId: _j, ...data } = command;
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
    }
    case 'ConcludeCallIn': {
      const { type: _t, journeyId: _j, ...data } = command;
      const d = state.decisions.get(data.decisionId);
      if (!d) throw notFound(`decision ${data.decisionId} does not exist in journey ${journey}`, 'decisionId');
      if (d.callIn === 'none') throw conflict(`decision ${data.decisionId} has not been called in`, 'decisionId');
      if (d.callIn === 'concluded')
        throw conflict(`the call-in of decision ${data.decisionId} is already concluded`, 'decisionId');
      return [decided('CallInConcluded', data)];
    }
    case 'SupersedeDecision': {
      // The superseding decision must already be recorded in this journey and still be in force.
      const { type: _t, journeyId: _j, ...data } = command;
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
    }
  }
}
