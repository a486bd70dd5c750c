import type { RegisterEntry } from '../../projections/accountability.js';
import type { ChallengeRecord } from '../../projections/audit-records.js';
import type { ChangeFact, LessonFact, PerspectiveFact } from '../../projections/report-facts.js';
import { activityNudge } from '../domain/nudge.js';
import type { TimeWindow } from '../events/index.js';
import { formatNumber, longDate } from '../present/format.js';
import { RBA_QUESTION, STANCE, toWhom } from '../present/labels.js';
import { capitalise, count, howLong, isAre, listJoin, lowerFirst, stop, wasWere } from '../present/words.js';
import { sentence, type Sentence } from './sentences.js';

/**
 * The journey narrative's sentences beyond the figures and the decisions (decision-sentences.ts): changes,
 * challenges, lessons, voices, accountabilities.
 */

/** A change that reads as activity ("held 3 meetings") rather than a difference for someone. */
export const isActivityOnly = (c: ChangeFact): boolean => {
  let yes = activityOnly.get(c);
  if (yes === undefined) activityOnly.set(c, (yes = activityNudge(c.data.whatChanged).looksLikeActivity));
  return yes;
};
/** The nudge's verdict per change, worked out once: a warm report reads the same change facts again and again. */
const activityOnly = new WeakMap<ChangeFact, boolean>();

export function changesSummary(journeyId: string, changes: ChangeFact[]): Sentence[] {
  if (changes.length === 0) return [];
  const real = changes.filter((c) => !isActivityOnly(c));
  const activity = changes.filter(isActivityOnly);
  const out: Sentence[] = [];
  if (real.length > 0) {
    const groups = (['better-off', 'how-well', 'how-much'] as const)
      .map((q) => ({ q, n: real.filter((c) => c.data.question === q).length }))
      .filter((g) => g.n > 0)
      .map((g) => `${formatNumberWord(g.n)} about ${RBA_QUESTION[g.q].about}`);
    out.push(
      sentence(
        `${capitalise(count(real.length, 'change'))} ${wasWere(real.length)} reported this quarter: ${listJoin(groups)}.`,
        journeyId,
        real.map((c) => c.position),
      ),
    );
  }
  if (activity.length > 0) {
    out.push(
      sentence(
        `${capitalise(count(activity.length, 'report'))} described activity rather than a change for someone (${listJoin(activity.map((c) => `“${c.data.whatChanged}”`))}).`,
        journeyId,
        activity.map((c) => c.position),
      ),
    );
  }
  return out;
}
const formatNumberWord = (n: number): string => formatNumber(n, 0);

export const changeItem = (journeyId: string, c: ChangeFact, window: TimeWindow): Sentence =>
  sentence(
    `${stop(capitalise(c.data.whatChanged))} For: ${c.data.forWhom}. Evidence: ${c.data.evidence.join('; ')}. (Reported by ${c.by}, ${longDate(c.data.occurredAt)}${lateNote(c.data.occurredAt, c.recordedAt, window)}.)`,
    journeyId,
    [c.position],
  );

/**
 * An item appears in the report of the quarter in which it was recorded; one that happened before that quarter
 * began is a late entry, and says so (docs/decisions.md, "Reports").
 */
export const isLate = (happened: string, window: TimeWindow): boolean =>
  happened.slice(0, 10) < window.from.slice(0, 10);
const lateNote = (happened: string, recordedAt: string, window: TimeWindow): string =>
  isLate(happened, window) ? `; a late entry, recorded on ${longDate(recordedAt)}` : '';

export function challengeSentences(c: ChallengeRecord, change: string | null): Sentence[] {
  const about = change ? `the change “${change.replace(/\.$/, '')}”` : 'a change the ledger does not hold';
  const out = [
    sentence(
      `${c.raisedBy.name} challenged ${about} on ${longDate(c.raisedAt)}: “${c.challenge.replace(/\.$/, '')}”.`,
      c.journeyId,
      [c.position],
    ),
  ];
  if (c.answer) {
    const verdict =
      c.answer.upheld === true
        ? 'the challenge was upheld'
        : c.answer.upheld === false
          ? 'the challenge was not upheld'
          : 'it was answered';
    out.push(
      sentence(
        `On ${longDate(c.answer.answeredAt)} ${verdict}: ${lowerFirst(c.answer.answer).replace(/\.$/, '')}.`,
        c.journeyId,
        [c.answer.position],
      ),
    );
  }
  return out;
}

