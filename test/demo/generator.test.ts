import { describe, expect, it } from 'vitest';
import { foldAll } from '../../projections/index.js';
import { gapsAnswer } from '../../projections/read-model.js';
import { generateDemo } from '../../src/demo/index.js';
import { eventHash, eventSchemas, GENESIS_HASH, type LedgerEvent, type StoredEvent } from '../../src/events/index.js';

const NOW = '2026-11-25T12:00:00.000Z';
const all = (options: Parameters<typeof generateDemo>[0]): LedgerEvent[] =>
  [...generateDemo(options)].flat() as LedgerEvent[];

describe('the demo city generator', () => {
  const events = all({ now: NOW });

  it('gives only events that parse against the catalogue, unchanged by parsing', () => {
    for (const e of events) {
      const parsed = eventSchemas[e.type].safeParse(e.data);
      if (!parsed.success) throw new Error(`${e.streamId}@${e.revision} ${e.type}: ${parsed.error.message}`);
      expect(parsed.data).toEqual(e.data);
    }
  });

  it('tells the five journeys with every kind of fact the reports speak about', () => {
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'JourneyCharted',
      'JourneyReframed',
      'PlanAdopted',
      'PlanRevised',
      'PlanWithdrawn',
      'DecisionTaken',
      'DecisionCalledIn',
      'CallInConcluded',
      'DecisionSuperseded',
      'ChangeReported',
      'ChangeChallenged',
      'ChallengeAnswered',
      'LessonHarvested',
      'PerspectiveVoiced',
      'AccountabilityAssigned',
      'AccountabilityDischarged',
      'IndicatorDefined',
      'IndicatorTargetRevised',
      'MeasurementRecorded',
      'MeasurementCorrected',
      'IndicatorGroupAdded',
      'GapDefined',
      'GapTargetRevised',
    ] as const) {
      expect(types, t).toContain(t);
    }
    expect(events.filter((e) => e.type === 'JourneyCharted').map((e) => e.streamId)).toEqual([
      'journey-school-readiness',
      'journey-healthy-life-expectancy-gap',
      'journey-jobs-and-skills',
      'journey-safer-neighbourhoods',
      'journey-warm-net-zero-homes',
    ]);
    const defined = events.flatMap((e) => (e.type === 'IndicatorDefined' ? [e.data] : []));
    expect(new Set(defined.map((d) => d.direction))).toEqual(new Set(['increase', 'decrease']));
    expect(defined.filter((d) => d.doNothing !== undefined)).toHaveLength(1);
    expect(defined.every((d) => d.source?.includes('Illustrative'))).toBe(true);
  });

  it('carries group figures and gaps that move: narrowing over the years, with a stretch of widening', () => {
    const states = foldAll(events.map((e, i) => ({ ...e, position: String(i + 1), ordinal: i })));
    const ctx = { states, referenceDay: '2026-11-25', asOf: NOW, at: null };
    for (const indicatorId of ['healthy-life-expectancy', 'good-level-of-development']) {
      const answer = gapsAnswer(ctx, indicatorId);
      const gap = answer?.gaps[0];
      const values = gap?.points.map((p) => p.gap) ?? [];
      expect(values.length, indicatorId).toBeGreaterThan(4);
      expect(values.at(-1)!, indicatorId).toBeLessThan(values[0]!);
      expect(
        values.some((v, i) => i > 0 && v > values[i - 1]!),
        `${indicatorId} widens somewhere`,
      ).toBe(true);
      expect(answer?.groups.every((g) => g.points.length > 0)).toBe(true);
    }
    // Every group figure names a group its indicator had declared by then (the decider's rule).
    const declared = new Map<string, Set<string>>();
    for (const e of events) {
      const groups = declared.get(e.streamId) ?? new Set<string>();
      declared.set(e.streamId, groups);
      if (e.type === 'IndicatorDefined') for (const g of e.data.groups ?? []) groups.add(g.groupId);
      if (e.type === 'IndicatorGroupAdded') groups.add(e.data.groupId);
      if (e.type === 'MeasurementRecorded' && e.data.group !== undefined) expect(groups).toContain(e.data.group);
      if (e.type === 'GapDefined') expect(groups).toContain(e.data.focusGroup);
    }
  });

  it('records nothing after now, in recordedAt order, from 2021', () => {
    const times = events.map((e) => e.recordedAt);
    expect([...times].sort()).toEqual(times);
    expect(times[0]?.startsWith('2021-01')).toBe(true);
    expect(times[times.length - 1]! <= NOW).toBe(true);
  });

  it('chains every stream from the genesis hash, with revisions from 0 and placeholder positions', () => {
    const heads = new Map<string, StoredEvent>();
    for (const e of events) {
      const prev = heads.get(e.streamId);
      expect(e.revision).toBe(prev ? prev.revision + 1 : 0);
      expect(e.prevHash).toBe(prev ? prev.hash : GENESIS_HASH);
      expect(e.hash).toBe(eventHash(e));
      expect(e.position).toBe('0');
      heads.set(e.streamId, e);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('is deterministic: the same seed gives the same hashes, another seed other hashes', () => {
    const again = all({ now: NOW });
    expect(again.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    const other = all({ now: NOW, seed: 2 });
    expect(other.map((e) => e.hash)).not.toEqual(events.map((e) => e.hash));
  });

  it('scales by journeys, years and an approximate event count, in pages', () => {
    const pages = [...generateDemo({ now: NOW, journeys: 12, years: 3, events: 20_000, pageSize: 1_000 })];
    const scaled = pages.flat();
    expect(pages.every((p) => p.length <= 1_000)).toBe(true);
    expect(new Set(scaled.filter((e) => e.type === 'JourneyCharted').map((e) => e.streamId)).size).toBe(12);
    expect(scaled.length).toBeGreaterThan(15_000);
    expect(scaled.length).toBeLessThan(25_000);
    expect(scaled[0]?.recordedAt.startsWith('2024-01')).toBe(true);
    expect(scaled.filter((e) => !eventSchemas[e.type].safeParse(e.data).success)).toEqual([]);
    expect(new Set(scaled.map((e) => e.id)).size).toBe(scaled.length);
  });
});
