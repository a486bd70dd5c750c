import { dayOf, periodEnd, periodStart, streamIds, WHOLE_POPULATION } from '../events/index.js';
import { assertNever, conflict, invalid, invalidAll, notFound, type RuleBroken } from './errors.js';
import { PMap } from './pmap.js';
import type { IndicatorCommand } from './commands.js';
import { decided, type DecideContext, type Decided, type Decider } from './decider.js';

interface PeriodValue {
  value: number;
  period: string;
}

/** What the indicator rules need to know about one indicator stream. */
export interface IndicatorState {
  defined: boolean;
  direction: 'increase' | 'decrease';
  baseline?: PeriodValue;
  target?: PeriodValue;
  /** measurementId → its period and current value (after corrections). */
  measurements: PMap<string, PeriodValue>;
  /**
   * (period, group) → the measurement recorded for it: one measurement per period and group (the whole population
   * is a series of its own), a second one is a correction.
   */
  periods: PMap<string, string>;
  /** groupId → name: the groups (or areas) its figures may be broken down by. */
  groups: PMap<string, string>;
  /** gapId → its baseline and current target. */
  gaps: PMap<string, { baseline: PeriodValue; target: PeriodValue }>;
}

export const initialIndicatorState = (): IndicatorState => ({
  defined: false,
  direction: 'increase',
  measurements: PMap.empty(),
  periods: PMap.empty(),
  groups: PMap.empty(),
  gaps: PMap.empty(),
});

/** The key of one series' period: the whole population's is the period itself. */
const seriesKey = (period: string, group: string | undefined): string =>
  group === undefined ? period : `${period}@${group}`;

export function evolveIndicator(state: IndicatorState, event: Decided): IndicatorState {
  switch (event.type) {
    case 'IndicatorDefined': {
      const { direction, baseline, target, groups } = event.data;
      let declared = state.groups;
      for (const g of groups ?? []) declared = declared.set(g.groupId, g.name);
      return { ...state, defined: true, direction, baseline, target, groups: declared };
    }
    case 'IndicatorTargetRevised':
      return { ...state, target: event.data.target };
    case 'MeasurementRecorded': {
      const { measurementId, period, value, group } = event.data;
      return {
        ...state,
        measurements: state.measurements.set(measurementId, { period, value }),
        periods: state.periods.set(seriesKey(period, group), measurementId),
      };
    }
    case 'MeasurementCorrected': {
      const m = state.measurements.get(event.data.measurementId);
      if (!m) return state;
      return {
        ...state,
        measurements: state.measurements.set(event.data.measurementId, { ...m, value: event.data.value }),
      };
    }
    case 'IndicatorGroupAdded':
      return { ...state, groups: state.groups.set(event.data.groupId, event.data.name) };
    case 'GapDefined': {
      const { gapId, baseline, target } = event.data;
      return { ...state, gaps: state.gaps.set(gapId, { baseline, target }) };
    }
    case 'GapTargetRevised': {
      const gap = state.gaps.get(event.data.gapId);
      if (!gap) return state;
      return { ...state, gaps: state.gaps.set(event.data.gapId, { ...gap, target: event.data.target }) };
    }
    default:
      return state;
  }
}

/**
 * A target must lie after the baseline and on the improving side of it (else progress cannot be measured). A gap
 * is judged as an indicator that should decrease: it is closed by narrowing.
 */
function targetRules(
  direction: 'increase' | 'decrease',
  baseline: PeriodValue,
  target: PeriodValue,
  what = `an indicator that should ${direction}`,
): RuleBroken[] {
  const errors: RuleBroken[] = [];
  if (periodEnd(target.period) <= periodEnd(baseline.period)) {
    errors.push({
      path: 'target.period',
      message: `the target's period must come after the baseline's (${baseline.period})`,
    });
  }
  const improves = direction === 'increase' ? target.value > baseline.value : target.value < baseline.value;
  if (!improves) {
    errors.push({
      path: 'target.value',
      message: `for ${what}, the target must be ${direction === 'increase' ? 'above' : 'below'} the baseline (${baseline.value})`,
    });
  }
  return errors;
}

const doNothingRule = (baseline: PeriodValue, doNothing: PeriodValue | undefined): RuleBroken[] =>
  doNothing && periodEnd(doNothing.period) <= periodEnd(baseline.period)
    ? [
        {
          path: 'doNothing.period',
          message: `the do-nothing forecast must be for a period after the baseline's (${baseline.period})`,
        },
      ]
    : [];

const refuseIfAny = (errors: RuleBroken[]): void => {
  if (errors.length > 0) throw invalidAll(errors);
};

/** "indicator x has no group "y"": the refusal names the group and the groups there are. */
function undeclaredGroup(state: IndicatorState, indicator: string, groupId: string, path: string): RuleBroken[] {
  if (state.groups.has(groupId)) return [];
  const known = [...state.groups.entries()].map(([id]) => id).sort();
  const has = known.length > 0 ? `its groups are ${known.join(', ')}` : 'it has no groups yet';
  return [
    {
      path,
      message: `indicator ${indicator} has no group "${groupId}" (${has}): add the group to the indicator first`,
    },
  ];
}

const GAP_WORDS = 'a gap (closed by narrowing)';

