import type { BenchConfig, Measurement, TaskResult } from './harness.js';

/** The performance table (docs/performance.md): each figure, the tasks that measure it, and how its target is judged. */

export interface Cells {
  ours: TaskResult;
  baseline?: TaskResult;
  peer?: TaskResult;
  /** Further floors shown under the figure (e.g. bare node:http beside bare Express). */
  extraBaselines?: { label: string; result: TaskResult }[];
}

export interface Judgement {
  met: boolean | null;
  why: string;
}

export interface FigureDef {
  key: string;
  label: string;
  ours: string;
  /** Ours, baseline and peer measured interleaved by this one task (the fsync-bound figures). */
  together?: boolean;
  baseline?: { task: string; label: string };
  peer?: string;
  extraBaselines?: { task: string; label: string }[];
  target: (c: BenchConfig) => string;
  judge: (cells: Cells, c: BenchConfig) => Judgement;
}

const value = (r: TaskResult | undefined): number | null => (r && r.ok ? r.measurement.value : null);
const measurement = (r: TaskResult | undefined): Measurement | null => (r && r.ok ? r.measurement : null);
export const p99Of = (r: TaskResult | undefined): number | null => {
  const p = measurement(r)?.extra?.p99Ms;
  return typeof p === 'number' ? p : null;
};

/** Checks that each hold; a check with a missing number makes the figure "not judged" (null), never "met". */
function all(checks: [boolean | null, string][]): Judgement {
  const failed = checks.filter(([ok]) => ok === false).map(([, w]) => w);
  if (failed.length > 0) return { met: false, why: `missed: ${failed.join('; ')}` };
  const unknown = checks.filter(([ok]) => ok === null).map(([, w]) => w);
  if (unknown.length > 0) return { met: null, why: `not judged: ${unknown.join('; ')}` };
  return { met: true, why: '' };
}

const atLeast = (x: number | null, min: number): boolean | null => (x === null ? null : x >= min);
const atMost = (x: number | null, max: number): boolean | null => (x === null ? null : x <= max);
export const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;
const ahead = (ours: number | null, peer: number | null): boolean | null =>
  ours === null || peer === null ? null : ours > peer;

/** The quick run has a tenth of the data: totals-based time targets scale with it, rates do not. */
const scale = (c: BenchConfig): number => c.eventsTotal / 1_000_000;

export const FIGURES: FigureDef[] = [
  {
    key: 'append-batch',
    label: 'append, batches of 100 events',
    ours: 'append-100',
    together: true,
    baseline: { task: 'append-100', label: 'raw insert, 100/tx' },
    peer: 'append-100',
    target: () => '≥ 100,000 ev/s, ≥ 0.6 × raw, > Emmett',
    judge: ({ ours, baseline, peer }) =>
      all([
        [atLeast(value(ours), 100_000), '100,000 events/s'],
        [atLeast(ratio(value(ours), value(baseline)), 0.6), '0.6 × raw insert'],
        [ahead(value(ours), value(peer)), 'ahead of Emmett'],
      ]),
  },
  {
    key: 'append-single',
    label: 'append, 1 event/call, expected revision',
    ours: 'append-1',
    together: true,
    baseline: { task: 'append-1', label: 'raw single-row commit' },
    peer: 'append-1',
    target: () => '≥ 0.8 × raw, > Emmett',
    judge: ({ ours, baseline, peer }) =>
      all([
        [atLeast(ratio(value(ours), value(baseline)), 0.8), '0.8 × raw single-row commit'],
        [ahead(value(ours), value(peer)), 'ahead of Emmett'],
      ]),
  },
  {
    key: 'http-write',
    label: 'HTTP POST /changes, 50 connections',
    ours: 'http-ours-write',
    baseline: { task: 'http-bare-write', label: 'bare Express POST (no store)' },
    target: () => '≥ 3,000 req/s, p99 ≤ 30 ms',
    judge: ({ ours }) =>
      all([
        [atLeast(value(ours), 3000), '3,000 req/s'],
        [atMost(p99Of(ours), 30), 'p99 ≤ 30 ms'],
      ]),
  },
  {
    key: 'http-read',
    label: 'HTTP GET /progress',
    ours: 'http-ours-read',
    baseline: { task: 'http-express-read', label: 'bare Express GET' },
    extraBaselines: [{ task: 'http-node-read', label: 'bare node:http GET' }],
    target: () => '≥ 0.5 × bare Express, p99 ≤ 30 ms',
    judge: ({ ours, baseline }) =>
      all([
        [atLeast(ratio(value(ours), value(baseline)), 0.5), '0.5 × bare Express'],
        [atMost(p99Of(ours), 30), 'p99 ≤ 30 ms'],
      ]),
  },
  {
    key: 'rebuild',
    label: 'rebuild all projections',
    ours: 'ours-rebuild',
    baseline: { task: 'raw-read-parse', label: 'raw read + JSON.parse' },
    peer: 'peer-read',
    target: () => '≥ 250,000 ev/s, ≥ 0.6 × raw, RSS ≤ 1 GB',
    judge: ({ ours, baseline }) =>
      all([
        [atLeast(value(ours), 250_000), '250,000 events/s'],
        [atLeast(ratio(value(ours), value(baseline)), 0.6), '0.6 × raw read + parse'],
        [atMost(measurement(ours)?.peakRssMb ?? null, 1024), 'peak RSS ≤ 1 GB'],
      ]),
  },
  {
    key: 'replay',
    label: 'as-of replay, one journey',
    ours: 'ours-replay',
    target: () => '≤ 30 ms',
    judge: ({ ours }) => all([[atMost(value(ours), 30), '30 ms']]),
  },
  {
    key: 'report',
    label: 'quarterly report, all journeys',
    ours: 'ours-report',
    target: (c) => `≤ ${Math.round(2000 * scale(c))} ms`,
    judge: ({ ours }, c) => all([[atMost(value(ours), 2000 * scale(c)), `${Math.round(2000 * scale(c))} ms`]]),
  },
  {
    key: 'inclusion-proof',
    label: 'Merkle inclusion proof, whole ledger',
    ours: 'ours-inclusion-proof',
    target: () => '≤ 5 ms',
    judge: ({ ours }) => all([[atMost(value(ours), 5), '5 ms']]),
  },
];
