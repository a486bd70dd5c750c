import { indicatorGaps } from '../../projections/gap-progress.js';
import type { IndicatorStatus } from '../../projections/progress-math.js';
import { progress, type IndicatorProgress, type ProgressState } from '../../projections/progress.js';
import { trajectoryChart, type TrajectoryChart } from '../present/charts.js';
import { decimalsOf } from '../present/format.js';
import { STATUS } from '../present/labels.js';
import { gapSentences } from './gap-sentences.js';
import { progressSentences, type Sentence } from './sentences.js';

/** An indicator's part of a journey's report: its figures in sentences, its chart, its gaps (model.ts). */
export interface IndicatorSection {
  indicatorId: string;
  name: string;
  unit: string;
  status: IndicatorStatus;
  statusLabel: string;
  stale: boolean;
  sentences: Sentence[];
  chart: TrajectoryChart;
  /** The indicator's gaps between groups, each with its sentences. */
  gaps: { gapId: string; name: string; statusLabel: string; sentences: Sentence[] }[];
}

export function indicatorSection(
  state: ProgressState,
  journeyId: string,
  p: IndicatorProgress,
  referenceDay: string,
): IndicatorSection {
  const record = progress.query.record(state, p.indicatorId);
  const latestRecord = p.latest ? record?.byId.get(p.latest.measurementId) : undefined;
  const decimals = Math.max(
    ...[p.baseline.value, p.target.value, ...(record?.measurements ?? []).map((m) => m.value)].map(decimalsOf),
  );
  const sentences = progressSentences({
    journeyId,
    name: p.name,
    unit: p.unit,
    direction: p.direction,
    baseline: p.baseline,
    target: p.target,
    latest: p.latest,
    travelledPct: p.travelledPct,
    actualPacePerYear: p.actualPacePerYear,
    requiredPacePerYear: p.requiredPacePerYear,
    projectedReach: p.projectedReach,
    status: p.status,
    stale: p.stale,
    curveTurnedBy: p.curveTurnedBy,
    decimals,
    referenceDay,
    pacePositions: (record?.measurements ?? []).flatMap((m) => [m.position, ...m.corrections.map((c) => c.position)]),
    definedAt: record?.position ?? '0',
    correctionPositions: latestRecord?.corrections.map((c) => c.position) ?? [],
    targetRevisions: record?.targetRevisions ?? [],
  });
  const chart = trajectoryChart({
    id: p.indicatorId,
    name: p.name,
    unit: p.unit,
    direction: p.direction,
    baseline: p.baseline,
    target: p.target,
    measurements: (record?.measurements ?? []).map((m) => ({
      period: m.period,
      value: m.value,
      correctedFrom: m.corrections.length > 0 ? m.recordedValue : null,
    })),
    actualPacePerYear: p.actualPacePerYear,
    requiredPacePerYear: p.requiredPacePerYear,
    projectedReach: p.projectedReach,
    doNothing: p.doNothing,
    referenceDay,
  });
  return {
    indicatorId: p.indicatorId,
    name: p.name,
    unit: p.unit,
    status: p.status,
    statusLabel: STATUS[p.status].is,
    stale: p.stale,
    sentences,
    chart,
    gaps: record
      ? indicatorGaps(record, referenceDay).gaps.map((g) => ({
          gapId: g.gapId,
          name: g.name,
          statusLabel: STATUS[g.status].is,
          sentences: gapSentences(journeyId, p.unit, g, referenceDay, decimals),
        }))
      : [],
  };
}
