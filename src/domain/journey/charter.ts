import { decided, type Decided } from '../decider.js';
import { invalid } from '../errors.js';
import type { CommandOfType } from './rules.js';

/** A journey's charter, once charted: reframed (something must change), concluded. */
export function decideCharter(command: CommandOfType<'ReframeJourney' | 'ConcludeJourney'>): Decided[] {
  switch (command.type) {
    case 'ReframeJourney': {
      const { type: _t, journeyId: _j, ...data } = command;
      const { reason: _r, ...changes } = data;
      if (Object.values(changes).every((v) => v === undefined)) {
        throw invalid('', 'a reframing must change at least one of title, ambition, horizon, lead, partners');
      }
      return [decided('JourneyReframed', data)];
    }
    case 'ConcludeJourney': {
      const { type: _t, journeyId: _j, ...data } = command;
      return [decided('JourneyConcluded', data)];
    }
  }
}
