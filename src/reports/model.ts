import { accountability } from '../../projections/accountability.js';
import { auditTrail } from '../../projections/audit-trail.js';
import type { DecisionView } from '../../projections/audit-views.js';
import type { JourneyRecord } from '../../projections/city-overview.js';
import { worstStatus, type IndicatorStatus } from '../../projections/progress-math.js';
import { progress, type IndicatorProgress, type ProgressState } from '../../projections/progress.js';
import { reportFacts } from '../../projections/report-facts.js';
import { foldDigest, foldReport, warmReportFold, type ReportFold } from '../../projections/report-fold.js';
import {
  comparePositions,
  dateToInstant,
  inWindow,
  periodEnd,
  type EventData,
  type TimeWindow,
} from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { trajectoryChart, type TrajectoryChart } from '../present/charts.js';
import { decimalsOf, periodLabel } from '../present/format.js';
import { STATUS } from '../present/labels.js';
import { count } from '../present/words.js';
import {
  accountabilitySentences,
  challengeSentences,
  changeItem,
  changesSummary,
  decisionSentences,
  effectSentence,
  isActivityOnly,
  lessonSentence,
  openChallengesSentence,
  perspectiveSentence,
  supersessionSentence,
} from './journey-sentences.js';
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
}
/** A section of a journey's narrative: paragraphs read aloud in order, then a list of items (changes, lessons, voices). */
export interface Section {
  heading: string;
  paragraphs: Sentence[][];
  items: Sentence[];
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
export function reportFolder(store: EventStore, period: string) {
  const fold = warmReportFold(store, period);
  return {
    period,
    async report(): Promise<ReportModel> {
      await fold.catchUp();
      return placed(store, reportFromState(fold.state, period));
    },
  };
}

/** Every position the report's sentences cite. */
function citedPositions(m: ReportModel): Set<string> {
  const out = new Set<string>();
  const add = (xs: readonly Sentence[]) => {
    for (const x of xs) for (const c of x.cites) out.add(c.position);
  };
  add(m.city.sentences);
  for (const j of m.journeys) {
    for (const i of j.indicators) add(i.sentences);
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
  const journeys: JourneyReport[] = [];
  const rows: JourneyRow[] = [];
  for (const j of s.overview.journeys.values()) {
    const facts = reportFacts.query.journey(s.facts, j.journeyId);
    const jp = progress.query.journey(s.progress, j.journeyId, referenceDay);
    const indicators = jp.indicators.map((p) => indicatorSection(s.progress, j.journeyId, p));
    const decisions = auditTrail.query.journeyDecisions(s.audit, s.progress, j.journeyId, referenceDay);
    const sections = journeySections(s, j, decisions);
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
      changes: facts.changes.length,
      changePositions: facts.changes.map((c) => c.position),
      decisions: decisions.filter((d) => inWindow(d.decidedAt, w)).map((d) => d.position),
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
    entries: {},
    city: { sentences: citySentences(rows, cut.period), rows },
    journeys,
  };
}

function indicatorSection(state: ProgressState, journeyId: string, p: IndicatorProgress): IndicatorSection {
  const record = progress.query.record(state, p.indicatorId);
  const latestRecord = p.latest ? record?.byId.get(p.latest.measurementId) : undefined;
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
    decimals: Math.max(
      ...[p.baseline.value, p.target.value, ...(record?.measurements ?? []).map((m) => m.value)].map(decimalsOf),
    ),
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
  };
}

const threeMonthsBefore = (date: string): string => {
  const d = new Date(dateToInstant(date));
  d.setUTCMonth(d.getUTCMonth() - 3);
  return d.toISOString().slice(0, 10);
};

const MAX_ITEMS = 25;
const moreItems = (n: number, what: string): Sentence[] =>
  n > MAX_ITEMS
    ? [{ text: `And ${count(n - MAX_ITEMS, `more ${what}`, `more ${what}s`)}, in the journey's timeline.`, cites: [] }]
    : [];

function journeySections(s: ReportFold, j: JourneyRecord, decisions: DecisionView[]): Section[] {
  const id = j.journeyId;
  const w: TimeWindow = s.window;
  const facts = reportFacts.query.journey(s.facts, id);
  const audit = s.audit.journeys.get(id);
  const byId = new Map(decisions.map((d) => [d.decisionId, d]));
  const sections: Section[] = [];
  const add = (heading: string, paragraphs: Sentence[][], items: Sentence[] = []) => {
    const ps = paragraphs.filter((p) => p.length > 0);
    if (ps.length > 0 || items.length > 0) sections.push({ heading, paragraphs: ps, items });
  };

  // A committee reads a list of at most MAX_ITEMS; the summary sentence counts (and cites) them all, the rest are in the timeline.
  const real = facts.changes.filter((c) => !isActivityOnly(c));
  add(
    'Changes made this quarter',
    [changesSummary(id, facts.changes)],
    [...real.slice(0, MAX_ITEMS).map((c) => changeItem(id, c)), ...moreItems(real.length, 'change')],
  );
  const taken = decisions.filter(
    (d) =>
      inWindow(d.decidedAt, w) ||
      (d.callIn.calledIn !== null && inWindow(d.callIn.calledIn.recordedAt, w)) ||
      (d.callIn.outcome !== null && inWindow(d.callIn.outcome.recordedAt, w)),
  );
  const superseded = decisions.flatMap((d) => {
    const st = audit?.decisions.get(d.decisionId)?.supersession;
    return st && inWindow(st.recordedAt, w)
      ? [supersessionSentence(d, d.supersededBy ? byId.get(d.supersededBy) : undefined, st.position)]
      : [];
  });
  add('Decisions', [...taken.map(decisionSentences), superseded]);
  // Effects due this quarter are mostly still pending at its end (its figures arrive later), so the effects that fell
  // due in the quarter before, now measurable, are reported too.
  const effectsFrom = threeMonthsBefore(w.from.slice(0, 10));
  add(
    'Expected effects that fell due',
    decisions.flatMap((d) =>
      d.effectReview
        .filter((e) => e.byDate >= effectsFrom && e.byDate <= w.to.slice(0, 10))
        .map((e) => [effectSentence(d, e, s.progress.indicators.get(e.indicatorId))]),
    ),
  );
  const challenges = [...(audit?.challenges.values() ?? [])];
  add('Challenges and answers', [
    ...challenges
      .filter((c) => inWindow(c.raisedAt, w) || (c.answer !== null && inWindow(c.answer.answeredAt, w)))
      .map((c) => challengeSentences(c, facts.changeText.get(c.changeId) ?? null)),
    openChallengesSentence(
      id,
      challenges.filter((c) => c.answer === null),
    ),
  ]);
  add(
    'Lessons harvested',
    [],
    facts.lessons.map((l) => lessonSentence(id, l)),
  );
  add(
    'Voices heard',
    [],
    [
      ...facts.perspectives.slice(0, MAX_ITEMS).map((p) => perspectiveSentence(id, p)),
      ...moreItems(facts.perspectives.length, 'voice'),
    ],
  );
  const register = accountability.query
    .register(s.accountability, w.to.slice(0, 10), { journeyId: id })
    .filter((a) => a.kind === 'accountability');
  add(
    'Accountabilities',
    accountabilitySentences(id, register, w).map((x) => [x]),
  );
  return sections;
}
