import { describe, expect, it } from 'vitest';
import { accountability } from '../../projections/accountability.js';
import { auditTrail } from '../../projections/audit-trail.js';
import { cityOverview } from '../../projections/city-overview.js';
import { foldAll, foldPage, initialStates, type ProjectionFailure } from '../../projections/index.js';
import { timelineOf } from '../../projections/journey-timeline.js';
import { progress } from '../../projections/progress.js';
import { charter, decision, indicatorDefinition, ledgerBuilder, sam } from './fixtures.js';

describe('progress projection', () => {
  const build = () => {
    const b = ledgerBuilder('2026-01-05T09:00:00.000Z');
    b.journey('early-years', 'JourneyCharted', charter('early-years'));
    b.indicator(
      'school-readiness',
      'IndicatorDefined',
      indicatorDefinition('school-readiness', { journeyIds: ['early-years'], target: { value: 70, period: '2026' } }),
    );
    for (const [period, value] of [
      ['2022', 61],
      ['2023', 62.5],
      ['2024', 63.1],
      ['2025', 64.7],
    ] as const) {
      b.indicator('school-readiness', 'MeasurementRecorded', { measurementId: `sr-${period}`, period, value });
    }
    return b;
  };

  it('uses the latest correction of a measurement', () => {
    const b = build();
    b.indicator('school-readiness', 'MeasurementCorrected', { measurementId: 'sr-2024', value: 63.5, reason: 'typo' });
    b.indicator('school-readiness', 'MeasurementCorrected', {
      measurementId: 'sr-2024',
      value: 62.9,
      reason: 'revised by ONS',
    });
    const p = progress.query.indicator(foldAll(b.events).progress, 'school-readiness', '2026-03-01');
    // v = 60, 61, 62.5, 62.9, 64.7 over the same dates → slope 1.1297821252821036 (worked by hand)
    expect(p?.actualPacePerYear).toBeCloseTo(1.1297821252821036, 10);
    expect(p?.latest).toMatchObject({ measurementId: 'sr-2025', value: 64.7, corrected: false });
  });

  it('a corrected latest measurement moves every figure', () => {
    const b = build();
    b.indicator('school-readiness', 'MeasurementCorrected', {
      measurementId: 'sr-2025',
      value: 65.2,
      reason: 'late returns',
    });
    const p = progress.query.indicator(foldAll(b.events).progress, 'school-readiness', '2026-03-01');
    expect(p?.latest).toMatchObject({ value: 65.2, corrected: true });
    expect(p?.travelledPct).toBe(52);
    expect(p?.remaining).toBe(4.8);
  });

  it('judges against the revised target, and keeps the revision visible', () => {
    const b = build();
    b.indicator('school-readiness', 'IndicatorTargetRevised', {
      target: { value: 68, period: '2029' },
      reason: 'new baseline survey',
      decidedBy: 'Board',
    });
    const states = foldAll(b.events);
    const p = progress.query.indicator(states.progress, 'school-readiness', '2026-03-01');
    expect(p?.target).toEqual({ value: 68, period: '2029', date: '2029-12-31' });
    expect(p?.travelledPct).toBe(58.8); // 4.7 / 8 = 58.75 → 58.8
    expect(p?.remaining).toBe(3.3);
    // 3.3 / (1461/365.25 = 4 years) = 0.825
    expect(p?.requiredPacePerYear).toBe(0.825);
    expect(p?.status).toBe('on-track'); // 1.1498 ≥ 0.825
    const audit = auditTrail.query.journey(states.audit, states.progress, 'early-years', '2026-03-01');
    expect(audit?.targetRevisions).toMatchObject([
      { from: { value: 70, period: '2026' }, to: { value: 68, period: '2029' }, decidedBy: 'Board' },
    ]);
  });

  it('links a journey to the indicators its plans name', () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.indicator('i-plan', 'IndicatorDefined', indicatorDefinition('i-plan'));
    b.journey('j1', 'PlanAdopted', {
      planId: 'p1',
      intent: 'More families reached',
      owner: 'Ann',
      accountableTo: 'Board',
      indicatorIds: ['i-plan'],
    });
    expect(
      progress.query.journey(foldAll(b.events).progress, 'j1', '2026-03-01').indicators.map((i) => i.indicatorId),
    ).toEqual(['i-plan']);
  });
});

