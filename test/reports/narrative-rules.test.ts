import { afterEach, describe, expect, it } from 'vitest';
import { buildReport, type ReportModel } from '../../src/reports/model.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { charter, decision, indicatorDefinition, ledgerBuilder } from '../projections/fixtures.js';

/**
 * The narrative rules on a small hand-made ledger (docs/decisions.md, "Reports"): late entries, overdue by how long
 * and said once, what moved since the previous report, and a gap's sentences, with figures worked out by hand.
 */
let store: SqliteEventStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/**
 * School readiness: a rate (60% in 2021 → 70% by 2026, revised to 68% in June 2025) and the gap for children
 * eligible for free school meals (12 points in 2021 → 6 by 2026): 11 points in 2022, 9.5 in 2023 (recorded May 2025).
 */
async function schoolReadiness(): Promise<SqliteEventStore> {
  const b = ledgerBuilder('2024-12-01T09:00:00.000Z');
  b.journey('j1', 'JourneyCharted', charter('j1', 'Every child ready for school'));
  b.indicator(
    'gld',
    'IndicatorDefined',
    indicatorDefinition('gld', {
      name: 'Good level of development',
      journeyIds: ['j1'],
      baseline: { value: 60, period: '2021' },
      target: { value: 70, period: '2026' },
      groups: [{ groupId: 'fsm', name: 'Children eligible for free school meals' }],
    }),
  );
  b.indicator('gld', 'GapDefined', {
    gapId: 'fsm-gap',
    name: 'Free school meals gap',
    focusGroup: 'fsm',
    comparatorGroup: 'all',
    baseline: { value: 12, period: '2021' },
    target: { value: 6, period: '2026' },
  });
  b.indicator('gld', 'MeasurementRecorded', { measurementId: 'all-22', period: '2022', value: 61 });
  b.indicator('gld', 'MeasurementRecorded', { measurementId: 'fsm-22', period: '2022', value: 50, group: 'fsm' });
  b.journey('j1', 'AccountabilityAssigned', {
    accountabilityId: 'a1',
    holder: 'Head of Early Years',
    accountableTo: 'board',
    for: 'Report on the speech and language checks',
    dueBy: '2025-02-01',
  });
  b.on('2025-05-10T09:00:00.000Z');
  b.indicator('gld', 'MeasurementRecorded', { measurementId: 'all-23', period: '2023', value: 61.5 });
  b.indicator('gld', 'MeasurementRecorded', { measurementId: 'fsm-23', period: '2023', value: 52, group: 'fsm' });
  b.on('2025-06-01T09:00:00.000Z');
  b.indicator('gld', 'IndicatorTargetRevised', {
    target: { value: 68, period: '2026' },
    reason: 'The national definition changed',
    decidedBy: 'Children and Families Board',
  });
  b.on('2025-10-05T09:00:00.000Z');
  b.journey('j1', 'ChangeReported', {
    changeId: 'c1',
    whatChanged: 'Parents get a speech check at the family hub',
    forWhom: 'Families with two-year-olds',
    evidence: ['Hub referral log'],
    occurredAt: '2025-09-20',
    question: 'better-off',
  });
  // Taken on 29 September, recorded on 29 November: after Q3's report was made.
  b.on('2025-11-29T09:00:00.000Z');
  b.journey(
    'j1',
    'DecisionTaken',
    decision('d1', {
      summary: 'Fund a speech therapist',
      decidedAt: '2025-09-29',
      evidence: ['gld', 'Options appraisal paper'],
    }),
  );
  b.on('2025-12-05T09:00:00.000Z');
  b.journey('j1', 'DecisionCalledIn', { decisionId: 'd1', by: 'Councillor Reed', reason: 'The cost was not shown' });
  const s = openSqliteStore({ file: ':memory:' });
  await s.restore(b.events);
  return s;
}

const all = (m: ReportModel): string[] => [
  ...m.moved.map((s) => s.text),
  ...m.city.sentences.map((s) => s.text),
  ...m.journeys.flatMap((j) => [
    ...j.indicators.flatMap((i) => [...i.sentences, ...i.gaps.flatMap((g) => g.sentences)].map((s) => s.text)),
    ...j.sections.flatMap((x) => [...x.paragraphs.flat(), ...x.items].map((s) => s.text)),
  ]),
];
const section = (m: ReportModel, heading: string) => m.journeys[0]?.sections.find((s) => s.heading === heading);

