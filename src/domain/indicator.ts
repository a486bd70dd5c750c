import { dayOf, periodEnd, periodStart, streamIds } from '../events/index.js';
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
  /** period → the measurement recorded for it: one measurement per period, a second one is a correction. */
  periods: PMap<string, string>;
}

export const initialIndicatorState = (): IndicatorState => ({
  defined: false,
  direction: 'increase',
  measurements: PMap.empty(),
  periods: PMap.empty(),
});

export function evolveIndicator(state: IndicatorState, event: Decided): IndicatorState {
  switch (event.type) {
    case 'IndicatorDefined': {
      const { direction, baseline, target } = event.data;
      return { ...state, defined: true, direction, baseline, target };
    }
    case 'IndicatorTargetRevised':
      return { ...state, target: event.data.target };
    case 'MeasurementRecorded': {
      const { measurementId, period, value } = event.data;
      return {
        ...state,
        measurements: state.measurements.set(measurementId, { period, value }),
        periods: state.periods.set(period, measurementId),
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
    default:
      return state;
  }
}

/** A target must lie after the baseline and on the improving side of it (else progress cannot be measured). */
function targetRules(direction: 'increase' | 'decrease', baseline: PeriodValue, target: PeriodValue): RuleBroken[] {
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
      message: `for an indicator that should ${direction}, the target must be ${direction === 'increase' ? 'above' : 'below'} the baseline (${baseline.value})`,
    });
  }
  return errors;
}

const refuseIfAny = (errors: RuleBroken[]): void => {
  if (errors.length > 0) throw invalidAll(errors);
};

export function decideIndicator(command: IndicatorCommand, state: IndicatorState, ctx: DecideContext): Decided[] {
  const indicator = command.indicatorId;
  if (command.type === 'DefineIndicator') {
    if (state.defined) throw conflict(`indicator ${indicator} already exists`, 'indicatorId');
    const { type: _t, ...data } = command;
    const journeyKnown = (id: string) => ctx.known?.journeys?.has(id) ?? false;
    refuseIfAny([
      ...(data.journeyIds ?? []).flatMap((id, i) =>
        journeyKnown(id) ? [] : [{ path: `journeyIds.${i}`, message: `journey ${id} does not exist` }],
      ),
      ...targetRules(data.direction, data.baseline, data.target),
      ...(data.doNothing && periodEnd(data.doNothing.period) <= periodEnd(data.baseline.period)
        ? [
            {
              path: 'doNothing.period',
              message: `the do-nothing forecast must be for a period after the baseline's (${data.baseline.period})`,
            },
          ]
        : []),
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
      const already = state.periods.get(data.period);
      if (already !== undefined) {
        throw conflict(
          `indicator ${indicator} already has measurement ${already} for ${data.period}: correct it instead`,
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