export function decideIndicator(command: IndicatorCommand, state: IndicatorState, ctx: DecideContext): Decided[] {
  const indicator = command.indicatorId;
  if (command.type === 'DefineIndicator') {
    if (state.defined) throw conflict(`indicator ${indicator} already exists`, 'indicatorId');
    const { type: _t, ...data } = command;
    const journeyKnown = (id: string) => ctx.known?.journeys?.has(id) ?? false;
    const groupIds = (data.groups ?? []).map((g) => g.groupId);
    refuseIfAny([
      ...(data.journeyIds ?? []).flatMap((id, i) =>
        journeyKnown(id) ? [] : [{ path: `journeyIds.${i}`, message: `journey ${id} does not exist` }],
      ),
      ...targetRules(data.direction, data.baseline, data.target),
      ...doNothingRule(data.baseline, data.doNothing),
      ...groupIds.flatMap((id, i) =>
        groupIds.indexOf(id) !== i ? [{ path: `groups.${i}.groupId`, message: `group ${id} is listed twice` }] : [],
      ),
    ]);
    return [decided('IndicatorDefined', data)];
  }
  if (!state.defined || !state.baseline || !state.target)
    throw notFound(`indicator ${indicator} does not exist`, 'indicatorId');

  switch (command.type) {
    case 'ReviseTarget': {
      const { type: _t, indicatorId: _i, ...data } = command;
      refuseIfAny(targetRules(state.direction, state.baseline, data.target));
      if (data.target.value === state.target.value && data.target.period === state.target.period) {
        throw invalid('target', `the target is already ${state.target.value} by ${state.target.period}`);
      }
      return [decided('IndicatorTargetRevised', data)];
    }
    case 'RecordMeasurement': {
      const { type: _t, indicatorId: _i, ...data } = command;
      const measurementId = data.measurementId ?? ctx.newId();
      if (state.measurements.has(measurementId)) {
        throw conflict(`measurement ${measurementId} already exists for indicator ${indicator}`, 'measurementId');
      }
      if (data.group !== undefined) refuseIfAny(undeclaredGroup(state, indicator, data.group, 'group'));
      const already = state.periods.get(seriesKey(data.period, data.group));
      if (already !== undefined) {
        const forWhom = data.group === undefined ? '' : ` (group ${data.group})`;
        throw conflict(
          `indicator ${indicator} already has measurement ${already} for ${data.period}${forWhom}: correct it instead`,
          'period',
        );
      }
      // A period that has begun may be measured (provisional in-year figures); one that has not, cannot.
      if (periodStart(data.period) > dayOf(ctx.now)) {
        throw invalid('period', `period ${data.period} has not begun yet`);
      }
      return [decided('MeasurementRecorded', { ...data, measurementId })];
    }
    case 'CorrectMeasurement': {
      const { type: _t, indicatorId: _i, ...data } = command;
      const m = state.measurements.get(data.measurementId);
      if (!m)
        throw notFound(`measurement ${data.measurementId} does not exist for indicator ${indicator}`, 'measurementId');
      // A correction must change the value (400 otherwise): the ledger keeps no no-op corrections.
      if (m.value === data.value) throw invalid('value', `measurement ${data.measurementId} is already ${m.value}`);
      return [decided('MeasurementCorrected', data)];
    }
    case 'AddIndicatorGroup': {
      const { type: _t, indicatorId: _i, ...data } = command;
      if (state.groups.has(data.groupId))
        throw conflict(`indicator ${indicator} already has group ${data.groupId}`, 'groupId');
      return [decided('IndicatorGroupAdded', data)];
    }
    case 'DefineGap': {
      const { type: _t, indicatorId: _i, ...data } = command;
      const gapId = data.gapId ?? ctx.newId();
      if (state.gaps.has(gapId)) throw conflict(`indicator ${indicator} already has gap ${gapId}`, 'gapId');
      refuseIfAny([
        ...undeclaredGroup(state, indicator, data.focusGroup, 'focusGroup'),
        ...(data.comparatorGroup === WHOLE_POPULATION
          ? []
          : undeclaredGroup(state, indicator, data.comparatorGroup, 'comparatorGroup')),
        ...(data.comparatorGroup === data.focusGroup
          ? [{ path: 'comparatorGroup', message: 'the comparator must be another group than the focus group, or all' }]
          : []),
        ...targetRules('decrease', data.baseline, data.target, GAP_WORDS),
        ...doNothingRule(data.baseline, data.doNothing),
      ]);
      return [decided('GapDefined', { ...data, gapId })];
    }
    case 'ReviseGapTarget': {
      const { type: _t, indicatorId: _i, ...data } = command;
      const gap = state.gaps.get(data.gapId);
      if (!gap) throw notFound(`indicator ${indicator} has no gap ${data.gapId}`, 'gapId');
      refuseIfAny(targetRules('decrease', gap.baseline, data.target, GAP_WORDS));
      if (data.target.value === gap.target.value && data.target.period === gap.target.period) {
        throw invalid('target', `the gap's target is already ${gap.target.value} by ${gap.target.period}`);
      }
      return [decided('GapTargetRevised', data)];
    }
    default:
      return assertNever(command);
  }
}

export const indicatorDecider: Decider<IndicatorState, IndicatorCommand> = {
  kind: 'indicator',
  initialState: initialIndicatorState,
  decide: decideIndicator,
  evolve: evolveIndicator,
  streamOf: (c) => streamIds.indicator(c.indicatorId),
};