describe('late entries', () => {
  it('puts a decision recorded after its quarter ended in the next report, saying it is late, and counts it there', async () => {
    store = await schoolReadiness();
    const q3 = await buildReport(store, '2025-Q3');
    expect(section(q3, 'Decisions')).toBeUndefined();
    expect(q3.city.rows[0]?.decisions).toEqual([]);

    const q4 = await buildReport(store, '2025-Q4');
    const decisions = section(q4, 'Decisions')?.paragraphs[0]?.map((s) => s.text) ?? [];
    expect(decisions[0]).toMatch(/^On 29 September 2025 Cabinet decided to fund a speech therapist/);
    expect(decisions).toContain(
      'It was recorded on 29 November 2025, after the quarter it was taken in had ended: a late entry.',
    );
    // Evidence that names an indicator by its id is said by the indicator's name.
    expect(decisions).toContain('The evidence before it: “Good level of development” and Options appraisal paper.');
    expect(q4.city.rows[0]?.decisions).toHaveLength(1);
    expect(q4.city.sentences.map((s) => s.text)).toContain(
      'This quarter 1 change was reported and 1 decision was recorded.',
    );
  });

  it('says a change that happened before the quarter is a late entry', async () => {
    store = await schoolReadiness();
    const q4 = await buildReport(store, '2025-Q4');
    expect(section(q4, 'Changes made this quarter')?.items.map((s) => s.text)).toEqual([
      'Parents get a speech check at the family hub. For: Families with two-year-olds. Evidence: Hub referral log. (Reported by Alice Manager, 20 September 2025; a late entry, recorded on 5 October 2025.)',
    ]);
  });
});

describe('an overdue accountability', () => {
  it('says by how long, in full once, then only "still overdue, now …"', async () => {
    store = await schoolReadiness();
    const q1 = section(await buildReport(store, '2025-Q1'), 'Accountabilities')?.paragraphs.flat();
    expect(q1?.map((s) => s.text)).toEqual([
      '1 accountability has become overdue: Head of Early Years (accountable to the board) for “Report on the speech and language checks”, due by 1 February 2025, overdue by 1 month.',
    ]);
    const q2 = section(await buildReport(store, '2025-Q2'), 'Accountabilities')?.paragraphs.flat();
    expect(q2?.map((s) => s.text)).toEqual([
      'Still overdue, as in the previous report: Head of Early Years, for “Report on the speech and language checks”, now 4 months overdue.',
    ]);
    expect(q2?.[0]?.cites).toEqual(q1?.[0]?.cites);
  });
});

describe('what moved since the previous report', () => {
  it('lists new figures, a gap that narrowed, a status that moved and a revised target, each cited', async () => {
    store = await schoolReadiness();
    const q2 = await buildReport(store, '2025-Q2');
    expect(q2.previousPeriodLabel).toBe('Q1 2025');
    expect(q2.moved.map((s) => s.text)).toEqual([
      'A new figure for “Good level of development”: 61.5% for 2023.',
      'New figures by group for “Good level of development”: children eligible for free school meals, 52.0% for 2023.',
      'The target for “Good level of development” was revised from 70.0% by 2026 to 68.0% by 2026.',
      'The gap “Free school meals gap” narrowed from 11.0 points (2022) to 9.5 points (2023).',
      'The gap “Free school meals gap” moved from at risk to on track.',
    ]);
    for (const s of q2.moved) expect(s.cites.length, s.text).toBeGreaterThan(0);
    // The narrowing cites the four figures behind the two gap points, and the gap's definition.
    expect(q2.moved[3]?.cites).toHaveLength(5);
  });

  it('says a call-in, and says nothing moved when nothing did', async () => {
    store = await schoolReadiness();
    expect((await buildReport(store, '2025-Q4')).moved.map((s) => s.text)).toContain(
      'The decision of 29 September 2025 to fund a speech therapist (Every child ready for school) was called in by Councillor Reed.',
    );
    expect((await buildReport(store, '2026-Q2')).moved).toEqual([]);
  });
});

describe('a gap sentence', () => {
  it('says how far the gap has closed, its pace and when it would close, from the gap maths (worked by hand)', async () => {
    store = await schoolReadiness();
    const q2 = await buildReport(store, '2025-Q2');
    const gap = q2.journeys[0]?.indicators[0]?.gaps[0];
    expect(gap?.name).toBe('Free school meals gap');
    // Points 12 (2021), 11 (2022), 9.5 (2023), dated 31 December: least-squares pace −2.4983/1.9973 = −1.2509 a year;
    // travelled (12 − 9.5)/(12 − 6) = 41.7%; needed (9.5 − 6)/(1,096/365.25 years) = 1.1664 a year; at −1.2509 a year
    // the 3.5 points left take 2.80 years from 31 December 2023: October 2026, before the target's date.
    expect(gap?.sentences.map((s) => s.text)).toEqual([
      'The gap between the children eligible for free school meals and the whole population has narrowed from 12.0 points in 2021 to 9.5 points in 2023, 42% of the way to the 2026 target of 6.0 points.',
      'At the current pace (−1.3 points a year) it would close to its target in 2026, in time; 1.2 points a year are needed. This gap is on track.',
    ]);
    expect(all(q2).join(' ')).not.toMatch(/fsm-gap|\bfsm\b|\bgld\b/);
  });
});