export const openChallengesSentence = (journeyId: string, open: ChallengeRecord[]): Sentence[] =>
  open.length === 0
    ? []
    : [
        sentence(
          `${capitalise(count(open.length, 'challenge'))} ${isAre(open.length)} still unanswered at the end of the quarter.`,
          journeyId,
          open.map((c) => c.position),
        ),
      ];

export const lessonSentence = (journeyId: string, l: LessonFact): Sentence =>
  sentence(
    `${stop(capitalise(l.data.learned))}${l.data.implications ? ` Implications: ${stop(lowerFirst(l.data.implications))}` : ''}`,
    journeyId,
    [l.position],
  );

export const perspectiveSentence = (journeyId: string, p: PerspectiveFact): Sentence => {
  const stance = STANCE[p.data.stance];
  return sentence(
    `A ${p.data.voice} voice${p.data.speaker ? ` (${p.data.speaker})` : ''}, ${stance}: “${p.data.statement.replace(/\.$/, '')}”.`,
    journeyId,
    [p.position],
  );
};

/**
 * Accountabilities overdue at the end of the quarter (and by how long), due in it, and discharged in it. One already
 * overdue at the previous report's end is not described again in full: it is "still overdue, now …" (docs/decisions.md,
 * "Reports").
 */
export function accountabilitySentences(
  journeyId: string,
  entries: RegisterEntry[],
  window: { from: string; to: string },
  overdueBefore: (a: RegisterEntry) => boolean,
): Sentence[] {
  const out: Sentence[] = [];
  const end = window.to.slice(0, 10);
  const line = (a: RegisterEntry) =>
    `${a.holder} (accountable to ${toWhom(a.accountableTo)}) for “${a.for.replace(/\.$/, '')}”, due by ${longDate(a.dueBy ?? '')}`;
  const overdue = entries.filter((a) => a.status === 'overdue');
  const fresh = overdue.filter((a) => !overdueBefore(a));
  const still = overdue.filter(overdueBefore);
  if (fresh.length > 0)
    out.push(
      sentence(
        `${capitalise(count(fresh.length, 'accountability', 'accountabilities'))} ${fresh.length === 1 ? 'has' : 'have'} become overdue: ${listJoin(fresh.map((a) => `${line(a)}, overdue by ${howLong(a.dueBy ?? end, end)}`))}.`,
        journeyId,
        fresh.map((a) => a.position),
      ),
    );
  if (still.length > 0)
    out.push(
      sentence(
        `Still overdue, as in the previous report: ${still.map((a) => `${a.holder}, for “${a.for.replace(/\.$/, '')}”, now ${howLong(a.dueBy ?? end, end)} overdue`).join('; ')}.`,
        journeyId,
        still.map((a) => a.position),
      ),
    );
  const dueNow = entries.filter(
    (a) =>
      a.status === 'open' &&
      a.dueBy !== null &&
      a.dueBy >= window.from.slice(0, 10) &&
      a.dueBy <= window.to.slice(0, 10),
  );
  if (dueNow.length > 0)
    out.push(
      sentence(
        `${capitalise(count(dueNow.length, 'accountability', 'accountabilities'))} fell due this quarter and ${isAre(dueNow.length)} still open: ${listJoin(dueNow.map(line))}.`,
        journeyId,
        dueNow.map((a) => a.position),
      ),
    );
  const discharged = entries.filter(
    (a) => a.discharged !== null && a.discharged.dischargedAt >= window.from && a.discharged.dischargedAt <= window.to,
  );
  if (discharged.length > 0) {
    out.push(
      sentence(
        `${capitalise(count(discharged.length, 'accountability', 'accountabilities'))} ${wasWere(discharged.length)} discharged this quarter: ${listJoin(discharged.map((a) => `${a.holder}, for “${a.for.replace(/\.$/, '')}”`))}.`,
        journeyId,
        discharged.flatMap((a) => [a.position, a.discharged?.position]),
      ),
    );
  }
  return out;
}
