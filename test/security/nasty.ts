import fc from 'fast-check';
import type { Reply } from '../api/support.js';

/**
 * Bad input as fast-check arbitraries: wrong types, huge strings, deep nesting,
 * prototype-pollution keys, invalid dates and periods, NaN/Infinity, unicode edge cases, malformed JSON.
 * Seeded (FUZZ_SEED) so a failure can be replayed; the counters feed the figures in the final report.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 9_2026);
export const tried = { requests: 0 };

/** Marks a value that must be written into the JSON text as is (not expressible by JSON.stringify). */
export const RAW = '\u0000raw:';
const raw = (token: string) => `${RAW}${token}`;

/** A JSON value n levels deep: {"a":{"a":…}} (built as text, so no recursion limit on our side). */
export const deepJson = (n: number, open = '{"a":', close = '}') => `${open.repeat(n)}1${close.repeat(n)}`;

export const unicodeEdges = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202eevil',
  '\u200b',
  '\ufeff',
  '\u00a0',
  ' \t\n ',
  '',
  '👩🏽‍👩🏽‍👧🏽',
  'e\u0301'.repeat(500),
  'İı',
  '\u2028\u2029',
  '<script>alert(1)</script>',
  '{{constructor.constructor}}',
  '../../../etc/passwd',
  '%2e%2e%2f',
  'C:\\Windows\\system32',
  "'; DROP TABLE events; --",
];

export const badDates = [
  '2025-02-30',
  '2025-13-01',
  '2025-00-10',
  '2025-1-1',
  '25-01-01',
  '+002025-01-01',
  '2025-06-31T25:00:00Z',
  '2025-Q0',
  '2025-Q5',
  '2025-q1',
  '2025-W10',
  '0000',
  '99999',
  '2025-',
  'today',
  'NaN',
  '1e3',
  '2025-01-01T00:00:00',
  '2025-01-01T00:00:00+99:00',
  '2025-01-01 00:00:00Z',
  '\u0032\u0030\u0032\u0035',
  '２０２５-01-01',
];

/** A bad value for any field: the wrong type, an edge of the right type, or raw JSON text. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53 + 1,
    -0,
    [],
    {},
    '',
    ' ',
    'x'.repeat(10_001),
    'y'.repeat(300_000),
  ),
  fc.constantFrom(...unicodeEdges, ...badDates),
  fc.constantFrom(
    raw('1e400'),
    raw('-1e400'),
    raw('NaN'),
    raw('Infinity'),
    raw('-Infinity'),
    raw('undefined'),
    raw('0x10'),
    raw(deepJson(5000)),
    raw(deepJson(5000, '[', ']')),
    raw('{"__proto__":{"polluted":true}}'),
    raw('{"constructor":{"prototype":{"polluted":true}}}'),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'value', 'period', 'a'),
    fc.jsonValue({ maxDepth: 1 }),
    { maxKeys: 3 },
  ),
);

/** The keys a mutation may set: every field the valid body has, plus keys that must never be accepted. */
export const mutationKey = (base: Record<string, unknown>) =>
  fc.constantFrom(
    ...Object.keys(base),
    '__proto__',
    'constructor',
    'prototype',
    'actor',
    'recordedAt',
    'position',
    'hash',
    'unknownField',
  );

/** JSON text of `body` with `value` at `key`; RAW values are spliced in as JSON text. __proto__ becomes an own key. */
export function withField(body: Record<string, unknown>, key: string, value: unknown): string {
  const marker = '"\u0001SPLICE\u0001"';
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
  const text =
    typeof value === 'string' && value.startsWith(RAW) ? value.slice(RAW.length) : (JSON.stringify(value) ?? 'null');
  const base = JSON.stringify(rest);
  const entry = `${JSON.stringify(key)}:${marker}`;
  return (base === '{}' ? `{${entry}}` : `{${entry},${base.slice(1)}`).replace(marker, () => text);
}

/** Whole bodies that are not valid JSON, or not an object. */
export const malformedBodies = [
  '',
  ' ',
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  '[1,]',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":1e400}',
  'null',
  'true',
  '42',
  '"a string"',
  '[]',
  '[{}]',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":1}{"b":2}',
  '{"a":1,"a":2}',
  deepJson(100_000),
  deepJson(100_000, '[', ']'),
  '{"__proto__":{"polluted":true}}',
  '\u0000',
  '\x7fELF',
  'x'.repeat(2_000_000),
];

/** Every error is a 4xx problem+json whose status matches: never a 5xx, never HTML, never a bare text. */
export function isClientProblem(r: Reply): boolean {
  const b = r.body as { status?: unknown; title?: unknown; type?: unknown } | string;
  return (
    r.status >= 400 &&
    r.status < 500 &&
    r.type.startsWith('application/problem+json') &&
    typeof b === 'object' &&
    b !== null &&
    b.status === r.status &&
    typeof b.title === 'string' &&
    typeof b.type === 'string'
  );
}

export const describeReply = (r: Reply) =>
  `${r.status} ${r.type} ${typeof r.body === 'string' ? r.body.slice(0, 200) : JSON.stringify(r.body).slice(0, 300)}`;

/** Object.prototype must stay clean whatever the server parsed. */
export const prototypePolluted = (): boolean =>
  (({}) as Record<string, unknown>).polluted !== undefined ||
  Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');
