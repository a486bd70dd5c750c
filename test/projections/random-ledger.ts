import fc from 'fast-check';
import type { EventData } from '../../src/events/catalogue.js';
import type { StoredEvent } from '../../src/events/envelope.js';
import { charter, decision, indicatorDefinition, ledgerBuilder, sam } from './fixtures.js';

/**
 * Random but valid ledgers for property tests: two journeys, three indicators, every kind of journey event, and
 * groups and gaps: i1 (increase) is broken down by g1 and g2 with a gap g1 against g2, i2 (decrease) by g1 with a
 * gap g1 against all, and i3 may have a group g3 added later, with a gap g3 against all.
 */
const journey = fc.constantFrom('j1', 'j2');
const indicator = fc.constantFrom('i1', 'i2', 'i3');
const value = fc.integer({ min: 0, max: 1000 }).map((n) => n / 10);
const year = fc.integer({ min: 2022, max: 2029 });

/** Ops about groups and gaps only: they take no clock tick and no id from the others, so leaving them out of a
 * ledger leaves every other event exactly as it was (the property that group figures change no other figure). */
export const groupOp = fc.oneof(
  // `group`: the indicator's first (g1) or last (g2) group — i2 and i3 have one.
  fc.record({
    k: fc.constant('measureGroup' as const),
    ind: indicator,
    group: fc.constantFrom('g1', 'g2'),
    year,
    value,
  }),
  fc.record({ k: fc.constant('correctGroup' as const), ind: indicator, pick: fc.nat(), value }),
  fc.record({ k: fc.constant('gapTarget' as const), ind: indicator, year, value }),
  fc.record({ k: fc.constant('addGroup' as const) }),
);
export type GroupOp = typeof groupOp extends fc.Arbitrary<infer T> ? T : never;
const GROUP_OPS: ReadonlySet<string> = new Set(['measureGroup', 'correctGroup', 'gapTarget', 'addGroup']);
export const isGroupOp = (op: { k: string }): op is GroupOp => GROUP_OPS.has(op.k);
/** The groups each indicator's figures may be given for, and its gap. */
const GROUPS: Record<string, string[]> = { i1: ['g1', 'g2'], i2: ['g1'], i3: ['g3'] };
const GAPS: Record<string, string> = { i1: 'gap-a', i2: 'gap-b', i3: 'gap-c' };

export const ledgerOp = fc.oneof(
  fc.record({ k: fc.constant('measure' as const), ind: indicator, year, value }),
  fc.record({ k: fc.constant('correct' as const), ind: indicator, pick: fc.nat(), value }),
  fc.record({ k: fc.constant('target' as const), ind: indicator, year, value }),
  fc.record({
    k: fc.constant('decide' as const),
    j: journey,
    day: fc.integer({ min: 0, max: 400 }),
    effect: fc.option(indicator),
    complete: fc.boolean(),
  }),
  fc.record({ k: fc.constant('supersede' as const), j: journey, pick: fc.nat(), by: fc.nat() }),
  fc.record({ k: fc.constant('callIn' as const), j: journey, pick: fc.nat(), conclude: fc.boolean() }),
  fc.record({
    k: fc.constant('change' as const),
    j: journey,
    ind: fc.option(indicator),
    day: fc.integer({ min: 0, max: 400 }),
  }),
  fc.record({ k: fc.constant('challenge' as const), j: journey, pick: fc.nat(), answer: fc.boolean() }),
  fc.record({ k: fc.constant('plan' as const), j: journey, ind: indicator, withdraw: fc.boolean() }),
  fc.record({
    k: fc.constant('assign' as const),
    j: journey,
    day: fc.integer({ min: 0, max: 400 }),
    discharge: fc.boolean(),
  }),
  fc.record({ k: fc.constant('lesson' as const), j: journey }),
  fc.record({ k: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 2000 }) }),
  groupOp,
);
export type LedgerOp = typeof ledgerOp extends fc.Arbitrary<infer T> ? T : never;

const day = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

