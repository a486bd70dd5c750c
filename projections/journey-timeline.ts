import type { EventType } from '../src/events/catalogue.js';
import type { Actor, LedgerEvent, StoredEvent } from '../src/events/envelope.js';
import { internActor } from './intern.js';
import { INDICATOR_PREFIX, JOURNEY_PREFIX, keyOf, linkedIndicators, noteLinks, type LinkIndex } from './links.js';

/**
 * journey-timeline (DESIGN §5): per journey, every event of its stream and of the indicators it tracks
 * (definitions, target revisions, measurements, corrections), as entries sorted by occurredAt, then position.
 * Corrections, challenges and supersessions are entries of their own: nothing is folded away.
 *
 * evolve MUTATES the state it is given (see progress.ts): one push per event. Entries keep a reference to the
 * event's data (no copy) but not its hashes; the summary sentence and the sort happen at query time, per journey,
 * so a million-event rebuild stays light.
 */
type Stored<T extends EventType> = Pick<
  StoredEvent<T>,
  'position' | 'type' | 'streamId' | 'occurredAt' | 'recordedAt' | 'actor' | 'data'
> & { eventId: string };
/** What the state keeps per event: the entry without its summary. */
export type StoredEntry = { [T in EventType]: Stored<T> }[EventType];
export interface TimelineEntry {
  position: string;
  eventId: string;
  type: EventType;
  streamId: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  summary: string;
  data: LedgerEvent['data'];
}
export interface TimelineState {
  journeys: Map<string, StoredEntry[]>;
  indicators: Map<string, StoredEntry[]>;
  links: LinkIndex;
}

/** One plain-English line per event: who did what, in the ledger's own words. */
export function summarise(e: StoredEntry | LedgerEvent): string {
  const by = e.actor.name;
  switch (e.type) {
    case 'JourneyCharted':
      return `${by} charted the journey “${e.data.title}” to ${e.data.horizon}, led by ${e.data.lead}`;
    case 'JourneyReframed':
      return `${by} reframed the journey: ${e.data.reason}`;
    case 'JourneyConcluded':
      return `${by} concluded the journey as ${e.data.outcome}: ${e.data.reason}`;
    case 'PlanAdopted':
      return `Plan ${e.data.planId} adopted: ${e.data.intent} (owner ${e.data.owner}, accountable to ${e.data.accountableTo})`;
    case 'PlanRevised':
      return `Plan ${e.data.planId} revised: ${e.data.reason}`;
    case 'PlanWithdrawn':
      return `Plan ${e.data.planId} withdrawn: ${e.data.reason}`;
    case 'DecisionTaken':
      return `${e.data.decidedBy} decided: ${e.data.summary}`;
    case 'DecisionCalledIn':
      return `Decision ${e.data.decisionId} called in by ${e.data.by}: ${e.data.reason}`;
    case 'CallInConcluded':
      return `Call-in of decision ${e.data.decisionId} concluded (${e.data.outcome}): ${e.data.reason}`;
    case 'DecisionSuperseded':
      return `Decision ${e.data.decisionId} superseded by ${e.data.supersededBy}: ${e.data.reason}`;
    case 'ChangeReported':
      return `Change for ${e.data.forWhom}: ${e.data.whatChanged}`;
    case 'ChangeChallenged':
      return `Change ${e.data.changeId} challenged by ${by}: ${e.data.challenge}`;
    case 'ChallengeAnswered':
      return `Challenge ${e.data.challengeId} answered${e.data.upheld === true ? ' (challenge upheld)' : e.data.upheld === false ? ' (challenge not upheld)' : ''}: ${e.data.answer}`;
    case 'LessonHarvested':
      return `Lesson: ${e.data.learned}`;
    case 'PerspectiveVoiced':
      return `A ${e.data.voice} voice ${e.data.stance === 'neutral' ? 'commented' : e.data.stance}: ${e.data.statement}`;
    case 'AccountabilityAssigned':
      return `${e.data.holder} accountable to ${e.data.accountableTo} for ${e.data.for} by ${e.data.dueBy}`;
    case 'AccountabilityDischarged':
      return `Accountability ${e.data.accountabilityId} discharged`;
    case 'IndicatorDefined':
      return `Indicator “${e.data.name}” defined: from ${e.data.baseline.value} (${e.data.baseline.period}) to ${e.data.target.value} (${e.data.target.period})`;
    case 'IndicatorTargetRevised':
      return `Target of ${keyOf(e.streamId, INDICATOR_PREFIX)} revised to ${e.data.target.value} (${e.data.target.period}) by ${e.data.decidedBy}: ${e.data.reason}`;
    case 'MeasurementRecorded':
      return `${keyOf(e.streamId, INDICATOR_PREFIX)} measured ${e.data.value} for ${e.data.period}`;
    case 'MeasurementCorrected':
      return `Measurement ${e.data.measurementId} of ${keyOf(e.streamId, INDICATOR_PREFIX)} corrected to ${e.data.value}: ${e.data.reason}`;
    case 'ReportPublished':
      return `Report ${e.data.period} published at position ${e.data.position}`;
    case 'ActorEnrolled':
      return `${e.data.name} enrolled as ${e.data.role}`;
    case 'AccessRevoked':
      return `Access of ${e.data.actorId} revoked: ${e.data.reason}`;
  }
}

