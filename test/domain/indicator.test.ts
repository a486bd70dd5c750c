import { describe, it } from 'vitest';
import { actorEnrolled, ev, given, indicatorDefined, measurementRecorded } from './given.js';

const i = 'school-readiness';
const define = {
  type: 'DefineIndicator',
  indicatorId: i,
  name: 'GLD',
  unit: '%',
  direction: 'increase',
  frequency: 'annual',
  baseline: { value: 60, period: '2021' },
  target: { value: 70, period: '2026' },
} as const;

describe('defining an indicator', () => {
  it('defines an indicator for known journeys', () =>
    given([], { journeys: ['j1'] })
      .when({ ...define, journeyIds: ['j1'] })
      .thenEmits(
        ev('IndicatorDefined', {
          indicatorId: i,
          name: 'GLD',
          unit: '%',
          direction: 'increase',
          frequency: 'annual',
          baseline: { value: 60, period: '2021' },
          target: { value: 70, period: '2026' },
          journeyIds: ['j1'],
        }),
      ));
  it('refuses an indicator id that already exists (409)', () =>
    given([indicatorDefined(i)])
      .when(define)
      .thenThrows('conflict', /indicator school-readiness already exists/, 'indicatorId'));
  it('refuses journeys that do not exist (400)', () =>
    given([])
      .when({ ...define, journeyIds: ['nowhere'] })
      .thenThrows('invalid', /journey nowhere does not exist/, 'journeyIds.0'));
  it('refuses a target before the baseline or on the wrong side of it, naming both fields', () =>
    given([])
      .when({ ...define, target: { value: 50, period: '2020' } })
      .thenThrows('invalid', /must come after the baseline.*must be above the baseline/, 'target.value'));
  it('refuses, for an indicator that should decrease, a target above the baseline', () =>
    given([])
      .when({ ...define, direction: 'decrease' })
      .thenThrows('invalid', /must be below the baseline \(60\)/, 'target.value'));
  it('refuses a do-nothing forecast before the baseline', () =>
    given([])
      .when({ ...define, doNothing: { value: 58, period: '2020' } })
      .thenThrows('invalid', /do-nothing/, 'doNothing.period'));
});

describe('revising a target', () => {
  it('records a revised target, visibly', () =>
    given([indicatorDefined(i)])
      .when({
        type: 'ReviseTarget',
        indicatorId: i,
        target: { value: 68, period: '2027' },
        reason: 'r',
        decidedBy: 'Board',
      })
      .thenEmits(
        ev('IndicatorTargetRevised', { target: { value: 68, period: '2027' }, reason: 'r', decidedBy: 'Board' }),
      ));
  it('refuses to revise the target of an unknown indicator (404)', () =>
    given([])
      .when({
        type: 'ReviseTarget',
        indicatorId: i,
        target: { value: 68, period: '2027' },
        reason: 'r',
        decidedBy: 'B',
      })
      .thenThrows('not-found', /indicator school-readiness does not exist/));
  it('refuses an unchanged target and one on the wrong side of the baseline', () => {
    given([indicatorDefined(i)])
      .when({
        type: 'ReviseTarget',
        indicatorId: i,
        target: { value: 70, period: '2026' },
        reason: 'r',
        decidedBy: 'B',
      })
      .thenThrows('invalid', /already 70 by 2026/);
    given([indicatorDefined(i)])
      .when({
        type: 'ReviseTarget',
        indicatorId: i,
        target: { value: 55, period: '2026' },
        reason: 'r',
        decidedBy: 'B',
      })
      .thenThrows('invalid', /above the baseline/, 'target.value');
  });
});

