import { accountability } from '../../projections/accountability.js';
import { auditTrail } from '../../projections/audit-trail.js';
import { worstStatus, type IndicatorStatus } from '../../projections/progress-math.js';
import { progress, type IndicatorProgress, type ProgressState } from '../../projections/progress.js';
import type { Checkpoints } from '../../projections/checkpoints.js';
import {
  foldDigest,
  foldReport,
  liveReportFold,
  previousStanding,
  warmReportFold,
  type ReportFold,
} from '../../projections/report-fold.js';
import { indicatorGaps } from '../../projections/gap-progress.js';
import { comparePositions, periodEnd, previousPeriod, type EventData } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import type { ProjectionRuntime } from '../../projections/runtime.js';
import { trajectoryChart, type TrajectoryChart } from '../present/charts.js';
import { decimalsOf, periodLabel } from '../present/format.js';
import { STATUS } from '../present/labels.js';
import { gapSentences } from './gap-sentences.js';
import { journeySections, type Section } from './journey-sections.js';
import { movedSentences } from './moved-sentences.js';
import { citySentences, type JourneyRow } from './city-sentences.js';
import { progressSentences, type Sentence } from './sentences.js';

/**
 * The quarterly report model: per journey and city-wide, computed from the projections (progress, audit-trail,
 * accountability, city overview, report facts: projections/report-fold.ts) folded over the ledger as it stood at the end of the period —
 * events recorded by the period's last moment — and no further than the ledger position the report is made at,
 * so rendering again at that position gives the same report.
 */
export interface IndicatorSection {
  indicatorId: string;
  name: string;
  unit: string;
  status: IndicatorStatus;
  statusLabel: string;
  stale: boolean;
  sentences: Sentence[];
  chart: TrajectoryChart;
  /** The indicator's gaps between groups, each with its sentences. */
  gaps: { gapId: string; name: string; statusLabel: string; sentences: Sentence[] }[];
}
export interface JourneyReport {
  journeyId: string;
  title: string;
  ambition: string;
  lead: string;
  horizon: string;
  partners: string[];
  status: IndicatorStatus;
  statusLabel: string;
  indicators: IndicatorSection[];
  sections: Section[];
}
export interface ReportModel {
  period: string;
  periodLabel: string;
  from: string;
  to: string;
  /** The cut: the first `treeSize` events in ledger order, the last of them at `position` in this store. */
  treeSize: number;
  position: string;
  /** The Merkle tree head of the cut: signed when the report is published with a signing key. */
  treeHead: ReportTreeHead;
  digest: string;
  /** The report the "what moved" list compares with: the previous period's. */
  previousPeriodLabel: string;
  /** What moved since the previous report: the report opens with it. */
  moved: Sentence[];
  /** The entry number (ordinal + 1) of every event the report cites, by its position in this store. */
  entries: Record<string, number>;
  city: { sentences: Sentence[]; rows: JourneyRow[] };
  journeys: JourneyReport[];
}

/** A published report's tree head: `{ treeSize, rootHash }`, with `signedAt`, `signature` and `keyId` when signed. */
export type ReportTreeHead = EventData<'ReportPublished'>['treeHead'];

/** A report asked for beyond the ledger's end (a cut of more events than the store holds). */
export class ReportCutError extends Error {
  override readonly name = 'ReportCutError';
}

/** Build the report for a period from the first `treeSize` events in ledger order (default: every event). */
export async function buildReport(store: EventStore, period: string, treeSize?: number): Promise<ReportModel> {
  const fold = await foldReport(store, period, treeSize);
  if (treeSize !== undefined && fold.size < treeSize)
    throw new ReportCutError(
      `the report is made from the first ${treeSize} entries, but the ledger holds ${fold.size}: events were removed`,
    );
  return placed(store, reportFromState(fold, period));
}

/**
 * A warm report for one period, for a long-running server (projections/report-fold.ts): the model of N events is
 * exactly buildReport(store, period, N).
 */
