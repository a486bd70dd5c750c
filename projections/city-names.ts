import type { EventType, LedgerEvent } from '../src/events/index.js';

/**
 * city-names: the words the city-wide pages say an item by (a journey's title, an indicator's name, a plan's intent, a
 * decision's summary, a change's what-changed), by id: the items those pages name (src/web/names.ts). A small state
 * of its own, so naming the city's items never walks every event (docs/decisions.md, "Timelines are read back").
 * Raw text: the pages format it. A journey page names its items from its own timeline by the same table.
 *
 * evolve MUTATES the state it is given (see progress.ts).
 */
export type NamedKind = 'journey' | 'indicator' | 'plan' | 'decision' | 'change';
export type CityNamesState = Record<NamedKind, Map<string, string>>;

/** Which event names which item, by which of its fields: the id and the words. */
export const NAMING: Partial<Record<EventType, { kind: NamedKind; id: string; words: string }>> = {
  JourneyCharted: { kind: 'journey', id: 'journeyId', words: 'title' },
  IndicatorDefined: { kind: 'indicator', id: 'indicatorId', words: 'name' },
  PlanAdopted: { kind: 'plan', id: 'planId', words: 'intent' },
  DecisionTaken: { kind: 'decision', id: 'decisionId', words: 'summary' },
  ChangeReported: { kind: 'change', id: 'changeId', words: 'whatChanged' },
};

/** The item an event names and its words, or null when it names none of these. */
export function namedBy(e: Pick<LedgerEvent, 'type' | 'data'>): { kind: NamedKind; id: string; words: string } | null {
  const rule = NAMING[e.type];
  if (rule === undefined) return null;
  const d = e.data as Record<string, unknown>;
  const id = d[rule.id];
  if (typeof id !== 'string') return null;
  const words = d[rule.words];
  return { kind: rule.kind, id, words: typeof words === 'string' ? words : '' };
}

function evolve(state: CityNamesState, e: LedgerEvent): CityNamesState {
  const named = namedBy(e);
  if (named !== null) state[named.kind].set(named.id, named.words);
  return state;
}

export const cityNames = {
  name: 'city-names' as const,
  initialState: (): CityNamesState => ({
    journey: new Map(),
    indicator: new Map(),
    plan: new Map(),
    decision: new Map(),
    change: new Map(),
  }),
  evolve,
};
