import { WHOLE_POPULATION, type Actor } from '../src/events/index.js';
import { gapFigures, gapPoints, groupFigures, type GapFigures, type GapPoint } from './gap-math.js';
import type { GapRecord, GapTargetRevisionRecord } from './group-records.js';
import type { Direction, Frequency, Point } from './progress-math.js';
import {
  asLatest,
  dated,
  type DatedPeriodValue,
  type IndicatorRecord,
  type LatestMeasurement,
  type MeasurementRecord,
} from './progress.js';

/**
 * An indicator's gaps and groups as of the cut the state was folded over (docs/decisions.md, "Gaps"): every figure
 * from gap-math.ts, with what a page or a sentence needs beside them — the groups' names, each series' points with
 * their dates, and the ledger positions every figure came from, so a sentence can cite them.
 */

/** What the whole-population series is called where it stands beside the groups. */
export const WHOLE_POPULATION_NAME = 'Whole population';

/**
 * A measurement of one series (a group's or the whole population's) as a dated point, with its latest correction
 * within the cut (as an indicator's `latest` is).
 */
export interface SeriesPoint extends LatestMeasurement {
  /** The corrections applied, within the cut (their positions, in ledger order). */
  correctionPositions: string[];
}

/** The measurement behind one side of a gap point. */
export interface MeasurementSource {
  measurementId: string;
  position: string;
  correctionPositions: string[];
}

export interface GapPointView {
  period: string;
  date: string;
  focus: number;
  comparator: number;
  /** Positive = the focus group is behind. */
  gap: number;
  sources: { focus: MeasurementSource; comparator: MeasurementSource };
}

export interface GapProgress extends Omit<GapFigures<Point>, 'latest'> {
  gapId: string;
  name: string;
  focusGroup: string;
  focusGroupName: string;
  /** A groupId, or `all`. */
  comparatorGroup: string;
  comparatorGroupName: string;
  baseline: DatedPeriodValue;
  target: DatedPeriodValue;
  doNothing: DatedPeriodValue | null;
  /**
   * The latest gap point (latest date; ties: completed last); null before both sides share a period. The figures
   * beside it (travelledPct, remaining, actualPacePerYear, requiredPacePerYear, projectedReach = when the gap would
   * reach its target at the current pace, status, stale, widening, curveTurnedBy) are gap-math.ts's.
   */
  latest: GapPointView | null;
  /** Every gap point, by date. */
  points: GapPointView[];
  definedBy: Actor;
  definedAt: string;
  /** The GapDefined's position. */
  position: string;
  targetRevisions: GapTargetRevisionRecord[];
}

export interface GroupProgress {
  groupId: string;
  name: string;
  latest: SeriesPoint | null;
  /** The least-squares pace of its own series (no baseline: a group has none). */
  actualPacePerYear: number | null;
  /** Its series, by date. */
  points: SeriesPoint[];
  /** Where it was declared (IndicatorDefined or IndicatorGroupAdded); null for the whole population. */
  position: string | null;
}

export interface IndicatorGaps {
  indicatorId: string;
  name: string;
  unit: string;
  direction: Direction;
  frequency: Frequency;
  gaps: GapProgress[];
  /** The declared groups, in declaration order. */
  groups: GroupProgress[];
  /** The whole-population series (`all`), for a page drawing it beside the groups. */
  wholePopulation: GroupProgress;
}

const byDate = <T extends { date: string }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

const seriesPoint = (m: MeasurementRecord): SeriesPoint => ({
  ...asLatest(m),
  correctionPositions: m.corrections.map((c) => c.position),
});

const source = (p: SeriesPoint): MeasurementSource => ({
  measurementId: p.measurementId,
  position: p.position,
  correctionPositions: p.correctionPositions,
});

const pointView = (p: GapPoint<SeriesPoint>): GapPointView => ({
  period: p.period,
  date: p.date,
  focus: p.focus.value,
  comparator: p.comparator.value,
  gap: p.value,
  sources: { focus: source(p.focus), comparator: source(p.comparator) },
});

/** A series (in recording order) with its own figures. */
function series(
  groupId: string,
  name: string,
  ms: readonly MeasurementRecord[],
  position: string | null,
): GroupProgress {
  const points = ms.map(seriesPoint);
  const { latest, actualPacePerYear } = groupFigures(points);
  return { groupId, name, latest, actualPacePerYear, points: byDate(points), position };
}

function gapProgress(ind: IndicatorRecord, gap: GapRecord, referenceDay: string): GapProgress {
  const seriesOf = (groupId: string): readonly MeasurementRecord[] =>
    groupId === WHOLE_POPULATION ? ind.measurements : (ind.groupSeries.get(groupId) ?? []);
  const nameOf = (groupId: string): string =>
    groupId === WHOLE_POPULATION
      ? WHOLE_POPULATION_NAME
      : (ind.groups.find((g) => g.groupId === groupId)?.name ?? groupId);
  const points = gapPoints(
    ind.direction,
    seriesOf(gap.focusGroup).map(seriesPoint),
    seriesOf(gap.comparatorGroup).map(seriesPoint),
  );
  const baseline = dated(gap.baseline);
  const target = dated(gap.target);
  const doNothing = gap.doNothing ? dated(gap.doNothing) : null;
  const figures = gapFigures({ frequency: ind.frequency, baseline, target, doNothing, points, referenceDay });
  return {
    gapId: gap.gapId,
    name: gap.name,
    focusGroup: gap.focusGroup,
    focusGroupName: nameOf(gap.focusGroup),
    comparatorGroup: gap.comparatorGroup,
    comparatorGroupName: nameOf(gap.comparatorGroup),
    baseline,
    target,
    doNothing,
    ...figures,
    latest: figures.latest ? pointView(figures.latest) : null,
    points: byDate(points).map(pointView),
    definedBy: gap.definedBy,
    definedAt: gap.definedAt,
    position: gap.position,
    targetRevisions: gap.targetRevisions,
  };
}

/** Is `group` one of the indicator's groups, or `all`? */
export const hasGroup = (ind: IndicatorRecord, group: string): boolean =>
  group === WHOLE_POPULATION || ind.groups.some((g) => g.groupId === group);

/**
 * Every gap and group of an indicator, at a reference day. With `group`, only the gaps with that group on either
 * side, and only that group (the whole population is always there).
 */
export function indicatorGaps(ind: IndicatorRecord, referenceDay: string, group?: string): IndicatorGaps {
  const gaps = [...ind.gaps.values()].filter(
    (g) => group === undefined || g.focusGroup === group || g.comparatorGroup === group,
  );
  return {
    indicatorId: ind.indicatorId,
    name: ind.name,
    unit: ind.unit,
    direction: ind.direction,
    frequency: ind.frequency,
    gaps: gaps.map((g) => gapProgress(ind, g, referenceDay)),
    groups: ind.groups
      .filter((g) => group === undefined || g.groupId === group)
      .map((g) => series(g.groupId, g.name, ind.groupSeries.get(g.groupId) ?? [], g.position)),
    wholePopulation: series(WHOLE_POPULATION, WHOLE_POPULATION_NAME, ind.measurements, null),
  };
}