export function reportFolder(store: EventStore, period: string, runtime?: ProjectionRuntime) {
  if (runtime?.checkpoints) return liveReportFolder(store, period, runtime, runtime.checkpoints);
  const fold = warmReportFold(store, period);
  return {
    period,
    async report(): Promise<ReportModel> {
      await fold.catchUp();
      return placed(store, reportFromState(fold.state, period));
    },
  };
}

/**
 * The running server's report: from its runtime's live states and checkpoints (projections/report-fold.ts
 * liveReportFold), without reading the ledger; the same model as buildReport(store, period, the events it holds).
 */
function liveReportFolder(store: EventStore, period: string, runtime: ProjectionRuntime, checkpoints: Checkpoints) {
  return {
    period,
    async report(): Promise<ReportModel> {
      await runtime.ready;
      await store.tail();
      await runtime.complete;
      const position = runtime.position();
      const live = { checkpoints, position, heads: runtime.heads() };
      return placed(store, reportFromState(await liveReportFold(live, period), period));
    },
  };
}

/** Every position the report's sentences cite. */
function citedPositions(m: ReportModel): Set<string> {
  const out = new Set<string>();
  const add = (xs: readonly Sentence[]) => {
    for (const x of xs) for (const c of x.cites) out.add(c.position);
  };
  add(m.moved);
  add(m.city.sentences);
  for (const j of m.journeys) {
    for (const i of j.indicators) {
      add(i.sentences);
      for (const g of i.gaps) add(g.sentences);
    }
    for (const s of j.sections) {
      for (const p of s.paragraphs) add(p);
      add(s.items);
    }
  }
  return out;
}

/**
 * The store-dependent parts of a model: the tree head of its cut and the entry numbers of what it cites (which
 * every store tells the same; docs/decisions.md, "Ordinals and entry numbers").
 */
async function placed(store: EventStore, m: ReportModel): Promise<ReportModel> {
  const treeHead = await store.tree.treeHead(m.treeSize);
  const entries: Record<string, number> = {};
  for (const p of [...citedPositions(m)].sort(comparePositions)) {
    const ordinal = await store.tree.leafIndexOf(p);
    if (ordinal === null) throw new Error(`the report cites position ${p}, where the ledger holds no event`);
    entries[p] = ordinal + 1;
  }
  return { ...m, treeHead, entries };
}

function reportFromState(s: ReportFold, period: string): ReportModel {
  const cut = { period };
  const w = s.window;
  const referenceDay = periodEnd(cut.period);
  const previous = previousStanding(s);
  const journeys: JourneyReport[] = [];
  const rows: JourneyRow[] = [];
  for (const j of s.overview.journeys.values()) {
    const jp = progress.query.journey(s.progress, j.journeyId, referenceDay);
    const indicators = jp.indicators.map((p) => indicatorSection(s.progress, j.journeyId, p, referenceDay));
    const decisions = auditTrail.query.journeyDecisions(s.audit, s.progress, j.journeyId, referenceDay);
    const { sections, counted } = journeySections(s, j.journeyId, decisions, previous);
    const challenges = [...(s.audit.journeys.get(j.journeyId)?.challenges.values() ?? [])];
    const register = accountability.query
      .register(s.accountability, referenceDay, { journeyId: j.journeyId })
      .filter((a) => a.kind === 'accountability');
    const status = worstStatus(jp.indicators.map((i) => i.status));
    journeys.push({
      journeyId: j.journeyId,
      title: j.title,
      ambition: j.ambition,
      lead: j.lead,
      horizon: j.horizon,
      partners: j.partners,
      status,
      statusLabel: STATUS[status].is,
      indicators,
      sections,
    });
    rows.push({
      journeyId: j.journeyId,
      title: j.title,
      status,
      statusLabel: STATUS[status].is,
      chartedAt: j.position,
      ...counted,
      openChallenges: challenges.filter((c) => c.answer === null).map((c) => c.position),
      overdue: register.filter((a) => a.status === 'overdue').map((a) => a.position),
      stale: jp.indicators
        .filter((i) => i.stale)
        .map((i) => ({
          name: i.name,
          period: i.latest?.period ?? i.baseline.period,
          position: i.latest?.position ?? s.progress.indicators.get(i.indicatorId)?.position ?? '0',
        })),
      // The overview's last change: the one that happened last (ties: recorded last), as on every page.
      lastChange: j.lastChange ? { occurredAt: j.lastChange.data.occurredAt, position: j.lastChange.position } : null,
    });
  }
  return {
    period: cut.period,
    periodLabel: periodLabel(cut.period),
    from: w.from.slice(0, 10),
    to: referenceDay,
    treeSize: s.size,
    position: s.position,
    treeHead: { treeSize: s.size, rootHash: '' },
    digest: foldDigest(s),
    previousPeriodLabel: periodLabel(previousPeriod(cut.period)),
    moved: movedSentences({
      progress: s.progress,
      audit: s.audit,
      previous,
      window: w,
      referenceDay,
      journeys: [...s.overview.journeys.values()].map((j) => ({
        journeyId: j.journeyId,
        title: j.title,
        indicatorIds: progress.query.indicatorIds(s.progress, j.journeyId),
      })),
    }),
    entries: {},
    city: { sentences: citySentences(rows, cut.period), rows },
    journeys,
  };
}

