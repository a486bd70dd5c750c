import { describe, expect, it } from 'vitest';
import { eventSchemas, EVENT_TYPES, createdIdOf, sentenceOf } from '../../src/events/catalogue.js';
import { isInstant, isPeriod, MAX_TEXT } from '../../src/events/primitives.js';

const journey = {
  journeyId: 'school-readiness',
  title: 'Ready for school',
  ambition: 'Every child ready to learn',
  horizon: '2026-12-31',
  lead: 'Children and Families Board',
};

describe('the event catalogue', () => {
  it('has a strict schema for every event type', () => {
    // 24, the groups and gaps of issue 16, AccessScopeChanged (issue 21), TreeHeadSigned (issue 17)
    expect(EVENT_TYPES).toHaveLength(29);
    for (const t of EVENT_TYPES) expect(eventSchemas[t].safeParse({ surprise: 1 }).success).toBe(false);
  });

  it('accepts a valid journey and rejects unknown fields rather than dropping them', () => {
    expect(eventSchemas.JourneyCharted.parse(journey)).toEqual(journey);
    const r = eventSchemas.JourneyCharted.safeParse({ ...journey, colour: 'blue' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('colour');
  });

  it('trims text, refuses empty and over-long text', () => {
    expect(eventSchemas.JourneyCharted.parse({ ...journey, title: '  Ready  ' }).title).toBe('Ready');
    expect(eventSchemas.JourneyCharted.safeParse({ ...journey, title: '   ' }).success).toBe(false);
    expect(eventSchemas.JourneyCharted.safeParse({ ...journey, title: 'x'.repeat(MAX_TEXT + 1) }).success).toBe(false);
    expect(eventSchemas.JourneyCharted.safeParse({ ...journey, title: 'x'.repeat(MAX_TEXT) }).success).toBe(true);
  });

  it('holds journey ids to the slug pattern', () => {
    for (const bad of ['A-journey', '-lead', 'x', 'has space', 'a'.repeat(65), 'école']) {
      expect(eventSchemas.JourneyCharted.safeParse({ ...journey, journeyId: bad }).success, bad).toBe(false);
    }
    expect(eventSchemas.JourneyCharted.safeParse({ ...journey, journeyId: 'a'.repeat(64) }).success).toBe(true);
  });

  it('requires non-empty evidence for a change and defaults the RBA question to better-off', () => {
    const change = {
      changeId: 'c1-x',
      whatChanged: 'More families use the hub',
      forWhom: 'Families in Ladywood',
      evidence: ['hub register'],
      occurredAt: '2026-03-01',
    };
    expect(eventSchemas.ChangeReported.parse(change).question).toBe('better-off');
    expect(eventSchemas.ChangeReported.safeParse({ ...change, evidence: [] }).success).toBe(false);
    expect(eventSchemas.ChangeReported.safeParse({ ...change, question: 'how-many' }).success).toBe(false);
  });

  it('refuses non-finite measurement values and impossible periods', () => {
    const m = { measurementId: 'm-1', period: '2025-Q3', value: 61.2 };
    expect(eventSchemas.MeasurementRecorded.safeParse(m).success).toBe(true);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '61']) {
      expect(eventSchemas.MeasurementRecorded.safeParse({ ...m, value }).success).toBe(false);
    }
    expect(eventSchemas.MeasurementRecorded.safeParse({ ...m, period: '2025-Q5' }).success).toBe(false);
  });

  it('names the id each creating event may leave to the server', () => {
    expect(createdIdOf.ChangeReported).toBe('changeId');
    expect(createdIdOf.JourneyCharted).toBeUndefined();
  });
});

describe('periods and instants', () => {
  it.each([
    ['2025', true],
    ['2025-Q1', true],
    ['2025-Q4', true],
    ['2025-03', true],
    ['2024-02-29', true],
    ['2025-Q0', false],
    ['2025-13', false],
    ['2023-02-29', false],
    ['25', false],
    ['2025-1', false],
    ['2025-q1', false],
  ])('%s is a period: %s', (p, ok) => expect(isPeriod(p)).toBe(ok));

  it.each([
    ['2026-03-01T09:30:00Z', true],
    ['2026-03-01T09:30:00.123Z', true],
    ['2026-03-01T09:30Z', true],
    ['2026-03-01', false],
    ['2026-03-01T09:30:00+01:00', false],
    ['2026-02-30T09:30:00Z', false],
    ['yesterday', false],
  ])('%s is an instant: %s', (s, ok) => expect(isInstant(s)).toBe(ok));
});

describe('event sentences say periods as people say them', () => {
  const say = (type: string, data: unknown) =>
    sentenceOf({ type, data, actor: { name: 'Mina Manager' }, streamKey: 'kindergarten-ready' });
  it('a measurement, a target revision and an indicator definition', () => {
    expect(say('MeasurementRecorded', { measurementId: 'm1', period: '2026-Q3', value: 61.2 })).toBe(
      'kindergarten-ready measured 61.2 for Q3 2026',
    );
    expect(say('MeasurementRecorded', { measurementId: 'm2', period: '2026-09', value: 60 })).toBe(
      'kindergarten-ready measured 60 for September 2026',
    );
    expect(
      say('IndicatorTargetRevised', {
        target: { period: '2027', value: 68 },
        reason: 'the county target moved',
        decidedBy: 'Board',
      }),
    ).toBe('Target of kindergarten-ready revised to 68 by 2027, decided by Board: the county target moved');
  });
  it('a stored event its schema refuses still gets a line, never an exception', () => {
    expect(say('MeasurementRecorded', { measurementId: 'bad', value: 1 })).toBe(
      'An entry whose details cannot be read (MeasurementRecorded)',
    );
  });
});