describe('audit trail', () => {
  const build = () => {
    const b = ledgerBuilder('2026-01-05T09:00:00.000Z');
    b.journey('early-years', 'JourneyCharted', charter('early-years'));
    b.indicator(
      'school-readiness',
      'IndicatorDefined',
      indicatorDefinition('school-readiness', { journeyIds: ['early-years'] }),
    );
    b.on('2026-02-01T09:00:00.000Z').indicator('school-readiness', 'MeasurementRecorded', {
      measurementId: 'sr-2024',
      period: '2024',
      value: 63,
    });
    b.on('2026-02-20T09:00:00.000Z').indicator('school-readiness', 'MeasurementCorrected', {
      measurementId: 'sr-2024',
      value: 63.4,
      reason: 'late returns',
    });
    // recorded after the decision, though it measures an earlier year than nothing else: not known then
    b.on('2026-03-05T09:00:00.000Z').indicator('school-readiness', 'MeasurementRecorded', {
      measurementId: 'sr-2025',
      period: '2025',
      value: 64,
    });
    // the decision is recorded late, on 10 March, about a meeting on 1 March
    b.on('2026-03-10T09:00:00.000Z').journey(
      'early-years',
      'DecisionTaken',
      decision('d1', {
        decidedAt: '2026-03-01T10:00:00Z',
        expectedEffect: [{ indicatorId: 'school-readiness', value: 64.5, by: '2025' }],
        callInUntil: '2026-03-20',
      }),
    );
    return b;
  };

  it('knownAtDecision includes what was recorded before decidedAt and excludes what came after', () => {
    const states = foldAll(build().events);
    const [d] = auditTrail.query.journeyDecisions(states.audit, states.progress, 'early-years', '2026-03-15');
    expect(d?.knownAtDecision).toEqual([
      {
        indicatorId: 'school-readiness',
        name: 'Indicator school-readiness',
        unit: '%',
        measurement: expect.objectContaining({
          measurementId: 'sr-2024',
          period: '2024',
          value: 63.4,
          corrected: true,
        }),
      },
    ]);
  });

  it('reviews the expected effect against the measurement of the indicator’s period that contains by', () => {
    const states = foldAll(build().events);
    // decided 2026-03-01, effect expected by 2025 (2025-12-31) on an annual indicator: judged on the 2025 figure
    // (64, recorded 2026-03-05), whenever it was measured (docs/decisions.md, "Expected effects").
    const [d] = auditTrail.query.journeyDecisions(states.audit, states.progress, 'early-years', '2026-03-15');
    expect(d?.effectReview).toEqual([
      {
        indicatorId: 'school-readiness',
        expected: 64.5,
        by: '2025',
        byDate: '2025-12-31',
        measured: 64,
        measurementId: 'sr-2025',
        period: '2025',
        met: false,
      },
    ]);
  });

  it('an effect due by a quarter of an annual indicator is judged on that year’s figure; pending, then not measured', () => {
    const b = build();
    b.journey(
      'early-years',
      'DecisionTaken',
      decision('d2', { expectedEffect: [{ indicatorId: 'school-readiness', value: 63, by: '2024-Q1' }] }),
    );
    b.journey(
      'early-years',
      'DecisionTaken',
      decision('d3', { expectedEffect: [{ indicatorId: 'school-readiness', value: 70, by: '2027-Q2' }] }),
    );
    const states = foldAll(b.events);
    const review = (decisionId: string, referenceDay: string) =>
      auditTrail.query
        .journeyDecisions(states.audit, states.progress, 'early-years', referenceDay)
        .find((x) => x.decisionId === decisionId)?.effectReview[0];
    // 2024-Q1 ends 2024-03-31, inside 2024: the 2024 figure as corrected (63.4) meets 63.
    expect(review('d2', '2026-03-15')).toMatchObject({ measured: 63.4, period: '2024', met: true });
    // 2027 is not measured: pending until two years past 2027-06-30, then not measured.
    expect(review('d3', '2029-06-30')).toMatchObject({ measured: 'pending', period: '2027', met: null });
    expect(review('d3', '2029-07-01')).toMatchObject({ measured: 'not-measured', period: '2027', met: null });
  });

  it('an effect due by a later period is met or not when that period is measured', () => {
    const b = build();
    b.journey(
      'early-years',
      'DecisionTaken',
      decision('d2', {
        expectedEffect: [
          { indicatorId: 'school-readiness', value: 65, by: '2026' },
          { indicatorId: 'school-readiness', value: 67, by: '2026' },
        ],
      }),
    );
    const before = foldAll(b.events);
    const [pending] = auditTrail.query
      .journeyDecisions(before.audit, before.progress, 'early-years', '2026-06-01')
      .filter((d) => d.decisionId === 'd2');
    expect(pending?.effectReview.map((r) => r.measured)).toEqual(['pending', 'pending']);
    b.indicator('school-readiness', 'MeasurementRecorded', { measurementId: 'sr-2026', period: '2026', value: 65.5 });
    const after = foldAll(b.events);
    const [d2] = auditTrail.query
      .journeyDecisions(after.audit, after.progress, 'early-years', '2027-02-01')
      .filter((d) => d.decisionId === 'd2');
    expect(d2?.effectReview.map((r) => [r.measured, r.met])).toEqual([
      [65.5, true],
      [65.5, false],
    ]);
  });

  it('supersession: the old decision is superseded, the chain leads to the one in force', () => {
    const b = build();
    b.journey('early-years', 'DecisionTaken', decision('d2', { decidedAt: '2026-04-01T10:00:00Z' }));
    b.journey('early-years', 'DecisionTaken', decision('d3', { decidedAt: '2026-05-01T10:00:00Z' }));
    b.journey('early-years', 'DecisionSuperseded', { decisionId: 'd1', supersededBy: 'd2', reason: 'new evidence' });
    b.journey('early-years', 'DecisionSuperseded', { decisionId: 'd2', supersededBy: 'd3', reason: 'budget' });
    const states = foldAll(b.events);
    const byId = new Map(
      auditTrail.query
        .journeyDecisions(states.audit, states.progress, 'early-years', '2026-06-01')
        .map((d) => [d.decisionId, d]),
    );
    expect(byId.get('d1')).toMatchObject({
      status: 'superseded',
      supersededBy: 'd2',
      supersessionReason: 'new evidence',
      chain: ['d1', 'd2', 'd3'],
    });
    expect(byId.get('d2')).toMatchObject({ status: 'superseded', supersedes: ['d1'], chain: ['d2', 'd3'] });
    expect(byId.get('d3')).toMatchObject({ status: 'in-force', supersededBy: null, supersedes: ['d2'], chain: ['d3'] });
  });

  it('call-in: window open, then called in, then concluded', () => {
    const b = build();
    const ask = () => {
      const s = foldAll(b.events);
      return auditTrail.query.journeyDecisions(s.audit, s.progress, 'early-years', '2026-03-15')[0]?.callIn;
    };
    expect(ask()).toMatchObject({ windowOpenUntil: '2026-03-20', state: 'window-open', calledIn: null });
    b.journey(
      'early-years',
      'DecisionCalledIn',
      { decisionId: 'd1', by: 'Scrutiny Committee', reason: 'consultation too short' },
      sam,
    );
    expect(ask()).toMatchObject({
      state: 'called-in',
      calledIn: { by: 'Scrutiny Committee', reason: 'consultation too short' },
    });
    b.journey(
      'early-years',
      'CallInConcluded',
      { decisionId: 'd1', outcome: 'referred-back', reason: 'consult again' },
      sam,
    );
    expect(ask()).toMatchObject({ state: 'concluded', outcome: { outcome: 'referred-back' } });
  });

  it('lists incomplete written records: no option rejected, or interests not recorded', () => {
    const b = build();
    b.journey('early-years', 'DecisionTaken', decision('d-no-options', { optionsConsidered: [] }));
    const { interestsDeclared: _i, ...noInterests } = decision('d-no-interests');
    b.journey('early-years', 'DecisionTaken', noInterests);
    const s = foldAll(b.events);
    const audit = auditTrail.query.journey(s.audit, s.progress, 'early-years', '2026-03-15');
    expect(audit?.incomplete.sort()).toEqual(['d-no-interests', 'd-no-options']);
    expect(audit?.decisions.find((d) => d.decisionId === 'd1')?.complete).toBe(true);
    expect(audit?.decisions.find((d) => d.decisionId === 'd-no-interests')?.missing).toEqual(['interestsDeclared']);
  });

  it('challenges carry their answers; corrections are listed', () => {
    const b = build();
    b.journey('early-years', 'ChangeReported', {
      changeId: 'c1',
      whatChanged: 'More children ready',
      forWhom: 'Under-5s',
      evidence: ['survey'],
      occurredAt: '2026-02-01',
      question: 'better-off',
    });
    b.journey(
      'early-years',
      'ChangeChallenged',
      { changeId: 'c1', challengeId: 'ch1', challenge: 'Which survey?' },
      sam,
    );
    b.journey('early-years', 'ChallengeAnswered', {
      changeId: 'c1',
      challengeId: 'ch1',
      answer: 'The EYFS profile',
      upheld: false,
    });
    const s = foldAll(b.events);
    const audit = auditTrail.query.journey(s.audit, s.progress, 'early-years', '2026-03-15');
    expect(audit?.challenges).toMatchObject([
      { challengeId: 'ch1', challenge: 'Which survey?', answer: { answer: 'The EYFS profile', upheld: false } },
    ]);
    expect(audit?.corrections).toMatchObject([
      { measurementId: 'sr-2024', from: 63, to: 63.4, reason: 'late returns' },
    ]);
  });
});