export function buildLedger(ops: LedgerOp[]): StoredEvent[] {
  const b = ledgerBuilder('2026-01-05T09:00:00.000Z');
  let clock = Date.parse('2026-01-05T09:00:00.000Z');
  const tick = (): void => {
    clock += 3_600_000;
    b.on(new Date(clock).toISOString());
  };
  b.journey('j1', 'JourneyCharted', charter('j1'));
  b.journey('j2', 'JourneyCharted', charter('j2'));
  b.indicator(
    'i1',
    'IndicatorDefined',
    indicatorDefinition('i1', {
      journeyIds: ['j1'],
      doNothing: { value: 58, period: '2029' },
      groups: [
        { groupId: 'g1', name: 'Group one' },
        { groupId: 'g2', name: 'Group two' },
      ],
    }),
  );
  b.indicator(
    'i2',
    'IndicatorDefined',
    indicatorDefinition('i2', {
      journeyIds: ['j2'],
      direction: 'decrease',
      baseline: { value: 24, period: '2021' },
      target: { value: 20, period: '2029' },
      groups: [{ groupId: 'g1', name: 'Group one' }],
    }),
  );
  b.indicator('i3', 'IndicatorDefined', indicatorDefinition('i3', { frequency: 'quarterly' }));
  const gap = (focusGroup: string, comparatorGroup: string, gapId: string): EventData<'GapDefined'> => ({
    gapId,
    name: `Gap ${gapId}`,
    focusGroup,
    comparatorGroup,
    baseline: { value: 12, period: '2021' },
    target: { value: 6, period: '2029' },
    doNothing: { value: 13, period: '2029' },
  });
  b.indicator('i1', 'GapDefined', gap('g1', 'g2', 'gap-a'));
  b.indicator('i2', 'GapDefined', gap('g1', 'all', 'gap-b'));
  const measurements: Record<string, string[]> = { i1: [], i2: [], i3: [] };
  const groupMeasurements: Record<string, string[]> = { i1: [], i2: [], i3: [] };
  let groupAdded = false;
  let g = 0;
  const decisions: Record<string, string[]> = { j1: [], j2: [] };
  const changes: Record<string, string[]> = { j1: [], j2: [] };
  let n = 0;
  const id = (prefix: string): string => `${prefix}-${++n}`;
  const pick = <T>(list: T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
  for (const op of ops) {
    if (!isGroupOp(op)) tick();
    switch (op.k) {
      case 'measureGroup': {
        const groups = GROUPS[op.ind] ?? [];
        const group = groups[op.group === 'g1' ? 0 : groups.length - 1] as string;
        if (op.ind === 'i3' && !groupAdded) break;
        const m = `gm-${++g}`;
        groupMeasurements[op.ind]?.push(m);
        b.indicator(op.ind, 'MeasurementRecorded', {
          measurementId: m,
          period: String(op.year),
          value: op.value,
          group,
        });
        break;
      }
      case 'correctGroup': {
        const m = pick(groupMeasurements[op.ind] ?? [], op.pick);
        if (m) b.indicator(op.ind, 'MeasurementCorrected', { measurementId: m, value: op.value, reason: 'corrected' });
        break;
      }
      case 'gapTarget':
        if (op.ind === 'i3' && !groupAdded) break;
        b.indicator(op.ind, 'GapTargetRevised', {
          gapId: GAPS[op.ind] as string,
          target: { value: op.value / 10, period: String(op.year) },
          reason: 'revised',
          decidedBy: 'Board',
        });
        break;
      case 'addGroup':
        if (groupAdded) break;
        groupAdded = true;
        b.indicator('i3', 'IndicatorGroupAdded', { groupId: 'g3', name: 'Group three' });
        b.indicator('i3', 'GapDefined', gap('g3', 'all', 'gap-c'));
        break;
      case 'measure': {
        const m = id('m');
        measurements[op.ind]?.push(m);
        b.indicator(op.ind, 'MeasurementRecorded', { measurementId: m, period: String(op.year), value: op.value });
        break;
      }
      case 'correct': {
        const m = pick(measurements[op.ind] ?? [], op.pick);
        if (m) b.indicator(op.ind, 'MeasurementCorrected', { measurementId: m, value: op.value, reason: 'corrected' });
        break;
      }
      case 'target':
        b.indicator(op.ind, 'IndicatorTargetRevised', {
          target: { value: op.value, period: String(op.year) },
          reason: 'revised',
          decidedBy: 'Board',
        });
        break;
      case 'decide': {
        const d = id('d');
        decisions[op.j]?.push(d);
        const base = decision(d, {
          decidedAt: `${day(op.day)}T10:00:00Z`,
          callInUntil: day(op.day + 10),
          ...(op.effect ? { expectedEffect: [{ indicatorId: op.effect, value: 65, by: '2026' }] } : {}),
        });
        if (!op.complete) delete base.interestsDeclared;
        b.journey(op.j, 'DecisionTaken', base);
        break;
      }
      case 'supersede': {
        const list = decisions[op.j] ?? [];
        const old = pick(list, op.pick);
        const by = pick(list, op.by);
        if (old && by && old !== by)
          b.journey(op.j, 'DecisionSuperseded', { decisionId: old, supersededBy: by, reason: 'better' });
        break;
      }
      case 'callIn': {
        const d = pick(decisions[op.j] ?? [], op.pick);
        if (!d) break;
        b.journey(op.j, 'DecisionCalledIn', { decisionId: d, by: 'Scrutiny', reason: 'why' }, sam);
        if (op.conclude) b.journey(op.j, 'CallInConcluded', { decisionId: d, outcome: 'upheld', reason: 'fine' }, sam);
        break;
      }
      case 'change': {
        const c = id('c');
        changes[op.j]?.push(c);
        b.journey(op.j, 'ChangeReported', {
          changeId: c,
          whatChanged: 'Families reached',
          forWhom: 'Parents',
          evidence: ['visit'],
          occurredAt: day(op.day),
          question: 'better-off',
          ...(op.ind ? { indicatorIds: [op.ind] } : {}),
        });
        break;
      }
      case 'challenge': {
        const c = pick(changes[op.j] ?? [], op.pick);
        if (!c) break;
        const ch = id('ch');
        b.journey(op.j, 'ChangeChallenged', { changeId: c, challengeId: ch, challenge: 'Evidence?' }, sam);
        if (op.answer)
          b.journey(op.j, 'ChallengeAnswered', { changeId: c, challengeId: ch, answer: 'Here', upheld: false });
        break;
      }
      case 'plan': {
        const p = id('p');
        b.journey(op.j, 'PlanAdopted', {
          planId: p,
          intent: 'Reach families',
          owner: 'Ann',
          accountableTo: 'Board',
          indicatorIds: [op.ind],
        });
        if (op.withdraw) b.journey(op.j, 'PlanWithdrawn', { planId: p, reason: 'done' });
        break;
      }
      case 'assign': {
        const a = id('a');
        b.journey(op.j, 'AccountabilityAssigned', {
          accountabilityId: a,
          holder: 'Ann',
          accountableTo: 'board',
          for: 'x',
          dueBy: day(op.day),
        });
        if (op.discharge) b.journey(op.j, 'AccountabilityDischarged', { accountabilityId: a, evidence: ['done'] });
        break;
      }
      case 'lesson':
        b.journey(op.j, 'LessonHarvested', { lessonId: id('l'), learned: 'Listen first' });
        break;
      case 'wait':
        clock += op.hours * 3_600_000;
        break;
    }
  }
  return b.events;
}
