import type { IndicatorStatus } from '../../projections/progress-math.js';
import { longDate, periodLabel } from '../present/format.js';
import { STATUS } from '../present/labels.js';
import { capitalise, count, isAre, listJoin, wasWere } from '../present/words.js';
import type { Counted } from './journey-sections.js';
import type { Cite, Sentence } from './sentences.js';

/**
 * One journey's line in the city-wide summary, with the positions that back each figure: what its sections counted
 * (changes, activity reports, decisions recorded, lessons, voices), so the city's counts are their sums.
 */
export interface JourneyRow extends Counted {
  journeyId: string;
  title: string;
  status: IndicatorStatus;
  statusLabel: string;
  chartedAt: string;
  openChallenges: string[];
  overdue: string[];
  stale: { name: string; period: string; position: string }[];
  lastChange: { occurredAt: string; position: string } | null;
}

/** A city-wide sentence cites at most this many events per journey (the journey sections cite every one). */
const MAX_CITES_PER_JOURNEY = 3;

const cites = (rows: JourneyRow[], pick: (r: JourneyRow) => string[]): Cite[] =>
  rows.flatMap((r) =>
    pick(r)
      .slice(0, MAX_CITES_PER_JOURNEY)
      .map((position) => ({ journeyId: r.journeyId, position })),
  );

const ORDER: IndicatorStatus[] = ['achieved', 'on-track', 'at-risk', 'off-track', 'no-data'];

/** The city-wide summary: where the journeys stand, what happened across them this quarter, what is overdue or stale. */
export function citySentences(rows: JourneyRow[], period: string): Sentence[] {
  if (rows.length === 0)
    return [{ text: `No journey had been charted by the end of ${periodLabel(period)}.`, cites: [] }];
  const out: Sentence[] = [];
  const byStatus = ORDER.map((st) => ({ st, n: rows.filter((r) => r.status === st).length })).filter((x) => x.n > 0);
  out.push({
    text: `At the end of ${periodLabel(period)} the partnership had ${count(rows.length, 'journey')}: ${listJoin(byStatus.map((x) => `${x.n} ${STATUS[x.st].is}`))}.`,
    cites: rows.map((r) => ({ journeyId: r.journeyId, position: r.chartedAt })),
  });
  const sum = (pick: (r: JourneyRow) => string[]) => rows.reduce((n, r) => n + pick(r).length, 0);
  const changes = sum((r) => r.changes);
  const activities = sum((r) => r.activities);
  const decisions = sum((r) => r.decisions);
  const quiet = rows.filter((r) => r.changes.length === 0).map((r) => r.title);
  if (changes > 0 || decisions > 0) {
    const parts = [
      ...(changes > 0 ? [`${count(changes, 'change')} ${wasWere(changes)} reported`] : []),
      ...(decisions > 0 ? [`${count(decisions, 'decision')} ${wasWere(decisions)} recorded`] : []),
    ];
    out.push({
      text: `${capitalise(`this quarter ${listJoin(parts)}`)}.`,
      cites: cites(rows, (r) => [...r.changes, ...r.decisions]),
    });
  } else {
    out.push({ text: 'No change was reported and no decision recorded this quarter.', cites: [] });
  }
  if (activities > 0)
    out.push({
      text: `${capitalise(count(activities, 'other report'))} described activity rather than a change for someone, and ${activities === 1 ? 'is' : 'are'} not counted as ${activities === 1 ? 'a change' : 'changes'}.`,
      cites: cites(rows, (r) => r.activities),
    });
  const lessons = sum((r) => r.lessons);
  const voices = sum((r) => r.voices);
  if (lessons > 0 || voices > 0)
    out.push({
      text: `${capitalise(listJoin([...(lessons > 0 ? [`${count(lessons, 'lesson')} ${wasWere(lessons)} harvested`] : []), ...(voices > 0 ? [`${count(voices, 'voice')} ${wasWere(voices)} heard`] : [])]))}: they are in the journeys' sections below.`,
      cites: cites(rows, (r) => [...r.lessons, ...r.voices]),
    });
  if (quiet.length > 0 && quiet.length < rows.length) {
    out.push({ text: `No change was reported this quarter for ${listJoin(quiet.map((t) => `“${t}”`))}.`, cites: [] });
  }
  const open = rows.reduce((n, r) => n + r.openChallenges.length, 0);
  if (open > 0)
    out.push({
      text: `${capitalise(count(open, 'challenge'))} ${isAre(open)} still unanswered.`,
      cites: cites(rows, (r) => r.openChallenges),
    });
  const overdue = rows.reduce((n, r) => n + r.overdue.length, 0);
  if (overdue > 0) {
    const where = rows.filter((r) => r.overdue.length > 0).map((r) => `${r.overdue.length} in “${r.title}”`);
    out.push({
      text: `${capitalise(count(overdue, 'accountability', 'accountabilities'))} ${isAre(overdue)} overdue: ${listJoin(where)}.`,
      cites: cites(rows, (r) => r.overdue),
    });
  }
  const stale = rows.flatMap((r) => r.stale.map((s) => ({ ...s, journeyId: r.journeyId })));
  if (stale.length > 0) {
    out.push({
      text: `${capitalise(count(stale.length, 'indicator'))} ${isAre(stale.length)} stale, with no recent figure: ${listJoin(stale.slice(0, 10).map((s) => `${s.name.charAt(0).toLowerCase()}${s.name.slice(1)} (last figure ${periodLabel(s.period)})`))}${stale.length > 10 ? ` and ${stale.length - 10} more` : ''}.`,
      cites: stale.slice(0, 30).map((s) => ({ journeyId: s.journeyId, position: s.position })),
    });
  }
  return out;
}

export const lastChangeText = (r: JourneyRow): string =>
  r.lastChange ? longDate(r.lastChange.occurredAt) : 'none yet';
