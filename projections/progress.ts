import { keyIn, type LedgerEvent } from '../src/events/index.js';
import { declaredGroups, noteGroupOrGap } from './group-records.js';
import { internActor } from './intern.js';
import { linkedIndicators, noteLinks } from './links.js';
import {
  journeyTravelledPct,
  journeyTravelledSeries,
  progressFigures,
  worstStatus,
  type Direction,
  type Frequency,
  type IndicatorStatus,
  type Point,
  type ProgressFigures,
} from './progress-math.js';
import {
  dated,
  periodDate,
  type CorrectionRecord,
  type DatedPeriodValue,
  type IndicatorRecord,
  type MeasurementRecord,
  type ProgressState,
} from './progress-records.js';

export * from './progress-records.js';

/**
 * progress: every indicator's definition, target history and measurements with their corrections,
 * and the journeys that track it. The figures are computed at query time by progress-math.ts.
 *
 * evolve MUTATES the state it is given and returns it: the state belongs to whoever folds it (the runtime or a
 * replay), and copying maps per event would make a million-event rebuild quadratic in garbage. Never share a
 * state between two folds. The cut (asOf/at) is applied by what is folded, not here.
 */
function evolve(state: ProgressState, e: LedgerEvent): ProgressState {
  noteLinks(state.links, e);
  switch (e.type) {
    case 'IndicatorDefined': {
      const d = e.data;
      state.indicators.set(d.indicatorId, {
        indicatorId: d.indicatorId,
        name: d.name,
        unit: d.unit,
        direction: d.direction,
        frequency: d.frequency,
        baseline: d.baseline,
        target: d.target,
        doNothing: d.doNothing,
        source: d.source,
        population: d.population,
        journeyIds: d.journeyIds ?? [],
        definedBy: internActor(e.actor),
        definedAt: e.recordedAt,
        position: e.position,
        measurements: [],
        groupSeries: new Map(),
        byId: new Map(),
        targetRevisions: [],
        corrections: [],
        groups: declaredGroups(e),
        gaps: new Map(),
      });
      return state;
    }
    case 'IndicatorTargetRevised': {
      const ind = state.indicators.get(keyIn('indicator', e.streamId) ?? '');
      if (!ind) return state;
      ind.targetRevisions.push({
        indicatorId: ind.indicatorId,
        from: ind.target,
        to: e.data.target,
        reason: e.data.reason,
        decidedBy: e.data.decidedBy,
        recordedBy: internActor(e.actor),
        recordedAt: e.recordedAt,
        position: e.position,
      });
      ind.target = e.data.target;
      return state;
    }
    case 'MeasurementRecorded': {
      const ind = state.indicators.get(keyIn('indicator', e.streamId) ?? '');
      if (!ind) return state;
      const d = e.data;
      const m: MeasurementRecord = {
        measurementId: d.measurementId,
        indicatorId: ind.indicatorId,
        period: d.period,
        date: periodDate(d.period),
        value: d.value,
        recordedValue: d.value,
        ...(d.group === undefined ? {} : { group: d.group }),
        source: d.source,
        note: d.note,
        recordedBy: internActor(e.actor),
        recordedAt: e.recordedAt,
        position: e.position,
        corrections: [],
      };
      if (d.group === undefined) ind.measurements.push(m);
      else {
        const series = ind.groupSeries.get(d.group);
        if (series) series.push(m);
        else ind.groupSeries.set(d.group, [m]);
      }
      ind.byId.set(m.measurementId, m);
      return state;
    }
    case 'MeasurementCorrected': {
      const ind = state.indicators.get(keyIn('indicator', e.streamId) ?? '');
      const m = ind?.byId.get(e.data.measurementId);
      if (!ind || !m) return state;
      const c: CorrectionRecord = {
        indicatorId: ind.indicatorId,
        measurementId: m.measurementId,
        period: m.period,
        ...(m.group === undefined ? {} : { group: m.group }),
        from: m.value,
        to: e.data.value,
        reason: e.data.reason,
        correctedBy: internActor(e.actor),
        recordedAt: e.recordedAt,
        position: e.position,
      };
      m.corrections.push(c);
      ind.corrections.push(c);
      m.value = e.data.value;
      return state;
    }
    case 'IndicatorGroupAdded':
    case 'GapDefined':
    case 'GapTargetRevised': {
      const ind = state.indicators.get(keyIn('indicator', e.streamId) ?? '');
      if (ind) noteGroupOrGap(ind, e);
      return state;
    }
    default:
      return state;
  }
}

