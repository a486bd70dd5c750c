import type { Decided } from '../decider.js';
import { PMap } from '../pmap.js';

/**
 * What the journey rules need to know about one journey stream, rebuilt from its events by `evolveJourney`.
 * Plain readonly data; evolve returns a new state and never changes the one it was given.
 */
export interface DecisionFacts {
  decidedAt: string;
  callInUntil?: string;
  supersededBy?: string;
  callIn: 'none' | 'open' | 'concluded';
}
export interface ChangeFacts {
  challenges: ReadonlyMap<string, { answered: boolean }>;
}

export interface JourneyState {
  charted: boolean;
  concluded: boolean;
  plans: PMap<string, { withdrawn: boolean }>;
  decisions: PMap<string, DecisionFacts>;
  changes: PMap<string, ChangeFacts>;
  /** challengeId → changeId: challenge ids are unique across the journey. */
  challenges: PMap<string, string>;
  lessons: PMap<string, true>;
  perspectives: PMap<string, true>;
  accountabilities: PMap<string, { discharged: boolean }>;
}

export const initialJourneyState = (): JourneyState => ({
  charted: false,
  concluded: false,
  plans: PMap.empty(),
  decisions: PMap.empty(),
  changes: PMap.empty(),
  challenges: PMap.empty(),
  lessons: PMap.empty(),
  perspectives: PMap.empty(),
  accountabilities: PMap.empty(),
});

const put = <K, V>(m: PMap<K, V>, k: K, v: V): PMap<K, V> => m.set(k, v);
const add = <K>(m: PMap<K, true>, k: K): PMap<K, true> => m.set(k, true);
const update = <K, V>(m: PMap<K, V>, k: K, f: (v: V) => V): PMap<K, V> => {
  const v = m.get(k);
  return v === undefined ? m : m.set(k, f(v));
};
/** A change's own challenges are few: a plain Map copy is fine there. */
const putSmall = <K, V>(m: ReadonlyMap<K, V>, k: K, v: V): ReadonlyMap<K, V> => new Map(m).set(k, v);

export function evolveJourney(state: JourneyState, event: Decided): JourneyState {
  switch (event.type) {
    case 'JourneyCharted':
      return { ...state, charted: true };
    case 'JourneyConcluded':
      return { ...state, concluded: true };
    case 'JourneyReframed':
      return state;
    case 'PlanAdopted':
      return { ...state, plans: put(state.plans, event.data.planId, { withdrawn: false }) };
    case 'PlanRevised':
      return state;
    case 'PlanWithdrawn':
      return { ...state, plans: put(state.plans, event.data.planId, { withdrawn: true }) };
    case 'DecisionTaken': {
      const { decisionId, decidedAt, callInUntil } = event.data;
      const facts: DecisionFacts =
        callInUntil === undefined ? { decidedAt, callIn: 'none' } : { decidedAt, callInUntil, callIn: 'none' };
      return { ...state, decisions: put(state.decisions, decisionId, facts) };
    }
    case 'DecisionCalledIn':
      return {
        ...state,
        decisions: update(state.decisions, event.data.decisionId, (d) => ({ ...d, callIn: 'open' as const })),
      };
    case 'CallInConcluded':
      return {
        ...state,
        decisions: update(state.decisions, event.data.decisionId, (d) => ({ ...d, callIn: 'concluded' as const })),
      };
    case 'DecisionSuperseded': {
      const { decisionId, supersededBy } = event.data;
      return { ...state, decisions: update(state.decisions, decisionId, (d) => ({ ...d, supersededBy })) };
    }
    case 'ChangeReported':
      return { ...state, changes: put(state.changes, event.data.changeId, { challenges: new Map() }) };
    case 'ChangeChallenged': {
      const { changeId, challengeId } = event.data;
      return {
        ...state,
        changes: update(state.changes, changeId, (c) => ({
          challenges: putSmall(c.challenges, challengeId, { answered: false }),
        })),
        challenges: put(state.challenges, challengeId, changeId),
      };
    }
    case 'ChallengeAnswered': {
      const { changeId, challengeId } = event.data;
      return {
        ...state,
        changes: update(state.changes, changeId, (c) => ({
          challenges: putSmall(c.challenges, challengeId, { answered: true }),
        })),
      };
    }
    case 'LessonHarvested':
      return { ...state, lessons: add(state.lessons, event.data.lessonId) };
    case 'PerspectiveVoiced':
      return { ...state, perspectives: add(state.perspectives, event.data.perspectiveId) };
    case 'AccountabilityAssigned':
      return {
        ...state,
        accountabilities: put(state.accountabilities, event.data.accountabilityId, { discharged: false }),
      };
    case 'AccountabilityDischarged':
      return {
        ...state,
        accountabilities: put(state.accountabilities, event.data.accountabilityId, { discharged: true }),
      };
    default:
      return state; // events of other streams never reach a journey stream
  }
}