describe('measurements', () => {
  const record = { type: 'RecordMeasurement', indicatorId: i, period: '2024', value: 63.5 } as const;
  it('records a measurement with a server-made id', () =>
    given([indicatorDefined(i)])
      .when(record)
      .thenEmits(ev('MeasurementRecorded', { period: '2024', value: 63.5, measurementId: 'new-0001' })));
  it('refuses a measurement for an indicator that does not exist (404)', () =>
    given([])
      .when(record)
      .thenThrows('not-found', /indicator school-readiness does not exist/, 'indicatorId'));
  it('refuses a duplicate measurement id (409)', () =>
    given([indicatorDefined(i), measurementRecorded('m1', '2023', 62)])
      .when({ ...record, measurementId: 'm1' })
      .thenThrows('conflict', /measurement m1 already exists/));
  it('refuses a second measurement for the same period: that is a correction (409)', () =>
    given([indicatorDefined(i), measurementRecorded('m1', '2024', 62)])
      .when(record)
      .thenThrows('conflict', /already has measurement m1 for 2024: correct it instead/, 'period'));
  it('refuses a period that has not begun', () =>
    given([indicatorDefined(i)])
      .when({ ...record, period: '2027-Q1' })
      .thenThrows('invalid', /2027-Q1 has not begun/, 'period'));
  it('corrects a measurement', () =>
    given([indicatorDefined(i), measurementRecorded('m1', '2024', 62)])
      .when({ type: 'CorrectMeasurement', indicatorId: i, measurementId: 'm1', value: 62.4, reason: 'typo' })
      .thenEmits(ev('MeasurementCorrected', { measurementId: 'm1', value: 62.4, reason: 'typo' })));
  it('refuses to correct a measurement that does not exist (404)', () =>
    given([indicatorDefined(i)])
      .when({ type: 'CorrectMeasurement', indicatorId: i, measurementId: 'm9', value: 1, reason: 'r' })
      .thenThrows('not-found', /measurement m9 does not exist/, 'measurementId'));
  it('refuses a correction that does not change the value', () =>
    given([indicatorDefined(i), measurementRecorded('m1', '2024', 62)])
      .when({ type: 'CorrectMeasurement', indicatorId: i, measurementId: 'm1', value: 62, reason: 'r' })
      .thenThrows('invalid', /already 62/, 'value'));
  it('takes a correction into account for the next correction', () =>
    given([
      indicatorDefined(i),
      measurementRecorded('m1', '2024', 62),
      ev('MeasurementCorrected', { measurementId: 'm1', value: 64, reason: 'r' }),
    ])
      .when({ type: 'CorrectMeasurement', indicatorId: i, measurementId: 'm1', value: 64, reason: 'r' })
      .thenThrows('invalid', /already 64/));
});

describe('access', () => {
  const hash = 'b'.repeat(64);
  it('enrols an actor with a server-made id', () =>
    given([])
      .when({ type: 'EnrollActor', name: 'Bea', role: 'scrutineer', tokenHash: hash })
      .thenEmits(ev('ActorEnrolled', { name: 'Bea', role: 'scrutineer', tokenHash: hash, actorId: 'new-0001' })));
  it('refuses an actor id already enrolled, and a token already in use (409)', () => {
    given([actorEnrolled('a1')])
      .when({ type: 'EnrollActor', actorId: 'a1', name: 'Bea', role: 'viewer', tokenHash: hash })
      .thenThrows('conflict', /already enrolled/);
    given([actorEnrolled('a1', hash)])
      .when({ type: 'EnrollActor', name: 'Bea', role: 'viewer', tokenHash: hash })
      .thenThrows('conflict', /token is already in use/);
  });
  it('revokes access once, and refuses an unknown actor (404)', () => {
    given([actorEnrolled('a1')])
      .when({ type: 'RevokeAccess', actorId: 'a1', reason: 'left' })
      .thenEmits(ev('AccessRevoked', { actorId: 'a1', reason: 'left' }));
    given([actorEnrolled('a1'), ev('AccessRevoked', { actorId: 'a1', reason: 'left' })])
      .when({ type: 'RevokeAccess', actorId: 'a1', reason: 'again' })
      .thenThrows('conflict', /already revoked/);
    given([])
      .when({ type: 'RevokeAccess', actorId: 'a1', reason: 'r' })
      .thenThrows('not-found', /not enrolled/);
  });
});
