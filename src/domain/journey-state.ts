import type { Decided } from './commands.js';

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
export interface ChangeFacts { challenges: ReadonlyMap<string, { answered: boolean }> }

export interface JourneyState {
  charted: boolean;
  concluded: boolean;
  plans: ReadonlyMap<string, { withdrawn: boolean }>;
  decisions: ReadonlyMap<string, DecisionFacts>;
  changes: ReadonlyMap<string, ChangeFacts>;
  /** challengeId → changeId: challenge ids are unique across the journey. */
  challenges: ReadonlyMap<string, string>;
  lessons: ReadonlySet<string>;
  perspectives: ReadonlySet<string>;
  accountabilities: ReadonlyMap<string, { discharged: boolean }>;
}

export const initialJourneyState = (): JourneyState => ({
  charted: false, concluded: false, plans: new Map(), decisions: new Map(), changes: new Map(), challenges: new Map(),
  lessons: new Set(), perspectives: new Set(), accountabilities: new Map(),
});

const put = <K, V>(m: ReadonlyMap<K, V>, k: K, v: V): ReadonlyMap<K, V> => new Map(m).set(k, v);
const add = <T>(s: ReadonlySet<T>, v: T): ReadonlySet<T> => new Set(s).add(v);
const update = <K, V>(m: ReadonlyMap<K, V>, k: K, f: (v: V) => V): ReadonlyMap<K, V> => {
  const v = m.get(k);
  return v === undefined ? m : put(m, k, f(v));
};

export function evolveJourney(state: JourneyState, event: Decided): JourneyState {
  switch (event.type) {
    case 'JourneyCharted': return { ...state, charted: true };
    case 'JourneyConcluded': return { ...state, concluded: true };
    case 'JourneyReframed': return state;
    case 'PlanAdopted': return { ...state, plans: put(state.plans, event.data.planId, { withdrawn: false }) };
    case 'PlanRevised': return state;
    case 'PlanWithdrawn': return { ...state, plans: put(state.plans, event.data.planId, { withdrawn: true }) };
    case 'DecisionTaken': {
      const { decisionId, decidedAt, callInUntil } = event.data;
      const facts: DecisionFacts = callInUntil === undefined ? { decidedAt, callIn: 'none' } : { decidedAt, callInUntil, callIn: 'none' };
      return { ...state, decisions: put(state.decisions, decisionId, facts) };
    }
    case 'DecisionCalledIn':
      return { ...state, decisions: update(state.decisions, event.data.decisionId, (d) => ({ ...d, callIn: 'open' as const })) };
    case 'CallInConcluded':
      return { ...state, decisions: update(state.decisions, event.data.decisionId, (d) => ({ ...d, callIn: 'concluded' as const })) };
    case 'DecisionSuperseded': {
      const { decisionId, supersededBy } = event.data;
      return { ...state, decisions: update(state.decisions, decisionId, (d) => ({ ...d, supersededBy })) };
    }
    case 'ChangeReported': return { ...state, changes: put(state.changes, event.data.changeId, { challenges: new Map() }) };
    case 'ChangeChallenged': {
      const { changeId, challengeId } = event.data;
      return {
        ...state,
        changes: update(state.changes, changeId, (c) => ({ challenges: put(c.challenges, challengeId, { answered: false }) })),
        challenges: put(state.challenges, challengeId, changeId),
      };
    }
    case 'ChallengeAnswered': {
      const { changeId, challengeId } = event.data;
      return { ...state, changes: update(state.changes, changeId, (c) => ({ challenges: put(c.challenges, challengeId, { answered: true }) })) };
    }
    case 'LessonHarvested': return { ...state, lessons: add(state.lessons, event.data.lessonId) };
    case 'PerspectiveVoiced': return { ...state, perspectives: add(state.perspectives, event.data.perspectiveId) };
    case 'AccountabilityAssigned':
      return { ...state, accountabilities: put(state.accountabilities, event.data.accountabilityId, { discharged: false }) };
    case 'AccountabilityDischarged':
      return { ...state, accountabilities: put(state.accountabilities, event.data.accountabilityId, { discharged: true }) };
    default: return state; // events of other streams never reach a journey stream
  }
}
