import { periodEnd, type Actor } from '../src/events/index.js';
import type { GroupsAndGaps } from './group-records.js';
import type { LinkIndex } from './links.js';
import type { Direction, Frequency, Point } from './progress-math.js';

/**
 * The progress state's records (progress.ts folds them): an indicator's definition, its target revisions, its
 * measurements with their corrections, and the periods they are dated by.
 */
export interface PeriodValue {
  value: number;
  period: string;
}
export interface DatedPeriodValue extends PeriodValue {
  date: string;
}

export interface CorrectionRecord {
  indicatorId: string;
  measurementId: string;
  period: string;
  /** The group the corrected measurement is for (absent: the whole population). */
  group?: string;
  from: number;
  to: number;
  reason: string;
  correctedBy: Actor;
  recordedAt: string;
  position: string;
}
export interface MeasurementRecord extends Point {
  measurementId: string;
  indicatorId: string;
  period: string;
  /** The value as first recorded; `value` is the latest correction's. */
  recordedValue: number;
  /** The group it is a figure for (absent: the whole population). */
  group?: string;
  source?: string;
  note?: string;
  recordedBy: Actor;
  recordedAt: string;
  position: string;
  corrections: CorrectionRecord[];
}
export interface TargetRevisionRecord {
  indicatorId: string;
  from: PeriodValue;
  to: PeriodValue;
  reason: string;
  decidedBy: string;
  recordedBy: Actor;
  recordedAt: string;
  position: string;
}
export interface IndicatorRecord extends GroupsAndGaps {
  indicatorId: string;
  name: string;
  unit: string;
  direction: Direction;
  frequency: Frequency;
  baseline: PeriodValue;
  target: PeriodValue;
  doNothing?: PeriodValue;
  source?: string;
  population?: string;
  journeyIds: string[];
  definedBy: Actor;
  definedAt: string;
  position: string;
  /** The whole population's measurements, in recording (position) order: the only ones its figures are made of. */
  measurements: MeasurementRecord[];
  /** Each group's measurements, in recording order: a series of their own, never in the figures above. */
  groupSeries: Map<string, MeasurementRecord[]>;
  /** Every measurement, the groups' too. */
  byId: Map<string, MeasurementRecord>;
  targetRevisions: TargetRevisionRecord[];
  corrections: CorrectionRecord[];
}
export interface ProgressState {
  indicators: Map<string, IndicatorRecord>;
  links: LinkIndex;
}

const ends = new Map<string, string>();
/** A period's last day, memoised (pure: the same period always ends on the same day). */
export function periodDate(period: string): string {
  let d = ends.get(period);
  if (d === undefined) {
    d = periodEnd(period);
    if (ends.size < 100_000) ends.set(period, d);
  }
  return d;
}
export const dated = (pv: PeriodValue): DatedPeriodValue => ({
  value: pv.value,
  period: pv.period,
  date: periodDate(pv.period),
});