describe('accountability register', () => {
  it('is open, overdue after its due date, discharged with evidence; plans’ owners are listed', () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.journey('j1', 'AccountabilityAssigned', {
      accountabilityId: 'a1',
      holder: 'Ann Lee',
      accountableTo: 'board',
      for: 'A family hub',
      dueBy: '2026-06-30',
    });
    b.journey('j1', 'AccountabilityAssigned', {
      accountabilityId: 'a2',
      holder: 'Bo Chan',
      accountableTo: 'public',
      for: 'A report',
      dueBy: '2026-03-31',
    });
    b.journey('j1', 'AccountabilityDischarged', { accountabilityId: 'a2', evidence: ['report-2026'] });
    b.journey('j1', 'PlanAdopted', {
      planId: 'p1',
      intent: 'Reach families',
      owner: 'Cy Dee',
      accountableTo: 'Board',
      reviewBy: '2027-01-31',
    });
    const s = foldAll(b.events).accountability;
    const statuses = (day: string) =>
      Object.fromEntries(accountability.query.register(s, day).map((x) => [x.id, x.status]));
    expect(statuses('2026-06-30')).toEqual({ a1: 'open', a2: 'discharged', p1: 'open' });
    expect(statuses('2026-07-01')).toEqual({ a1: 'overdue', a2: 'discharged', p1: 'open' });
    expect(
      accountability.query.register(s, '2026-07-01', { holder: 'ann', status: 'overdue' }).map((x) => x.id),
    ).toEqual(['a1']);
  });

  it('a plan past its review date is a review due, never an overdue accountability', () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.journey('j1', 'PlanAdopted', {
      planId: 'p1',
      intent: 'Reach families',
      owner: 'Cy Dee',
      accountableTo: 'Board',
      reviewBy: '2026-03-31',
    });
    const s = foldAll(b.events).accountability;
    expect(accountability.query.register(s, '2026-04-01').map((x) => [x.id, x.status])).toEqual([['p1', 'review-due']]);
    expect(accountability.query.register(s, '2026-04-01', { status: 'overdue' })).toEqual([]);
    expect(accountability.query.overdueByJourney(s, '2026-04-01').get('j1') ?? 0).toBe(0);
  });
});

