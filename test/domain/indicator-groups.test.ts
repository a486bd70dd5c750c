import { describe, it } from 'vitest';
import { ev, given, indicatorDefined } from './given.js';

const i = 'school-readiness';
const fsm = ev('IndicatorGroupAdded', { groupId: 'fsm', name: 'Children eligible for free school meals' });
const notFsm = ev('IndicatorGroupAdded', { groupId: 'not-fsm', name: 'Children not eligible' });
const gap = {
  type: 'DefineGap',
  indicatorId: i,
  gapId: 'fsm-gap',
  name: 'Free-school-meals gap',
  focusGroup: 'fsm',
  comparatorGroup: 'all',
  baseline: { value: 18, period: '2021' },
  target: { value: 12, period: '2026' },
} as const;
const gapDefined = ev('GapDefined', {
  gapId: 'fsm-gap',
  name: 'Free-school-meals gap',
  focusGroup: 'fsm',
  comparatorGroup: 'all',
  baseline: { value: 18, period: '2021' },
  target: { value: 12, period: '2026' },
});

describe('groups', () => {
  it('declares groups at definition', () =>
    given([])
      .when({
        type: 'DefineIndicator',
        indicatorId: i,
        name: 'GLD',
        unit: '%',
        direction: 'increase',
        frequency: 'annual',
        baseline: { value: 60, period: '2021' },
        target: { value: 70, period: '2026' },
        groups: [
          { groupId: 'fsm', name: 'FSM' },
          { groupId: 'fsm', name: 'FSM again' },
        ],
      })
      .thenThrows('invalid', /group fsm is listed twice/, 'groups.1.groupId'));
  it('adds a group later, once', () => {
    given([indicatorDefined(i)])
      .when({ type: 'AddIndicatorGroup', indicatorId: i, groupId: 'fsm', name: 'FSM' })
      .thenEmits(ev('IndicatorGroupAdded', { groupId: 'fsm', name: 'FSM' }));
    given([indicatorDefined(i), fsm])
      .when({ type: 'AddIndicatorGroup', indicatorId: i, groupId: 'fsm', name: 'FSM' })
      .thenThrows('conflict', /already has group fsm/, 'groupId');
    given([])
      .when({ type: 'AddIndicatorGroup', indicatorId: i, groupId: 'fsm', name: 'FSM' })
      .thenThrows('not-found', /indicator school-readiness does not exist/);
  });
});

describe('group measurements', () => {
  const record = { type: 'RecordMeasurement', indicatorId: i, period: '2024', value: 48 } as const;
  it('records one measurement per period and group, beside the whole population’s', () =>
    given([indicatorDefined(i), fsm, ev('MeasurementRecorded', { measurementId: 'm1', period: '2024', value: 63 })])
      .when({ ...record, group: 'fsm' })
      .thenEmits(ev('MeasurementRecorded', { period: '2024', value: 48, group: 'fsm', measurementId: 'new-0001' })));
  it('refuses a second measurement for the same period and group (409), naming the group', () =>
    given([
      indicatorDefined(i),
      fsm,
      ev('MeasurementRecorded', { measurementId: 'm1', period: '2024', value: 47, group: 'fsm' }),
    ])
      .when({ ...record, group: 'fsm' })
      .thenThrows('conflict', /already has measurement m1 for 2024 \(group fsm\)/, 'period'));
  it('refuses a group the indicator does not have (400), naming it and the groups it has', () => {
    given([indicatorDefined(i)])
      .when({ ...record, group: 'wards' })
      .thenThrows('invalid', /has no group "wards" \(it has no groups yet\)/, 'group');
    given([indicatorDefined(i), notFsm, fsm])
      .when({ ...record, group: 'wards' })
      .thenThrows('invalid', /has no group "wards" \(its groups are fsm, not-fsm\)/, 'group');
  });
  it('corrects a group measurement like any other', () =>
    given([
      indicatorDefined(i),
      fsm,
      ev('MeasurementRecorded', { measurementId: 'm1', period: '2024', value: 47, group: 'fsm' }),
    ])
      .when({ type: 'CorrectMeasurement', indicatorId: i, measurementId: 'm1', value: 46.5, reason: 'late returns' })
      .thenEmits(ev('MeasurementCorrected', { measurementId: 'm1', value: 46.5, reason: 'late returns' })));
});

describe('gaps', () => {
  it('defines a gap between a declared group and all, with a server-made id when none is given', () => {
    given([indicatorDefined(i), fsm])
      .when(gap)
      .thenEmits(gapDefined);
    const { gapId: _g, ...withoutId } = gap;
    given([indicatorDefined(i), fsm])
      .when(withoutId)
      .thenEmits(ev('GapDefined', { ...(gapDefined.data as object), gapId: 'new-0001' } as never));
  });
  it('refuses undeclared groups, the same group twice, and a gap id that exists', () => {
    given([indicatorDefined(i)])
      .when(gap)
      .thenThrows('invalid', /has no group "fsm"/, 'focusGroup');
    given([indicatorDefined(i), fsm])
      .when({ ...gap, comparatorGroup: 'not-fsm' })
      .thenThrows('invalid', /has no group "not-fsm"/, 'comparatorGroup');
    given([indicatorDefined(i), fsm])
      .when({ ...gap, comparatorGroup: 'fsm' })
      .thenThrows('invalid', /another group than the focus group/, 'comparatorGroup');
    given([indicatorDefined(i), fsm, gapDefined])
      .when(gap)
      .thenThrows('conflict', /already has gap fsm-gap/, 'gapId');
  });
  it('refuses a target that does not narrow the gap, or comes before the baseline, whatever the indicator’s direction', () => {
    given([indicatorDefined(i), fsm])
      .when({ ...gap, target: { value: 19, period: '2020' } })
      .thenThrows(
        'invalid',
        /must come after the baseline.*for a gap \(closed by narrowing\), the target must be below the baseline \(18\)/,
        'target.value',
      );
    given([indicatorDefined(i, 'decrease'), fsm])
      .when({ ...gap, target: { value: 20, period: '2026' } })
      .thenThrows('invalid', /must be below the baseline \(18\)/, 'target.value');
    given([indicatorDefined(i), fsm])
      .when({ ...gap, doNothing: { value: 19, period: '2021' } })
      .thenThrows('invalid', /do-nothing/, 'doNothing.period');
  });
  it('revises a gap’s target, visibly; refuses an unknown gap (404) and an unchanged target', () => {
    const revise = {
      type: 'ReviseGapTarget',
      indicatorId: i,
      gapId: 'fsm-gap',
      target: { value: 10, period: '2027' },
      reason: 'Stretch agreed',
      decidedBy: 'Board',
    } as const;
    given([indicatorDefined(i), fsm, gapDefined])
      .when(revise)
      .thenEmits(
        ev('GapTargetRevised', {
          gapId: 'fsm-gap',
          target: { value: 10, period: '2027' },
          reason: 'Stretch agreed',
          decidedBy: 'Board',
        }),
      );
    given([indicatorDefined(i), fsm])
      .when(revise)
      .thenThrows('not-found', /has no gap fsm-gap/, 'gapId');
    given([indicatorDefined(i), fsm, gapDefined])
      .when({ ...revise, target: { value: 12, period: '2026' } })
      .thenThrows('invalid', /already 12 by 2026/);
    given([indicatorDefined(i), fsm, gapDefined])
      .when({ ...revise, target: { value: 18.5, period: '2026' } })
      .thenThrows('invalid', /below the baseline \(18\)/, 'target.value');
  });
});
