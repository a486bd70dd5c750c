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
  /** The ratio the table shows, when it is not ours ÷ baseline in one unit. */
  ratioOf?: (cells: Cells) => number | null;
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

/** The time a whole-ledger raw read + parse takes, from its rate (the raw-read-parse task). */
const wholeLedgerMs = (r: TaskResult | undefined): number | null => {
  const m = measurement(r);
  const events = m?.extra?.events;
  return m && typeof events === 'number' && m.value > 0 ? (events / m.value) * 1000 : null;
};
/** Our duration over the whole-ledger raw read + parse's duration. */
const overWholeLedger = ({ ours, baseline }: Cells): number | null => ratio(value(ours), wholeLedgerMs(baseline));
const rssWithin1Gb = (r: TaskResult | undefined): [boolean | null, string] => [
  atMost(measurement(r)?.peakRssMb ?? null, 1024),
  'peak RSS ≤ 1 GB',
];
/** A p99 within `k` times the baseline's p99. */
const p99Within = (k: number, { ours, baseline }: Cells): [boolean | null, string] => [
  atMost(ratio(p99Of(ours), p99Of(baseline)), k),
  `p99 ≤ ${k} × the baseline's`,
];

/** DESIGN v2 targets: every one a ratio to a baseline measured in the same run (README, "Performance"). */
export const FIGURES: FigureDef[] = [
  {
    key: 'append-batch',
    label: 'append, batches of 100 events',
    ours: 'append-100',
    together: true,
    baseline: { task: 'append-100', label: 'raw insert, 100/tx' },
    peer: 'append-100',
    target: () => '≥ 0.8 × raw, ≥ 1.5 × Emmett',
    judge: ({ ours, baseline, peer }) =>
      all([
        [atLeast(ratio(value(ours), value(baseline)), 0.8), '0.8 × raw insert'],
        [atLeast(ratio(value(ours), value(peer)), 1.5), '1.5 × Emmett'],
      ]),
  },
  {
    key: 'append-single',
    label: 'append, 1 event/call, expected revision',
    ours: 'append-1',
    together: true,
    baseline: { task: 'append-1', label: 'raw single-row commit' },
    peer: 'append-1',
    target: () => '≥ 0.9 × raw, > Emmett',
    judge: ({ ours, baseline, peer }) =>
      all([
        [atLeast(ratio(value(ours), value(baseline)), 0.9), '0.9 × raw single-row commit'],
        [ahead(value(ours), value(peer)), 'ahead of Emmett'],
      ]),
  },
  {
    key: 'http-write',
    label: 'HTTP POST /changes, 50 connections',
    ours: 'http-ours-write',
    baseline: { task: 'http-bare-write', label: 'bare Express POST (no store)' },
    target: () => '≥ 0.7 × bare Express, p99 ≤ 2 × its p99, RSS ≤ 1 GB',
    judge: (cells) =>
      all([
        [atLeast(ratio(value(cells.ours), value(cells.baseline)), 0.7), '0.7 × bare Express POST'],
        p99Within(2, cells),
        rssWithin1Gb(cells.ours),
      ]),
  },
  {
    key: 'http-read',
    label: 'HTTP GET /progress',
    ours: 'http-ours-read',
    baseline: { task: 'http-express-read', label: 'bare Express GET' },
    extraBaselines: [{ task: 'http-node-read', label: 'bare node:http GET' }],
    target: () => '≥ 0.7 × bare Express, p99 ≤ 2 × its p99',
    judge: (cells) =>
      all([
        [atLeast(ratio(value(cells.ours), value(cells.baseline)), 0.7), '0.7 × bare Express GET'],
        p99Within(2, cells),
      ]),
  },
  {
    key: 'rebuild',
    label: 'rebuild all projections',
    ours: 'ours-rebuild',
    baseline: { task: 'raw-read-parse', label: 'raw read + JSON.parse' },
    peer: 'peer-read',
    target: () => '≥ 0.8 × raw, RSS ≤ 1 GB',
    judge: ({ ours, baseline }) =>
      all([[atLeast(ratio(value(ours), value(baseline)), 0.8), '0.8 × raw read + parse'], rssWithin1Gb(ours)]),
  },
  {
    key: 'startup',
    label: 'start-up to ready, saved checkpoints',
    ours: 'ours-startup',
    together: true,
    baseline: { task: 'ours-startup', label: 'full rebuild (same ledger)' },
    target: () => '≤ 0.1 × full rebuild',
    judge: ({ ours, baseline }) => all([[atMost(ratio(value(ours), value(baseline)), 0.1), '0.1 × the full rebuild']]),
  },
  {
    key: 'replay',
    label: 'as-of replay, one journey',
    ours: 'ours-replay',
    baseline: { task: 'raw-journey-read', label: 'raw read + parse of its rows to the cut' },
    target: () => '≤ 1.5 × raw',
    judge: ({ ours, baseline }) => all([[atMost(ratio(value(ours), value(baseline)), 1.5), '1.5 × raw read + parse']]),
  },
  {
    key: 'asof-overview',
    label: 'city overview as of a past instant',
    ours: 'ours-asof-overview',
    together: true,
    baseline: { task: 'ours-asof-overview', label: 'live overview + raw read + parse of one interval' },
    target: () => '≤ 1.5 × baseline',
    judge: ({ ours, baseline }) => all([[atMost(ratio(value(ours), value(baseline)), 1.5), '1.5 × the baseline']]),
  },
  {
    key: 'report-warm',
    label: 'quarterly report, running server (warm)',
    ours: 'ours-report-warm',
    baseline: { task: 'raw-read-parse', label: 'raw read + parse, whole ledger' },
    ratioOf: overWholeLedger,
    target: () => '≤ 0.05 × raw, whole ledger',
    judge: (cells) => all([[atMost(overWholeLedger(cells), 0.05), '0.05 × raw read + parse of the ledger']]),
  },
  {
    key: 'report',
    label: 'quarterly report, CLI (cold)',
    ours: 'ours-report',
    baseline: { task: 'raw-read-parse', label: 'raw read + parse, whole ledger' },
    ratioOf: overWholeLedger,
    target: () => '≤ 1.2 × raw, whole ledger',
    judge: (cells) => all([[atMost(overWholeLedger(cells), 1.2), '1.2 × raw read + parse of the ledger']]),
  },
  {
    key: 'inclusion-proof',
    label: 'Merkle inclusion proof, whole ledger',
    ours: 'ours-inclusion-proof',
    target: () => '≤ 5 ms',
    judge: ({ ours }) => all([[atMost(value(ours), 5), '5 ms']]),
  },
];