describe('timeline and overview', () => {
  it('orders entries by occurredAt then position, with corrections and challenges as entries of their own', () => {
    const b = ledgerBuilder('2026-01-05T09:00:00.000Z');
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.indicator('i1', 'IndicatorDefined', indicatorDefinition('i1', { journeyIds: ['j1'] }));
    b.indicator('i1', 'MeasurementRecorded', { measurementId: 'm1', period: '2025', value: 62 }); // occurred 2025-12-31
    b.journey('j1', 'ChangeReported', {
      changeId: 'c1',
      whatChanged: 'x',
      forWhom: 'y',
      evidence: ['z'],
      occurredAt: '2025-06-01',
      question: 'better-off',
    });
    b.indicator('i1', 'MeasurementCorrected', { measurementId: 'm1', value: 62.5, reason: 'r' });
    const entries = timelineOf(foldAll(b.events).progress.links, 'j1', b.events);
    expect(entries.map((e) => e.type)).toEqual([
      'ChangeReported',
      'MeasurementRecorded',
      'JourneyCharted',
      'IndicatorDefined',
      'MeasurementCorrected',
    ]);
    expect(entries[1]?.summary).toBe('i1 measured 62 for 2025');
    // Each entry carries its entry number (ordinal + 1), which pages anchor at and reports cite.
    expect(entries.map((e) => e.entry)).toEqual([4, 3, 1, 2, 5]);
  });

  it('the overview shows status, travelled %, last change, open challenges and overdue accountabilities', () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1', 'Ready for school'));
    b.indicator('i1', 'IndicatorDefined', indicatorDefinition('i1', { journeyIds: ['j1'] }));
    b.indicator('i1', 'MeasurementRecorded', { measurementId: 'm1', period: '2025', value: 64 });
    b.journey('j1', 'ChangeReported', {
      changeId: 'c1',
      whatChanged: 'Hub opened',
      forWhom: 'Parents',
      evidence: ['visit'],
      occurredAt: '2026-01-10',
      question: 'better-off',
    });
    b.journey('j1', 'ChangeChallenged', { changeId: 'c1', challengeId: 'ch1', challenge: 'Evidence?' }, sam);
    b.journey('j1', 'AccountabilityAssigned', {
      accountabilityId: 'a1',
      holder: 'Ann',
      accountableTo: 'board',
      for: 'x',
      dueBy: '2026-02-01',
    });
    const s = foldAll(b.events);
    expect(cityOverview.query.overview(s.overview, s, '2026-03-01')).toEqual([
      {
        journeyId: 'j1',
        title: 'Ready for school',
        lead: 'Children’s Partnership',
        horizon: '2029-12-31',
        outcomeArea: null,
        concluded: null,
        status: 'at-risk', // pace 1.0 a year against 1.5 needed (6 points in 4 years)
        travelledPct: 40,
        indicatorsAchieved: 0,
        indicatorsWithData: 1,
        trend: [{ date: '2025-12-31', value: 40 }],
        lastChange: { changeId: 'c1', whatChanged: 'Hub opened', forWhom: 'Parents', occurredAt: '2026-01-10' },
        openChallenges: 1,
        overdueAccountabilities: 1,
      },
    ]);
  });
});

