import { keyIn, type Actor, type EventData, type LedgerEvent, type StoredEvent } from '../src/events/index.js';
import { accountability, type AccountabilityState } from './accountability.js';
import { internActor } from './intern.js';
import { ownEvents } from './journey-timeline.js';
import { STATUS_SEVERITY, type IndicatorStatus, type Point } from './progress-math.js';
import { progress, type ProgressState } from './progress.js';

/**
 * city-overview: every journey with status, travelled %, last change, open challenges and overdue
 * accountabilities — and, for the journey page, the journey's current state: charter, plans, changes (with their
 * challenges), lessons and perspectives. Status and travelled % come from the progress state, overdue counts
 * from the accountability state, changes, lessons and perspectives from the journey's own events, read back for the
 * answer (projections/contexts.ts), at query time: the state keeps no copy of them.
 *
 * evolve MUTATES the state it is given (see progress.ts).
 */
interface Recorded {
  recordedBy: Actor;
  recordedAt: string;
  position: string;
}
type ChangeData = EventData<'ChangeReported'>;
export interface PlanView extends Recorded {
  planId: string;
  intent: string;
  owner: string;
  accountableTo: string;
  reviewBy: string | null;
  indicatorIds: string[];
  dependsOn: string[];
  status: 'adopted' | 'withdrawn';
  revisions: (Recorded & { reason: string })[];
  withdrawal: (Recorded & { reason: string }) | null;
}
export interface ChallengeOfChange {
  challengeId: string;
  challenge: string;
  raisedBy: Actor;
  answer: string | null;
  upheld: boolean | null;
}
export interface ChangeView extends Recorded {
  changeId: string;
  whatChanged: string;
  forWhom: string;
  evidence: string[];
  occurredAt: string;
  question: ChangeData['question'];
  planId: string | null;
  indicatorIds: string[];
  activities: string[];
  challenges: ChallengeOfChange[];
}
export type LessonView = Recorded & EventData<'LessonHarvested'>;
export type PerspectiveView = Recorded & EventData<'PerspectiveVoiced'>;
/** What the state keeps of a frequent event: its data (shared with the event, not copied) and when it was recorded. */
export interface Stamped<D> extends Recorded {
  data: D;
}
export interface JourneyRecord extends Recorded {
  journeyId: string;
  title: string;
  ambition: string;
  horizon: string;
  lead: string;
  outcomeArea: string | null;
  partners: string[];
  reframes: (Recorded & EventData<'JourneyReframed'>)[];
  concluded: (Recorded & EventData<'JourneyConcluded'>) | null;
  plans: Map<string, PlanView>;
  /** By changeId; only changes that were challenged have an entry. */
  challenges: Map<string, ChallengeOfChange[]>;
  lastChange: Stamped<ChangeData> | null;
  openChallenges: number;
}
export interface OverviewState {
  journeys: Map<string, JourneyRecord>;
}

const recorded = (e: LedgerEvent): Recorded => ({
  recordedBy: internActor(e.actor),
  recordedAt: e.recordedAt,
  position: e.position,
});
const stamped = <D>(e: LedgerEvent, data: D): Stamped<D> => ({
  data,
  recordedBy: internActor(e.actor),
  recordedAt: e.recordedAt,
  position: e.position,
});