function indicatorSection(
  state: ProgressState,
  journeyId: string,
  p: IndicatorProgress,
  referenceDay: string,
): IndicatorSection {
  const record = progress.query.record(state, p.indicatorId);
  const latestRecord = p.latest ? record?.byId.get(p.latest.measurementId) : undefined;
  const decimals = Math.max(
    ...[p.baseline.value, p.target.value, ...(record?.measurements ?? []).map((m) => m.value)].map(decimalsOf),
  );
  const sentences = progressSentences({
    journeyId,
    name: p.name,
    unit: p.unit,
    direction: p.direction,
    baseline: p.baseline,
    target: p.target,
    latest: p.latest,
    travelledPct: p.travelledPct,
    actualPacePerYear: p.actualPacePerYear,
    requiredPacePerYear: p.requiredPacePerYear,
    projectedReach: p.projectedReach,
    status: p.status,
    stale: p.stale,
    curveTurnedBy: p.curveTurnedBy,
    decimals,
    referenceDay,
    pacePositions: (record?.measurements ?? []).flatMap((m) => [m.position, ...m.corrections.map((c) => c.position)]),
    definedAt: record?.position ?? '0',
    correctionPositions: latestRecord?.corrections.map((c) => c.position) ?? [],
    targetRevisions: record?.targetRevisions ?? [],
  });
  const chart = trajectoryChart({
    id: p.indicatorId,
    name: p.name,
    unit: p.unit,
    direction: p.direction,
    baseline: p.baseline,
    target: p.target,
    measurements: (record?.measurements ?? []).map((m) => ({
      period: m.period,
      value: m.value,
      correctedFrom: m.corrections.length > 0 ? m.recordedValue : null,
    })),
    actualPacePerYear: p.actualPacePerYear,
    requiredPacePerYear: p.requiredPacePerYear,
    projectedReach: p.projectedReach,
    doNothing: p.doNothing,
    referenceDay,
  });
  return {
    indicatorId: p.indicatorId,
    name: p.name,
    unit: p.unit,
    status: p.status,
    statusLabel: STATUS[p.status].is,
    stale: p.stale,
    sentences,
    chart,
    gaps: record
      ? indicatorGaps(record, referenceDay).gaps.map((g) => ({
          gapId: g.gapId,
          name: g.name,
          statusLabel: STATUS[g.status].is,
          sentences: gapSentences(journeyId, p.unit, g, referenceDay, decimals),
        }))
      : [],
  };
}