// type and data come from the same event, so they stay paired; TypeScript cannot see that through the spread.
const entryOf = (e: LedgerEvent): StoredEntry =>
  ({
    position: e.position,
    eventId: e.id,
    type: e.type,
    streamId: e.streamId,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: internActor(e.actor),
    data: e.data,
  }) as StoredEntry;

const withSummary = (e: StoredEntry): TimelineEntry => ({
  position: e.position,
  eventId: e.eventId,
  type: e.type,
  streamId: e.streamId,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
  actor: e.actor,
  summary: summarise(e),
  data: e.data,
});

function push(map: Map<string, StoredEntry[]>, key: string, entry: StoredEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function evolve(state: TimelineState, e: LedgerEvent): TimelineState {
  noteLinks(state.links, e);
  if (e.streamId.startsWith(JOURNEY_PREFIX)) push(state.journeys, keyOf(e.streamId, JOURNEY_PREFIX), entryOf(e));
  else if (e.streamId.startsWith(INDICATOR_PREFIX))
    push(state.indicators, keyOf(e.streamId, INDICATOR_PREFIX), entryOf(e));
  return state;
}

/** Positions are decimal strings without leading zeros: shorter is smaller, then compare as text. */
export const positionOrder = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;

const byOccurredThenPosition = (a: StoredEntry, b: StoredEntry): number => {
  const ta = Date.parse(a.occurredAt);
  const tb = Date.parse(b.occurredAt);
  return ta !== tb ? ta - tb : positionOrder(a.position, b.position);
};

/** The journey's timeline, or null when nothing of the journey is in the state. */
function journeyTimeline(state: TimelineState, journeyId: string): TimelineEntry[] | null {
  const own = state.journeys.get(journeyId);
  if (!own) return null;
  const all = [...own];
  for (const id of linkedIndicators(state.links, journeyId))
    for (const x of state.indicators.get(id) ?? []) all.push(x);
  return all.sort(byOccurredThenPosition).map(withSummary);
}

export const journeyTimelineProjection = {
  name: 'journey-timeline' as const,
  initialState: (): TimelineState => ({ journeys: new Map(), indicators: new Map(), links: new Map() }),
  evolve,
  query: {
    journey: journeyTimeline,
    indicator: (state: TimelineState, indicatorId: string): TimelineEntry[] =>
      [...(state.indicators.get(indicatorId) ?? [])].sort(byOccurredThenPosition).map(withSummary),
  },
};
