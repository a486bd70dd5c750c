import { accountability, type AccountabilityState } from '../../projections/accountability.js';
import { auditTrail, type AuditState } from '../../projections/audit-trail.js';
import type { DecisionView } from '../../projections/audit-views.js';
import { worstStatus, type IndicatorStatus } from '../../projections/progress-math.js';
import { progress, type IndicatorProgress, type ProgressState } from '../../projections/progress.js';
import { periodEnd, periodStart, type LedgerEvent, type StoredEvent } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { ledgerDigest, type Head } from '../store/verify.js';
import { trajectoryChart, type TrajectoryChart } from '../web/charts.js';
import { evolveFacts, initialFacts, type FactsState, type JourneyFacts } from './facts.js';
import { count, decimalsOf, periodLabel } from './format.js';
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
import { progressSentences, STATUS_LABEL, type Sentence } from './sentences.js';

/**
 * The quarterly report model (DESIGN §9, issue 6): per journey and city-wide, computed from the projections
 * (progress, audit-trail, accountability) folded over the ledger as it stood at the end of the period —
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
  position: string;
  digest: string;
  city: { sentences: Sentence[]; rows: JourneyRow[] };
  journeys: JourneyReport[];
}

export interface ReportCut {
  period: string;
  position: string;
}

interface Folded {
  progress: ProgressState;
  audit: AuditState;
  accountability: AccountabilityState;
  facts: FactsState;
  heads: Map<string, Head>;
}

/** An empty fold for a period: the projections' initial states and the report's own facts. */
export function emptyFold(period: string): Folded {
  const from = `${periodStart(period)}T00:00:00.000Z`;
  const to = `${periodEnd(period)}T23:59:59.999Z`;
  return {
    progress: progress.initialState(),
    audit: auditTrail.initialState(),
    accountability: accountability.initialState(),
    facts: initialFacts(from, to),
    heads: new Map(),
  };
}

/** Fold one page (position order, every position > the fold's last): every event counts for the digest, the cut for the story. */
export function foldPage(s: Folded, page: readonly StoredEvent[]): void {
  const to = s.facts.to;
  for (const stored of page) {
    s.heads.set(stored.streamId, { revision: stored.revision, hash: stored.hash });
    if (stored.recordedAt > to) continue;
    const e = stored as LedgerEvent;
    progress.evolve(s.progress, e);
    auditTrail.evolve(s.audit, e);
    accountability.evolve(s.accountability, e);
    evolveFacts(s.facts, e);
  }
}

/** Fold pages of events (position order) up to the cut's position. */
export async function foldForReport(
  pages: AsyncIterable<StoredEvent[]> | Iterable<StoredEvent[]>,
  cut: ReportCut,
): Promise<Folded> {
  const s = emptyFold(cut.period);
  const last = BigInt(cut.position);
  for await (const page of pages) {
    const within = page.filter((e) => BigInt(e.position) <= last);
    foldPage(s, within);
    if (within.length < page.length) break;
  }
  return s;
}

/** Build the report for a period at a ledger position (default: the ledger's last position). */
export async function buildReport(store: EventStore, period: string, position?: string): Promise<ReportModel> {
  const at = position ?? (await store.lastPosition());
  const folded = await foldForReport(store.readPages({ to: at, pageSize: 5_000 }), { period, position: at });
  return reportFromState(folded, { period, position: at });
}

/**
 * A warm report for one period, for a long-running server: the ledger is read once, then only what was appended
 * since, so the quarterly report of a million-event ledger is a query over folded state, not a re-read. The
 * model at position N is exactly buildReport(store, period, N): the same fold, fed in pages.
 */
export function reportFolder(store: EventStore, period: string) {
  const state = emptyFold(period);
  let position = '0';
  let catching: Promise<void> | null = null;
  const catchUp = (): Promise<void> => {
    catching ??= (async () => {
      for await (const page of store.readPages({ after: position, pageSize: 5_000 })) {
        foldPage(state, page);
        const last = page[page.length - 1];
        if (last) position = last.position;
      }
    })().finally(() => {
      catching = null;
    });
    return catching;
  };
  return {
    period,
    catchUp,
    get position(): string {
      return position;
    },
    async report(): Promise<ReportModel> {
      await catchUp();
      return reportFromState(state, { period, position });
    },
  };
}

const inWindow = (instant: string, from: string, to: string): boolean => instant >= from && instant <= to;

