import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { periodLabel } from '../period.js';
import { FiniteNumber, ItemId, Period, PeriodValue, Slug, Text } from '../primitives.js';
import { CONTRIBUTORS, I, list, opt } from './shared.js';

/**
 * Indicators: what is measured, from what baseline to what target; measurements and their corrections; the groups
 * (or areas) figures are broken down by, and the gaps between two groups the partnership means to close.
 */
export const Direction = z.enum(['increase', 'decrease']);
export const Frequency = z.enum(['annual', 'quarterly', 'monthly']);

/** `all` names the whole-population series (a gap's comparator), never a declared group (docs/decisions.md, "Gaps"). */
export const WHOLE_POPULATION = 'all';
const GroupId = Slug.refine(
  (s) => s !== WHOLE_POPULATION,
  `"${WHOLE_POPULATION}" is the whole population, not a group: leave the group out for whole-population figures`,
);
const Group = z.strictObject({ groupId: GroupId, name: Text });

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
    groups: opt(list(Group)),
  }),
  command: 'DefineIndicator',
  subject: 'indicatorId',
  references: (d) => ({ journeys: d.journeyIds ?? [] }),
  route: { path: '/indicators', roles: CONTRIBUTORS, summary: 'Define an indicator (baseline, target, direction)' },
  sentence: (d) =>
    `Indicator “${d.name}” defined: from ${d.baseline.value} in ${periodLabel(d.baseline.period)} to ${d.target.value} by ${periodLabel(d.target.period)}`,
});

const IndicatorTargetRevised = describeEvent({
  type: 'IndicatorTargetRevised',
  stream: 'indicator',
  schema: z.strictObject({ target: PeriodValue, reason: Text, decidedBy: Text }),
  command: 'ReviseTarget',
  route: { path: `${I}/target`, roles: CONTRIBUTORS, summary: "Revise an indicator's target (always visible)" },
  sentence: (d, names, { streamKey }) =>
    `Target of ${names.indicator(streamKey)} revised to ${d.target.value} by ${periodLabel(d.target.period)}, decided by ${d.decidedBy}: ${d.reason}`,
});

const MeasurementRecorded = describeEvent({
  type: 'MeasurementRecorded',
  stream: 'indicator',
  schema: z.strictObject({
    measurementId: ItemId,
    period: Period,
    value: FiniteNumber,
    group: opt(GroupId),
    source: opt(Text),
    note: opt(Text),
  }),
  command: 'RecordMeasurement',
  creates: 'measurementId',
  occurredAt: { field: 'period', is: 'period' },
  route: {
    path: `${I}/measurements`,
    roles: CONTRIBUTORS,
    summary: 'Record a measurement (for a group, or the whole population)',
  },
  sentence: (d, names, { streamKey }) =>
    `${names.indicator(streamKey)} measured ${d.value} for ${periodLabel(d.period)}${d.group === undefined ? '' : ` (group ${names.group(d.group)})`}`,
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

const IndicatorGroupAdded = describeEvent({
  type: 'IndicatorGroupAdded',
  stream: 'indicator',
  schema: Group,
  command: 'AddIndicatorGroup',
  subject: 'groupId',
  route: { path: `${I}/groups`, roles: CONTRIBUTORS, summary: 'Add a group (or area) its figures are broken down by' },
  sentence: (d, names, { streamKey }) => `${names.indicator(streamKey)} now broken down for ${d.name}`,
});

const GapDefined = describeEvent({
  type: 'GapDefined',
  stream: 'indicator',
  schema: z.strictObject({
    gapId: ItemId,
    name: Text,
    focusGroup: GroupId,
    comparatorGroup: Slug,
    baseline: PeriodValue,
    target: PeriodValue,
    doNothing: opt(PeriodValue),
  }),
  command: 'DefineGap',
  creates: 'gapId',
  route: {
    path: `${I}/gaps`,
    roles: CONTRIBUTORS,
    summary: 'Define a gap to close between a focus group and a comparator group (or all)',
  },
  sentence: (d, names, { streamKey }) =>
    `Gap “${d.name}” on ${names.indicator(streamKey)} defined: from ${d.baseline.value} in ${periodLabel(d.baseline.period)} to ${d.target.value} by ${periodLabel(d.target.period)}`,
});

const GapTargetRevised = describeEvent({
  type: 'GapTargetRevised',
  stream: 'indicator',
  schema: z.strictObject({ gapId: ItemId, target: PeriodValue, reason: Text, decidedBy: Text }),
  command: 'ReviseGapTarget',
  subject: 'gapId',
  route: { path: `${I}/gaps/:gapId/target`, roles: CONTRIBUTORS, summary: "Revise a gap's target (always visible)" },
  sentence: (d, names, { streamKey }) =>
    `Target of gap ${names.gap(d.gapId)} on ${names.indicator(streamKey)} revised to ${d.target.value} by ${periodLabel(d.target.period)}, decided by ${d.decidedBy}: ${d.reason}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const INDICATORS = [
  IndicatorDefined,
  IndicatorTargetRevised,
  MeasurementRecorded,
  MeasurementCorrected,
  IndicatorGroupAdded,
  GapDefined,
  GapTargetRevised,
] as const;