function evolve(state: OverviewState, e: LedgerEvent): OverviewState {
  const journeyId = keyIn('journey', e.streamId);
  if (journeyId === null) return state;
  if (e.type === 'JourneyCharted') {
    const d = e.data;
    state.journeys.set(d.journeyId, {
      ...recorded(e),
      journeyId: d.journeyId,
      title: d.title,
      ambition: d.ambition,
      horizon: d.horizon,
      lead: d.lead,
      outcomeArea: d.outcomeArea ?? null,
      partners: d.partners ?? [],
      reframes: [],
      concluded: null,
      plans: new Map(),
      challenges: new Map(),
      lastChange: null,
      openChallenges: 0,
    });
    return state;
  }
  const j = state.journeys.get(journeyId);
  if (!j) return state;
  switch (e.type) {
    case 'JourneyReframed': {
      const d = e.data;
      j.reframes.push({ ...recorded(e), ...d });
      if (d.title !== undefined) j.title = d.title;
      if (d.ambition !== undefined) j.ambition = d.ambition;
      if (d.horizon !== undefined) j.horizon = d.horizon;
      if (d.lead !== undefined) j.lead = d.lead;
      if (d.partners !== undefined) j.partners = d.partners;
      return state;
    }
    case 'JourneyConcluded':
      j.concluded = { ...recorded(e), ...e.data };
      return state;
    case 'PlanAdopted': {
      const d = e.data;
      j.plans.set(d.planId, {
        ...recorded(e),
        planId: d.planId,
        intent: d.intent,
        owner: d.owner,
        accountableTo: d.accountableTo,
        reviewBy: d.reviewBy ?? null,
        indicatorIds: d.indicatorIds ?? [],
        dependsOn: d.dependsOn ?? [],
        status: 'adopted',
        revisions: [],
        withdrawal: null,
      });
      return state;
    }
    case 'PlanRevised': {
      const p = j.plans.get(e.data.planId);
      if (!p) return state;
      const d = e.data;
      p.revisions.push({ ...recorded(e), reason: d.reason });
      if (d.intent !== undefined) p.intent = d.intent;
      if (d.owner !== undefined) p.owner = d.owner;
      if (d.accountableTo !== undefined) p.accountableTo = d.accountableTo;
      if (d.reviewBy !== undefined) p.reviewBy = d.reviewBy;
      if (d.indicatorIds !== undefined) p.indicatorIds = d.indicatorIds;
      if (d.dependsOn !== undefined) p.dependsOn = d.dependsOn;
      return state;
    }
    case 'PlanWithdrawn': {
      const p = j.plans.get(e.data.planId);
      if (p) {
        p.status = 'withdrawn';
        p.withdrawal = { ...recorded(e), reason: e.data.reason };
      }
      return state;
    }
    case 'ChangeReported':
      // The last change is the one that happened last (ties: recorded last).
      if (j.lastChange === null || e.data.occurredAt >= j.lastChange.data.occurredAt) j.lastChange = stamped(e, e.data);
      return state;
    case 'ChangeChallenged': {
      const list = j.challenges.get(e.data.changeId);
      const challenge: ChallengeOfChange = {
        challengeId: e.data.challengeId,
        challenge: e.data.challenge,
        raisedBy: internActor(e.actor),
        answer: null,
        upheld: null,
      };
      if (list) list.push(challenge);
      else j.challenges.set(e.data.changeId, [challenge]);
      j.openChallenges += 1;
      return state;
    }
    case 'ChallengeAnswered': {
      const ch = j.challenges.get(e.data.changeId)?.find((x) => x.challengeId === e.data.challengeId);
      if (ch && ch.answer === null) j.openChallenges -= 1;
      if (ch) {
        ch.answer = e.data.answer;
        ch.upheld = e.data.upheld ?? null;
      }
      return state;
    }
    default:
      return state;
  }
}

export interface JourneySummary {
  journeyId: string;
  title: string;
  lead: string;
  horizon: string;
  outcomeArea: string | null;
  concluded: { outcome: string; reason: string } | null;
  status: IndicatorStatus;
  /** The capped mean of its indicators' travelled shares (progress-math.ts); null when none has a measurement. */
  travelledPct: number | null;
  indicatorsAchieved: number;
  indicatorsWithData: number;
  /** The travelled figure at each date an indicator was measured, oldest first: the trend line. */
  trend: Point[];
  lastChange: { changeId: string; whatChanged: string; forWhom: string; occurredAt: string } | null;
  openChallenges: number;
  overdueAccountabilities: number;
}

