import type { EventData, LedgerEvent } from '../events/index.js';

/**
 * The report's own small fold: what a quarterly report says that no projection keeps — each journey's charter
 * (as reframed), and the changes, lessons and perspectives recorded within the report's window. Only the
 * window's items are kept, so a million-event ledger folds in bounded memory. Pure; mutates its own state
 * (owned by whoever folds it, as the projections do).
 *
 * "Within the window" means recorded (recordedAt) between the period's first day and its end: a report says
 * what the ledger learned in the quarter. Decisions are placed by decidedAt (see model.ts).
 */
export interface Stamped {
  position: string;
  recordedAt: string;
  by: string;
}
export interface ChangeFact extends Stamped {
  data: EventData<'ChangeReported'>;
}
export interface LessonFact extends Stamped {
  data: EventData<'LessonHarvested'>;
}
export interface PerspectiveFact extends Stamped {
  data: EventData<'PerspectiveVoiced'>;
}
export interface JourneyFacts {
  journeyId: string;
  title: string;
  ambition: string;
  horizon: string;
  lead: string;
  outcomeArea: string | null;
  partners: string[];
  chartedAt: string;
  concluded: { outcome: string; reason: string; position: string } | null;
  reframed: (Stamped & { reason: string })[];
  changes: ChangeFact[];
  lessons: LessonFact[];
  perspectives: PerspectiveFact[];
  changesEver: number;
  /** What each change said, by changeId, so a challenge can quote the change it is about. */
  changeText: Map<string, string>;
  lastChange: { occurredAt: string; position: string } | null;
}
export interface FactsState {
  from: string;
  to: string;
  journeys: Map<string, JourneyFacts>;
}

export const initialFacts = (fromInstant: string, toInstant: string): FactsState => ({
  from: fromInstant,
  to: toInstant,
  journeys: new Map(),
});

const PREFIX = 'journey-';

export function evolveFacts(state: FactsState, e: LedgerEvent): FactsState {
  if (!e.streamId.startsWith(PREFIX)) return state;
  const journeyId = e.streamId.slice(PREFIX.length);
  const inWindow = e.recordedAt >= state.from && e.recordedAt <= state.to;
  const stamp = (): Stamped => ({ position: e.position, recordedAt: e.recordedAt, by: e.actor.name });
  if (e.type === 'JourneyCharted') {
    const d = e.data;
    state.journeys.set(journeyId, {
      journeyId,
      title: d.title,
      ambition: d.ambition,
      horizon: d.horizon,
      lead: d.lead,
      outcomeArea: d.outcomeArea ?? null,
      partners: d.partners ?? [],
      chartedAt: e.position,
      concluded: null,
      reframed: [],
      changes: [],
      lessons: [],
      perspectives: [],
      changesEver: 0,
      lastChange: null,
      changeText: new Map(),
    });
    return state;
  }
  const j = state.journeys.get(journeyId);
  if (!j) return state;
  switch (e.type) {
    case 'JourneyReframed': {
      const d = e.data;
      if (d.title !== undefined) j.title = d.title;
      if (d.ambition !== undefined) j.ambition = d.ambition;
      if (d.horizon !== undefined) j.horizon = d.horizon;
      if (d.lead !== undefined) j.lead = d.lead;
      if (d.partners !== undefined) j.partners = d.partners;
      if (inWindow) j.reframed.push({ ...stamp(), reason: d.reason });
      return state;
    }
    case 'JourneyConcluded':
      j.concluded = { outcome: e.data.outcome, reason: e.data.reason, position: e.position };
      return state;
    case 'ChangeReported':
      j.changesEver += 1;
      j.lastChange = { occurredAt: e.occurredAt, position: e.position };
      j.changeText.set(e.data.changeId, e.data.whatChanged);
      if (inWindow) j.changes.push({ ...stamp(), data: e.data });
      return state;
    case 'LessonHarvested':
      if (inWindow) j.lessons.push({ ...stamp(), data: e.data });
      return state;
    case 'PerspectiveVoiced':
      if (inWindow) j.perspectives.push({ ...stamp(), data: e.data });
      return state;
    default:
      return state;
  }
}
