import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { FiniteNumber, ItemId, Period, PeriodValue, Slug, Text } from '../primitives.js';
import { CONTRIBUTORS, I, list, opt } from './shared.js';

/** Indicators: what is measured, from what baseline to what target; measurements and their corrections. */
export const Direction = z.enum(['increase', 'decrease']);
export const Frequency = z.enum(['annual', 'quarterly', 'monthly']);

const IndicatorDefined = describeEvent({
  type: 'IndicatorDefined',
  stream: 'indicator',
  schema: z.strictObject({
    indicatorId: Slug,
    name: Text,
    unit: Text,
    direction: Direction,
    baseline: PeriodValue,
    target: PeriodValue,
    frequency: Frequency,
    journeyIds: opt(list(Slug)),
    source: opt(Text),
    population: opt(Text),
    doNothing: opt(PeriodValue),
  }),
  command: 'DefineIndicator',
  subject: 'indicatorId',
  references: (d) => ({ journeys: d.journeyIds ?? [] }),
  route: { path: '/indicators', roles: CONTRIBUTORS, summary: 'Define an indicator (baseline, target, direction)' },
  sentence: (d) =>
    `Indicator “${d.name}” defined: from ${d.baseline.value} (${d.baseline.period}) to ${d.target.value} (${d.target.period})`,
});

const IndicatorTargetRevised = describeEvent({
  type: 'IndicatorTargetRevised',
  stream: 'indicator',
  schema: z.strictObject({ target: PeriodValue, reason: Text, decidedBy: Text }),
  command: 'ReviseTarget',
  route: { path: `${I}/target`, roles: CONTRIBUTORS, summary: "Revise an indicator's target (always visible)" },
  sentence: (d, names, { streamKey }) =>
    `Target of ${names.indicator(streamKey)} revised to ${d.target.value} (${d.target.period}) by ${d.decidedBy}: ${d.reason}`,
});

const MeasurementRecorded = describeEvent({
  type: 'MeasurementRecorded',
  stream: 'indicator',
  schema: z.strictObject({
    measurementId: ItemId,
    period: Period,
    value: FiniteNumber,
    source: opt(Text),
    note: opt(Text),
  }),
  command: 'RecordMeasurement',
  creates: 'measurementId',
  occurredAt: { field: 'period', is: 'period' },
  route: { path: `${I}/measurements`, roles: CONTRIBUTORS, summary: 'Record a measurement' },
  sentence: (d, names, { streamKey }) => `${names.indicator(streamKey)} measured ${d.value} for ${d.period}`,
});

const MeasurementCorrected = describeEvent({
  type: 'MeasurementCorrected',
  stream: 'indicator',
  schema: z.strictObject({ measurementId: ItemId, value: FiniteNumber, reason: Text }),
  command: 'CorrectMeasurement',
  subject: 'measurementId',
  route: { path: `${I}/measurements/:measurementId/correct`, roles: CONTRIBUTORS, summary: 'Correct a measurement' },
  sentence: (d, names, { streamKey }) =>
    `Measurement ${names.measurement(d.measurementId)} of ${names.indicator(streamKey)} corrected to ${d.value}: ${d.reason}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const INDICATORS = [
  IndicatorDefined,
  IndicatorTargetRevised,
  MeasurementRecorded,
  MeasurementCorrected,
] as const;
