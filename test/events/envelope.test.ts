import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, sha256Hex } from '../../src/events/canonical.js';
import { deriveOccurredAt, eventHash, GENESIS_HASH } from '../../src/events/envelope.js';
import { periodEnd, periodStart, previousQuarter, quarterOf } from '../../src/events/period.js';
import { ledgerDigest } from '../../src/store/verify.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops whitespace and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever the key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('is the definition: keys sorted with Array#sort, members joined, undefined ones dropped (property)', () => {
    const definition = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map((x: unknown) => (x === undefined ? 'null' : definition(x))).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => `${JSON.stringify(k)}:${definition((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : (JSON.stringify(v) as string);
    // Up to 40 keys per object: both the small-object and the general sort.
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constant(undefined),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 40 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // Wrapped: undefined is dropped as a member, but cannot be canonicalised alone.
        expect(canonicalJson({ v })).toBe(definition({ v }));
      }),
    );
  });
});

describe('the per-stream hash', () => {
  const e = {
    prevHash: GENESIS_HASH,
    id: 'e1',
    type: 'LessonHarvested' as const,
    streamId: 'journey-x',
    revision: 0,
    recordedAt: '2026-01-01T00:00:00.000Z',
    occurredAt: '2026-01-01T00:00:00.000Z',
    actor: { id: 'a', name: 'A', role: 'admin' as const },
    data: { lessonId: 'l1', learned: 'x' },
  };
  it('is sha-256 of the canonical JSON of the hashed fields', () => {
    const expected = sha256Hex(
      '{"actor":{"id":"a","name":"A","role":"admin"},"data":{"learned":"x","lessonId":"l1"},"id":"e1",' +
        '"occurredAt":"2026-01-01T00:00:00.000Z","prevHash":"' +
        GENESIS_HASH +
        '","recordedAt":"2026-01-01T00:00:00.000Z",' +
        '"revision":0,"streamId":"journey-x","type":"LessonHarvested"}',
    );
    expect(eventHash(e)).toBe(expected);
  });
  it('changes when any hashed field changes', () => {
    expect(eventHash({ ...e, revision: 1 })).not.toBe(eventHash(e));
    expect(eventHash({ ...e, data: { lessonId: 'l1', learned: 'y' } })).not.toBe(eventHash(e));
  });
});

describe('valid time', () => {
  it('takes decidedAt, a change date, or a period end; otherwise recordedAt', () => {
    const rec = '2026-11-25T10:00:00.000Z';
    expect(deriveOccurredAt('DecisionTaken', { decidedAt: '2026-03-01T09:30:00Z' }, rec)).toBe(
      '2026-03-01T09:30:00.000Z',
    );
    expect(deriveOccurredAt('ChangeReported', { occurredAt: '2026-02-14' }, rec)).toBe('2026-02-14T00:00:00.000Z');
    expect(deriveOccurredAt('MeasurementRecorded', { period: '2025-Q3' }, rec)).toBe('2025-09-30T00:00:00.000Z');
    expect(deriveOccurredAt('LessonHarvested', {}, rec)).toBe(rec);
  });
  it.each([
    ['2025', '2025-01-01', '2025-12-31'],
    ['2025-Q3', '2025-07-01', '2025-09-30'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2025-02', '2025-02-01', '2025-02-28'],
    ['2025-06-15', '2025-06-15', '2025-06-15'],
    ['2025-Q1', '2025-01-01', '2025-03-31'],
  ])('period %s runs from %s to %s', (p, start, end) => {
    expect(periodStart(p)).toBe(start);
    expect(periodEnd(p)).toBe(end);
  });
  it('knows quarters', () => {
    expect(quarterOf('2026-11-25')).toBe('2026-Q4');
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
  });
});

describe('the ledger digest', () => {
  it('is sha-256 over sorted streamId:revision:hash lines', () => {
    const heads = new Map([
      ['journey-b', { revision: 2, hash: 'bb' }],
      ['access', { revision: 0, hash: 'aa' }],
    ]);
    expect(ledgerDigest(heads)).toBe(sha256Hex('access:0:aa\njourney-b:2:bb'));
  });
});
