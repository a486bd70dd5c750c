import { accountability } from '../../projections/accountability.js';
import type { DecisionView } from '../../projections/audit-views.js';
import { challengeInWindow, reportFacts } from '../../projections/report-facts.js';
import type { ReportFold } from '../../projections/report-fold.js';
import { accountabilityKey, type Standing } from '../../projections/report-standing.js';
import { dateToInstant, inWindow, type TimeWindow } from '../events/index.js';
import { count } from '../present/words.js';
import { callInSentences, decisionSentences, effectSentence, supersessionSentence } from './decision-sentences.js';
import {
  accountabilitySentences,
  challengeSentences,
  changeItem,
  changesSummary,
  isActivityOnly,
  lessonSentence,
  openChallengesSentence,
  perspectiveSentence,
} from './journey-sentences.js';
import type { Sentence } from './sentences.js';

/** A section of a journey's narrative: paragraphs read aloud in order, then a list of items (changes, lessons, voices). */
export interface Section {
  heading: string;
  paragraphs: Sentence[][];
  items: Sentence[];
}

/**
 * What a journey's sections count, by the positions of the items counted: the city summary and its table add these
 * up, so the city's counts are the sum of the journeys' sections by construction (activities apart from changes).
 */
export interface Counted {
  changes: string[];
  activities: string[];
  /** Decisions recorded in the quarter (late entries included: a decision is reported when the ledger learns it). */
  decisions: string[];
  lessons: string[];
  voices: string[];
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

/** The positions of a measurement and its corrections, by id (an effect review cites the figure it judged). */
function measurementPositions(s: ReportFold, indicatorId: string, measurementId: string | null): string[] {
  const m = measurementId === null ? undefined : s.progress.indicators.get(indicatorId)?.byId.get(measurementId);
  return m ? [m.position, ...m.corrections.map((c) => c.position)] : [];
}

export function journeySections(
  s: ReportFold,
  journeyId: string,
  decisions: DecisionView[],
  previous: Standing,
): { sections: Section[]; counted: Counted } {
  const id = journeyId;
  const w: TimeWindow = s.window;
  const within = (instant: string) => inWindow(instant, w);
  const facts = reportFacts.query.journey(s.facts, id);
  const audit = s.audit.journeys.get(id);
  const byId = new Map(decisions.map((d) => [d.decisionId, d]));
  // An id a decision's evidence names, in words: an indicator's name, or a plan's intent.
  const nameOf = (item: string): string | undefined =>
    s.progress.indicators.get(item)?.name ?? s.accountability.plans.get(`${id}/${item}`)?.intent;
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
    [...real.slice(0, MAX_ITEMS).map((c) => changeItem(id, c, w)), ...moreItems(real.length, 'change')],
  );
  // An item appears in the report of the quarter the ledger learned it: a decision recorded this quarter, whenever it
  // was taken (a late entry says so); an older decision's call-in this quarter is news of its own.
  const recorded = decisions.filter((d) => within(d.recordedAt));
  const callIns = decisions.filter(
    (d) =>
      !within(d.recordedAt) &&
      ((d.callIn.calledIn !== null && within(d.callIn.calledIn.recordedAt)) ||
        (d.callIn.outcome !== null && within(d.callIn.outcome.recordedAt))),
  );
  const superseded = decisions.flatMap((d) => {
    const st = audit?.decisions.get(d.decisionId)?.supersession;
    return st && within(st.recordedAt)
      ? [supersessionSentence(d, d.supersededBy ? byId.get(d.supersededBy) : undefined, st.position)]
      : [];
  });
  add('Decisions', [
    ...recorded.map((d) => decisionSentences(d, w, nameOf)),
    ...callIns.map((d) => callInSentences(d, w)),
    superseded,
  ]);
  // Effects due this quarter are mostly still pending at its end (its figures arrive later), so the effects that fell
  // due in the quarter before, now measurable, are reported too.
  const effectsFrom = threeMonthsBefore(w.from.slice(0, 10));
  add(
    'Expected effects that fell due',
    decisions.flatMap((d) =>
      d.effectReview
        .filter((e) => e.byDate >= effectsFrom && e.byDate <= w.to.slice(0, 10))
        .map((e) => [
          effectSentence(
            d,
            e,
            s.progress.indicators.get(e.indicatorId),
            measurementPositions(s, e.indicatorId, e.measurementId),
          ),
        ]),
    ),
  );
  const challenges = [...(audit?.challenges.values() ?? [])];
  add('Challenges and answers', [
    ...challenges
      .filter((c) => challengeInWindow(c, w))
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
    accountabilitySentences(id, register, w, (a) => previous.overdue.has(accountabilityKey(a.journeyId, a.id))).map(
      (x) => [x],
    ),
  );
  return {
    sections,
    counted: {
      changes: real.map((c) => c.position),
      activities: facts.changes.filter(isActivityOnly).map((c) => c.position),
      decisions: recorded.map((d) => d.position),
      lessons: facts.lessons.map((l) => l.position),
      voices: facts.perspectives.map((p) => p.position),
    },
  };
}
