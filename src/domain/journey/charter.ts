import { decided } from '../decider.js';
import { conflict, invalid } from '../errors.js';
import type { Area } from './area.js';

/** A journey's charter: charted once, reframed (something must change), concluded. */
export interface CharterMemory {
  charted: boolean;
  concluded: boolean;
}

export const charter: Area<
  CharterMemory,
  'JourneyCharted' | 'JourneyReframed' | 'JourneyConcluded',
  'CharterJourney' | 'ReframeJourney' | 'ConcludeJourney'
> = {
  memory: () => ({ charted: false, concluded: false }),
  evolve: {
    JourneyCharted: (m) => ({ charted: true, concluded: m.concluded }),
    JourneyReframed: (m) => m,
    JourneyConcluded: (m) => ({ charted: m.charted, concluded: true }),
  },
  rules: {
    CharterJourney: (command, state) => {
      if (state.charted) throw conflict(`journey ${command.journeyId} already exists`, 'journeyId');
      const { type: _t, ...data } = command;
      return [decided('JourneyCharted', data)];
    },
    ReframeJourney: (command) => {
      const { type: _t, journeyId: _j, ...data } = command;
      const { reason: _r, ...changes } = data;
      if (Object.values(changes).every((v) => v === undefined)) {
        throw invalid('', 'a reframing must change at least one of title, ambition, horizon, lead, partners');
      }
      return [decided('JourneyReframed', data)];
    },
    ConcludeJourney: (command) => {
      const { type: _t, journeyId: _j, ...data } = command;
      return [decided('JourneyConcluded', data)];
    },
  },
};
