import { inWindow, keyIn, type EventData, type LedgerEvent, type TimeWindow } from '../src/events/index.js';
import type { ChallengeRecord } from './audit-records.js';

/**
 * report-facts: what a quarterly report says that no other projection keeps — the changes, lessons and perspectives
 * recorded within the report's window, and what each change said (so a challenge can quote it). Only the window's
 * items are kept, so a million-event ledger folds in bounded memory. The journey's charter and its last change
 * come from the city overview (one rule for each shared fact).
 *
 * "Within the window" means recorded (recordedAt) between the period's first moment and its last: a report says
 * what the ledger learned in the quarter (docs/decisions.md, "Reports").
 *
 * evolve MUTATES the state it is given (see progress.ts).
 */
export interface Stamped {
  position: string;
  /** Its place in ledger order (the report cites it by entry number, ordinal + 1). */
  ordinal: number;
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
  changes: ChangeFact[];
  lessons: LessonFact[];
  perspectives: PerspectiveFact[];
  /** What each change said, by changeId, so a challenge can quote the change it is about. */
  changeText: Map<string, string>;
}
export interface FactsState {
  window: TimeWindow;
  journeys: Map<string, JourneyFacts>;
}

const empty = (): JourneyFacts => ({ changes: [], lessons: [], perspectives: [], changeText: new Map() });

function journeyFacts(state: FactsState, journeyId: string): JourneyFacts {
  const j = state.journeys.get(journeyId) ?? empty();
  if (!state.journeys.has(journeyId)) state.journeys.set(journeyId, j);
  return j;
}

/**
 * What an event recorded before the window leaves in the facts: only what a change said. The same as evolve for
 * such an event, without the rest (a warm report passes the events before its window through this).
 */
function before(state: FactsState, e: LedgerEvent): FactsState {
  const journeyId = keyIn('journey', e.streamId);
  if (journeyId === null) return state;
  const j = journeyFacts(state, journeyId);
  if (e.type === 'ChangeReported') j.changeText.set(e.data.changeId, e.data.whatChanged);
  return state;
}

const stamp = (e: LedgerEvent): Stamped => ({
  position: e.position,
  ordinal: e.ordinal,
  recordedAt: e.recordedAt,
  by: e.actor.name,
});

function evolve(state: FactsState, e: LedgerEvent): FactsState {
  // Every event of a ledger passes here and nearly none is kept: the type and the window are asked first.
  const type = e.type;
  if (type !== 'ChangeReported' && type !== 'LessonHarvested' && type !== 'PerspectiveVoiced') return state;
  const within = inWindow(e.recordedAt, state.window);
  if (!within && type !== 'ChangeReported') return state;
  const journeyId = keyIn('journey', e.streamId);
  if (journeyId === null) return state;
  const j = journeyFacts(state, journeyId);
  switch (e.type) {
    case 'ChangeReported':
      j.changeText.set(e.data.changeId, e.data.whatChanged);
      if (within) j.changes.push({ ...stamp(e), data: e.data });
      return state;
    case 'LessonHarvested':
      j.lessons.push({ ...stamp(e), data: e.data });
      return state;
    case 'PerspectiveVoiced':
      j.perspectives.push({ ...stamp(e), data: e.data });
      return state;
    default:
      return state;
  }
}

/** A challenge the report of a window tells: raised in it, or answered in it. */
export const challengeInWindow = (c: ChallengeRecord, w: TimeWindow): boolean =>
  inWindow(c.raisedAt, w) || (c.answer !== null && inWindow(c.answer.answeredAt, w));

export const reportFacts = {
  name: 'report-facts' as const,
  initialState: (window: TimeWindow): FactsState => ({ window, journeys: new Map() }),
  evolve,
  before,
  query: {
    journey: (state: FactsState, journeyId: string): JourneyFacts => state.journeys.get(journeyId) ?? empty(),
    /** The ordinal of every fact's event, by position (a report cites them by entry number). */
    ordinals: (state: FactsState): Map<string, number> => {
      const out = new Map<string, number>();
      for (const j of state.journeys.values())
        for (const x of [...j.changes, ...j.lessons, ...j.perspectives]) out.set(x.position, x.ordinal);
      return out;
    },
  },
};