export interface LatestMeasurement extends Point {
  measurementId: string;
  period: string;
  recordedAt: string;
  position: string;
  corrected: boolean;
}
export interface IndicatorProgress extends Omit<ProgressFigures<LatestMeasurement>, 'latest'> {
  indicatorId: string;
  name: string;
  unit: string;
  direction: Direction;
  frequency: Frequency;
  baseline: DatedPeriodValue;
  target: DatedPeriodValue;
  doNothing: DatedPeriodValue | null;
  latest: LatestMeasurement | null;
}
export interface JourneyProgress {
  journeyId: string;
  status: IndicatorStatus;
  /** The capped mean of its indicators' travelled shares (journeyTravelledPct); null when none has data. */
  travelledPct: number | null;
  indicatorsAchieved: number;
  indicatorsWithData: number;
  indicators: IndicatorProgress[];
}

export const asLatest = (m: MeasurementRecord): LatestMeasurement => ({
  measurementId: m.measurementId,
  period: m.period,
  date: m.date,
  value: m.value,
  recordedAt: m.recordedAt,
  position: m.position,
  corrected: m.corrections.length > 0,
});

/** Every progress figure for one indicator, at a reference day (the date of asOf, or today). */
function indicatorProgress(state: ProgressState, indicatorId: string, referenceDay: string): IndicatorProgress | null {
  const ind = state.indicators.get(indicatorId);
  if (!ind) return null;
  const baseline = dated(ind.baseline);
  const target = dated(ind.target);
  const doNothing = ind.doNothing ? dated(ind.doNothing) : null;
  const figures = progressFigures({
    direction: ind.direction,
    frequency: ind.frequency,
    baseline,
    target,
    doNothing,
    measurements: ind.measurements,
    referenceDay,
  });
  return {
    indicatorId: ind.indicatorId,
    name: ind.name,
    unit: ind.unit,
    direction: ind.direction,
    frequency: ind.frequency,
    baseline,
    target,
    doNothing,
    ...figures,
    latest: figures.latest ? asLatest(figures.latest) : null,
  };
}

/** The indicators a journey tracks that are defined (a link to an undefined indicator shows nothing). */
const journeyIndicatorIds = (state: ProgressState, journeyId: string): string[] =>
  linkedIndicators(state.links, journeyId).filter((id) => state.indicators.has(id));

function journeyProgress(state: ProgressState, journeyId: string, referenceDay: string): JourneyProgress {
  const indicators = journeyIndicatorIds(state, journeyId)
    .map((id) => indicatorProgress(state, id, referenceDay))
    .filter((x): x is IndicatorProgress => x !== null);
  return {
    journeyId,
    status: worstStatus(indicators.map((i) => i.status)),
    travelledPct: journeyTravelledPct(
      indicators.map((i) => ({ baseline: i.baseline.value, target: i.target.value, latest: i.latest?.value ?? null })),
    ),
    indicatorsAchieved: indicators.filter((i) => i.status === 'achieved').length,
    indicatorsWithData: indicators.filter((i) => i.latest !== null).length,
    indicators,
  };
}

/** The journey's travelled figure at each date one of its indicators was measured: the overview's trend line. */
const journeyTrend = (state: ProgressState, journeyId: string): Point[] =>
  journeyTravelledSeries(
    journeyIndicatorIds(state, journeyId).flatMap((id) => {
      const ind = state.indicators.get(id);
      return ind ? [{ baseline: ind.baseline.value, target: ind.target.value, points: ind.measurements }] : [];
    }),
  );

/**
 * What the ledger held about an indicator at an instant (ms since epoch), by recordedAt: the latest-dated
 * measurement recorded by then (ties: recorded last) with the latest correction recorded by then.
 */
function knownAt(state: ProgressState, indicatorId: string, at: number): LatestMeasurement | null {
  const ind = state.indicators.get(indicatorId);
  if (!ind) return null;
  let best: MeasurementRecord | null = null;
  for (const m of ind.measurements) {
    if (Date.parse(m.recordedAt) > at) continue;
    if (best === null || m.date >= best.date) best = m;
  }
  if (best === null) return null;
  let value = best.recordedValue;
  let corrected = false;
  for (const c of best.corrections)
    if (Date.parse(c.recordedAt) <= at) {
      value = c.to;
      corrected = true;
    }
  return { ...asLatest(best), value, corrected };
}

export const progress = {
  name: 'progress' as const,
  initialState: (): ProgressState => ({ indicators: new Map(), links: new Map() }),
  evolve,
  query: {
    indicator: indicatorProgress,
    journey: journeyProgress,
    journeyTrend,
    indicatorIds: journeyIndicatorIds,
    knownAt,
    record: (state: ProgressState, indicatorId: string): IndicatorRecord | undefined =>
      state.indicators.get(indicatorId),
  },
};