function overview(
  state: OverviewState,
  deps: { progress: ProgressState; accountability: AccountabilityState },
  referenceDay: string,
): JourneySummary[] {
  const overdue = accountability.query.overdueByJourney(deps.accountability, referenceDay);
  return [...state.journeys.values()]
    .map((j) => {
      const p = progress.query.journey(deps.progress, j.journeyId, referenceDay);
      return {
        journeyId: j.journeyId,
        title: j.title,
        lead: j.lead,
        horizon: j.horizon,
        outcomeArea: j.outcomeArea,
        concluded: j.concluded ? { outcome: j.concluded.outcome, reason: j.concluded.reason } : null,
        status: p.status,
        travelledPct: p.travelledPct,
        indicatorsAchieved: p.indicatorsAchieved,
        indicatorsWithData: p.indicatorsWithData,
        trend: progress.query.journeyTrend(deps.progress, j.journeyId),
        lastChange: j.lastChange
          ? {
              changeId: j.lastChange.data.changeId,
              whatChanged: j.lastChange.data.whatChanged,
              forWhom: j.lastChange.data.forWhom,
              occurredAt: j.lastChange.data.occurredAt,
            }
          : null,
        openChallenges: j.openChallenges,
        overdueAccountabilities: overdue.get(j.journeyId) ?? 0,
      };
    })
    .sort(worstFirst);
}

/** Worst status first (off track › at risk › no data › on track › achieved), then the least travelled, then by id. */
const worstFirst = (a: JourneySummary, b: JourneySummary): number =>
  STATUS_SEVERITY[b.status] - STATUS_SEVERITY[a.status] ||
  (a.travelledPct ?? -Infinity) - (b.travelledPct ?? -Infinity) ||
  (a.journeyId < b.journeyId ? -1 : a.journeyId > b.journeyId ? 1 : 0);

export interface JourneyDetail {
  journey: Omit<JourneyRecord, 'plans' | 'challenges' | 'lastChange' | 'openChallenges'>;
  plans: PlanView[];
  changes: ChangeView[];
  lessons: LessonView[];
  perspectives: PerspectiveView[];
}

const stampOf = (x: Recorded): Recorded => ({
  recordedBy: x.recordedBy,
  recordedAt: x.recordedAt,
  position: x.position,
});

function changeView(c: Stamped<ChangeData>, challenges: ChallengeOfChange[] | undefined): ChangeView {
  const d = c.data;
  return {
    ...stampOf(c),
    changeId: d.changeId,
    whatChanged: d.whatChanged,
    forWhom: d.forWhom,
    evidence: d.evidence,
    occurredAt: d.occurredAt,
    question: d.question,
    planId: d.planId ?? null,
    indicatorIds: d.indicatorIds ?? [],
    activities: d.activities ?? [],
    challenges: challenges ?? [],
  };
}

/**
 * The journey's current state. Changes, lessons and perspectives come from `events`, the journey's own stream read
 * back where the states stand (other streams' events are left out): the overview keeps no copy of them.
 */
function journey(state: OverviewState, journeyId: string, events: Iterable<StoredEvent>): JourneyDetail | null {
  const j = state.journeys.get(journeyId);
  if (!j) return null;
  const { plans, challenges, lastChange: _l, openChallenges: _o, ...charter } = j;
  const changes: ChangeView[] = [];
  const lessons: LessonView[] = [];
  const perspectives: PerspectiveView[] = [];
  for (const x of ownEvents(journeyId, events)) {
    const stamp = { recordedBy: internActor(x.actor), recordedAt: x.recordedAt, position: x.position };
    if (x.type === 'ChangeReported')
      changes.push(changeView({ ...stamp, data: x.data }, challenges.get(x.data.changeId)));
    else if (x.type === 'LessonHarvested') lessons.push({ ...stamp, ...x.data });
    else if (x.type === 'PerspectiveVoiced') perspectives.push({ ...stamp, ...x.data });
  }
  return {
    journey: charter,
    plans: [...plans.values()],
    // Sorted by when they happened; the sort is stable, so ties stay in recording order.
    changes: changes.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0)),
    lessons,
    perspectives,
  };
}

export const cityOverview = {
  name: 'city-overview' as const,
  initialState: (): OverviewState => ({ journeys: new Map() }),
  evolve,
  query: {
    overview,
    journey,
    exists: (state: OverviewState, journeyId: string): boolean => state.journeys.has(journeyId),
  },
};
