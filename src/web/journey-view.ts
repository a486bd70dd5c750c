import { quarterOf, type CommandType } from '../events/index.js';
import { periodLabel } from '../present/format.js';
import { statusLabel, toWhom } from '../present/labels.js';
import { howLong } from '../present/words.js';
import { decisionCard } from './decision-view.js';
import { deadlineWords, indicatorWords } from './figures.js';
import { gapCard } from './gap-words.js';
import { entryNumber, evidenceWords, namesFrom, sentence, type PageNames } from './names.js';
import type { WebIndicator, WebJourney } from './read-model.js';
import { STATUS_SEVERITY } from '../../projections/progress-math.js';

/**
 * The journey page's model (docs/decisions.md, "Web: the journey page"): the summary first (status, how far
 * travelled and still to go, the deadline, the indicator furthest behind), then each list newest first, filtered by
 * quarter, one line per entry until opened; the entry just saved opened and marked.
 */
export type Can = Partial<Record<CommandType, boolean>>;

export interface JourneyViewOptions {
  quarter: string | null;
  savedEntry: string | null;
  can: Can;
  referenceDay: string;
  /** Scrutineers and administrators see the ledger details of entries. */
  ledgerDetails: boolean;
}

const newestFirst = <T>(list: readonly T[], key: (x: T) => string): T[] =>
  [...list].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
const inQuarter = (quarter: string | null) => (date: string) =>
  quarter === null || quarterOf(date.slice(0, 10)) === quarter;

export function indicatorCard(p: WebIndicator, referenceDay: string) {
  return { ...p, words: indicatorWords(p, referenceDay) };
}

/** The quarters a list's dates fall in, newest first, for the quarter filter. */
export const quartersOf = (dates: readonly string[]): { value: string; label: string }[] =>
  [...new Set(dates.map((d) => quarterOf(d.slice(0, 10))))]
    .sort()
    .reverse()
    .map((q) => ({ value: q, label: periodLabel(q) }));

export function journeyView(j: WebJourney, o: JourneyViewOptions) {
  const names = namesFrom(j.timeline, { indicators: new Map(j.indicators.map((i) => [i.indicatorId, i.name])) });
  const within = inQuarter(o.quarter);
  // Each indicator's gaps beside it (docs/decisions.md, "Gaps"): not folded into its status or travelled share.
  const indicators = j.indicators.map((p) => ({
    ...indicatorCard(p, o.referenceDay),
    gaps: j.gaps.filter((g) => g.indicatorId === p.indicatorId).map((g) => gapCard(g, g.unit, o.referenceDay)),
  }));
  const behind = [...indicators].sort(
    (a, b) =>
      STATUS_SEVERITY[b.status] - STATUS_SEVERITY[a.status] ||
      (a.travelledPct ?? -Infinity) - (b.travelledPct ?? -Infinity),
  )[0];
  const achieved = indicators.filter((i) => i.status === 'achieved').length;
  const withData = indicators.filter((i) => i.latest !== null).length;
  const can = o.can;
  const decisions = newestFirst(j.decisions, (d) => d.decidedAt)
    .filter((d) => within(d.decidedAt))
    .map((d) => ({
      ...decisionCard(d, names, {
        callIn: can.CallInDecision === true,
        concludeCallIn: can.ConcludeCallIn === true,
        supersede: can.SupersedeDecision === true,
      }),
      open: o.savedEntry === d.decisionId,
    }));
  const changes = newestFirst(j.changes, (c) => `${c.occurredAt} ${c.position.padStart(20, '0')}`)
    .filter((c) => within(c.occurredAt))
    .map((c) => ({
      ...c,
      evidenceWords: evidenceWords(c.evidence, names),
      open: o.savedEntry === c.changeId,
      planName: c.planId ? names.plan(c.planId) : null,
      indicatorNames: c.indicatorIds.map((id) => ({ id, name: names.indicator(id) })),
      openChallenges: c.challenges.filter((x) => x.answer === null).length,
    }));
  const accountabilities = j.accountabilities.filter((a) => a.kind === 'accountability');
  return {
    names,
    summary: {
      status: j.status,
      travelledPct: j.travelledPct,
      achieved,
      withData,
      indicatorCount: indicators.length,
      deadline: deadlineWords(j.journey.horizon, o.referenceDay),
      behind: behind && behind.status !== 'achieved' ? behind : null,
      concluded: j.journey.concluded,
    },
    indicators,
    changes,
    decisions,
    plans: newestFirst(j.plans, (p) => p.recordedAt).map((p) => ({
      ...p,
      dependsOnNames: p.dependsOn.map((id) => ({ id, name: names.plan(id) })),
      dependentNames: j.plans
        .filter((x) => x.dependsOn.includes(p.planId))
        .map((x) => ({ id: x.planId, name: names.plan(x.planId) })),
      indicatorNames: p.indicatorIds.map((id) => ({ id, name: names.indicator(id) })),
      accountableToWords: toWhom(p.accountableTo),
      open: o.savedEntry === p.planId,
    })),
    lessons: newestFirst(j.lessons, (l) => l.recordedAt)
      .filter((l) => within(l.recordedAt))
      .map((l) => ({
        ...l,
        fromWords: evidenceWords(l.from ?? [], names),
        tagWords: evidenceWords(l.tags ?? [], names),
        open: o.savedEntry === l.lessonId,
      })),
    perspectives: newestFirst(j.perspectives, (p) => p.recordedAt)
      .filter((p) => within(p.recordedAt))
      .map((p) => ({
        ...p,
        aboutWords: p.about ? (names.named(p.about) ?? p.about) : null,
        open: o.savedEntry === p.perspectiveId,
      })),
    accountabilities: accountabilityRows(accountabilities, o.referenceDay, names, o.savedEntry),
    reviews: j.accountabilities.filter((a) => a.kind === 'plan' && a.dueBy !== null),
    recent: timelineItems(j.timeline, names, o.ledgerDetails).slice(0, 8),
    quarters: quartersOf([
      ...j.changes.map((c) => c.occurredAt),
      ...j.decisions.map((d) => d.decidedAt),
      ...j.lessons.map((l) => l.recordedAt),
      ...j.perspectives.map((p) => p.recordedAt),
    ]),
    quarter: o.quarter,
    quarterLabel: o.quarter ? periodLabel(o.quarter) : null,
  };
}