export function reportFromState(s: Folded, cut: ReportCut): ReportModel {
  const from = s.facts.from;
  const to = s.facts.to;
  const referenceDay = periodEnd(cut.period);
  const journeys: JourneyReport[] = [];
  const rows: JourneyRow[] = [];
  for (const j of s.facts.journeys.values()) {
    const jp = progress.query.journey(s.progress, j.journeyId, referenceDay);
    const indicators = jp.indicators.map((p) => indicatorSection(s.progress, j.journeyId, p));
    const decisions = auditTrail.query.journeyDecisions(s.audit, s.progress, j.journeyId, referenceDay);
    const sections = journeySections(s, j, decisions, { from, to });
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
      statusLabel: STATUS_LABEL[status],
      indicators,
      sections,
    });
    rows.push({
      journeyId: j.journeyId,
      title: j.title,
      status,
      statusLabel: STATUS_LABEL[status],
      chartedAt: j.chartedAt,
      changes: j.changes.length,
      changePositions: j.changes.map((c) => c.position),
      decisions: decisions.filter((d) => inWindow(d.decidedAt, from, to)).map((d) => d.position),
      openChallenges: challenges.filter((c) => c.answer === null).map((c) => c.position),
      overdue: register.filter((a) => a.status === 'overdue').map((a) => a.position),
      stale: jp.indicators
        .filter((i) => i.stale)
        .map((i) => ({
          name: i.name,
          period: i.latest?.period ?? i.baseline.period,
          position: i.latest?.position ?? s.progress.indicators.get(i.indicatorId)?.position ?? '0',
        })),
      lastChange: j.lastChange,
    });
  }
  return {
    period: cut.period,
    periodLabel: periodLabel(cut.period),
    from: from.slice(0, 10),
    to: referenceDay,
    position: cut.position,
    digest: ledgerDigest(s.heads),
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
    statusLabel: STATUS_LABEL[p.status],
    stale: p.stale,
    sentences,
    chart,
  };
}

const threeMonthsBefore = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 3);
  return d.toISOString().slice(0, 10);
};

const MAX_ITEMS = 25;
const moreItems = (n: number, what: string): Sentence[] =>
  n > MAX_ITEMS
    ? [{ text: `And ${count(n - MAX_ITEMS, `more ${what}`, `more ${what}s`)}, in the journey's timeline.`, cites: [] }]
    : [];

function journeySections(
  s: Folded,
  j: JourneyFacts,
  decisions: DecisionView[],
  w: { from: string; to: string },
): Section[] {
  const id = j.journeyId;
  const audit = s.audit.journeys.get(id);
  const byId = new Map(decisions.map((d) => [d.decisionId, d]));
  const sections: Section[] = [];
  const add = (heading: string, paragraphs: Sentence[][], items: Sentence[] = []) => {
    const ps = paragraphs.filter((p) => p.length > 0);
    if (ps.length > 0 || items.length > 0) sections.push({ heading, paragraphs: ps, items });
  };

  // A committee reads a list of at most MAX_ITEMS; the summary sentence counts (and cites) them all, the rest are in the timeline.
  const real = j.changes.filter((c) => !isActivityOnly(c));
  add(
    'Changes made this quarter',
    [changesSummary(id, j.changes)],
    [...real.slice(0, MAX_ITEMS).map((c) => changeItem(id, c)), ...moreItems(real.length, 'change')],
  );
  const taken = decisions.filter(
    (d) =>
      inWindow(d.decidedAt, w.from, w.to) ||
      (d.callIn.calledIn !== null && inWindow(d.callIn.calledIn.recordedAt, w.from, w.to)) ||
      (d.callIn.outcome !== null && inWindow(d.callIn.outcome.recordedAt, w.from, w.to)),
  );
  const superseded = decisions.flatMap((d) => {
    const st = audit?.decisions.get(d.decisionId)?.supersession;
    return st && inWindow(st.recordedAt, w.from, w.to)
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
      .filter(
        (c) => inWindow(c.raisedAt, w.from, w.to) || (c.answer !== null && inWindow(c.answer.answeredAt, w.from, w.to)),
      )
      .map((c) => challengeSentences(c, j.changeText.get(c.changeId) ?? null)),
    openChallengesSentence(
      id,
      challenges.filter((c) => c.answer === null),
    ),
  ]);
  add(
    'Lessons harvested',
    [],
    j.lessons.map((l) => lessonSentence(id, l)),
  );
  add(
    'Voices heard',
    [],
    [
      ...j.perspectives.slice(0, MAX_ITEMS).map((p) => perspectiveSentence(id, p)),
      ...moreItems(j.perspectives.length, 'voice'),
    ],
  );
  const register = accountability.query
    .register(s.accountability, s.facts.to.slice(0, 10), { journeyId: id })
    .filter((a) => a.kind === 'accountability');
  add(
    'Accountabilities',
    accountabilitySentences(id, register, w).map((x) => [x]),
  );
  return sections;
}