describe('the overview, worst first', () => {
  // Issue 15: "Journeys, worst status first" listed off track, at risk, on track, off track, off track.
  it('orders journeys by status, worst first, then the least travelled, and never shows more than 100 % travelled', () => {
    const b = ledgerBuilder();
    const journey = (id: string, indicator: { baseline: number; target: number; values: number[] }) => {
      b.journey(id, 'JourneyCharted', charter(id, id));
      b.indicator(
        `${id}-i`,
        'IndicatorDefined',
        indicatorDefinition(`${id}-i`, {
          journeyIds: [id],
          baseline: { value: indicator.baseline, period: '2021' },
          target: { value: indicator.target, period: '2029' },
        }),
      );
      indicator.values.forEach((value, n) =>
        b.indicator(`${id}-i`, 'MeasurementRecorded', {
          measurementId: `${id}-m${n}`,
          period: String(2022 + n),
          value,
        }),
      );
    };
    journey('a-achieved', { baseline: 60, target: 70, values: [65, 75] }); // 150 % → shown as 100
    journey('b-off', { baseline: 60, target: 70, values: [60, 59] }); // went backwards: off track, −10 %
    journey('c-on', { baseline: 60, target: 70, values: [64, 68] }); // on track
    journey('d-off', { baseline: 60, target: 70, values: [60.5, 60.8] }); // off track (0.4 a year of 1.53 needed), 8 %
    journey('e-none', { baseline: 60, target: 70, values: [] }); // no data
    const s = foldAll(b.events);
    const rows = cityOverview.query.overview(s.overview, s, '2024-03-01');
    expect(rows.map((r) => [r.journeyId, r.status, r.travelledPct])).toEqual([
      ['b-off', 'off-track', -10],
      ['d-off', 'off-track', 8],
      ['e-none', 'no-data', null],
      ['c-on', 'on-track', 80],
      ['a-achieved', 'achieved', 100],
    ]);
  });
});

describe('fold isolation', () => {
  it('a projection that throws is reported with the event position and the others carry on', () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    const broken = { ...b.journey('j1', 'PlanWithdrawn', { planId: 'p1', reason: 'r' }) };
    // A malformed stored event (data null) makes reducers that read data throw.
    const bad = { ...broken, data: null } as unknown as typeof broken;
    b.journey('j1', 'LessonHarvested', { lessonId: 'l1', learned: 'Ask parents first' });
    const failures: ProjectionFailure[] = [];
    const states = foldPage(initialStates(), [b.events[0]!, bad, b.events[2]!], (f) => failures.push(f));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.position === '2')).toBe(true);
    // The detail's lessons are the journey's events read back, not a state's: the overview's failure hides none.
    const readBack = [b.events[0]!, b.events[2]!];
    expect(cityOverview.query.journey(states.overview, 'j1', readBack)?.lessons.map((l) => l.learned)).toEqual([
      'Ask parents first',
    ]);
  });
});