/**
 * What an accountability is about, unless its own words say it already ("Report the effect of the decision to fund
 * X (about Fund X)" says X twice). A long name comes shortened with "…": its start is what is looked for.
 */
function aboutUnlessSaid(text: string, about: string): string | null {
  const plain = (s: string) => s.replace(/…$/, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return plain(text).includes(plain(about)) ? null : about;
}

/** Accountabilities with how long they are overdue, and the plan or item they are about. */
export function accountabilityRows<T extends WebJourney['accountabilities'][number]>(
  rows: readonly T[],
  referenceDay: string,
  names: PageNames,
  savedEntry: string | null = null,
) {
  return rows.map((a) => ({
    ...a,
    aboutWords: a.about ? aboutUnlessSaid(a.for, names.named(a.about) ?? a.about) : null,
    dischargeEvidence: a.discharged ? evidenceWords(a.discharged.evidence, names) : [],
    accountableToWords: toWhom(a.accountableTo),
    overdueBy: a.status === 'overdue' && a.dueBy ? howLong(a.dueBy, referenceDay) : null,
    statusWords: statusLabel(a.status),
    open: savedEntry === a.id,
  }));
}

/** Timeline entries, newest first, in sentences with names; the ledger's own details only for those who audit it. */
export function timelineItems(entries: WebJourney['timeline'], names: PageNames, ledgerDetails: boolean) {
  return [...entries].reverse().map((e) => ({
    anchor: `pos-${entryNumber(e)}`,
    occurredAt: e.occurredAt,
    quarter: quarterOf(e.occurredAt.slice(0, 10)),
    sentence: sentence(e, names),
    by: e.actor.name,
    recordedAt: e.recordedAt,
    late:
      e.recordedAt.slice(0, 10) > e.occurredAt.slice(0, 10) &&
      quarterOf(e.recordedAt.slice(0, 10)) !== quarterOf(e.occurredAt.slice(0, 10)),
    details: ledgerDetails
      ? { type: e.type, entry: entryNumber(e), position: e.position, eventId: e.eventId, streamId: e.streamId }
      : null,
  }));
}
