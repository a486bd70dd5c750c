import type { RegisterEntry } from '../../projections/accountability.js';
import type { ChallengeRecord } from '../../projections/audit-records.js';
import type { DecisionView, EffectReview } from '../../projections/audit-views.js';
import type { ChangeFact, LessonFact, PerspectiveFact } from '../../projections/report-facts.js';
import { activityNudge } from '../domain/nudge.js';
import { inWindow, type TimeWindow } from '../events/index.js';
import { decimalsOf, formatNumber, formatValue, longDate, periodLabel } from '../present/format.js';
import { RBA_QUESTION, STANCE, toWhom } from '../present/labels.js';
import { capitalise, count, howLong, isAre, listJoin, stop, wasWere } from '../present/words.js';
import { sentence, type Sentence } from './sentences.js';

/** The journey narrative's sentences beyond the figures: changes, decisions, challenges, lessons, voices, accountabilities. */

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

const lowerFirst = (s: string): string => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** Who decided what, why, what was rejected, who dissented, interests, votes, and the call-in. */
export function decisionSentences(
  d: DecisionView,
  window: TimeWindow,
  nameOf: (item: string) => string | undefined = () => undefined,
): Sentence[] {
  const j = d.journeyId;
  const forum = d.forum && d.forum.replace(/^the /i, '') !== d.decidedBy.replace(/^the /i, '') ? ` (${d.forum})` : '';
  const out: Sentence[] = [
    sentence(
      `On ${longDate(d.decidedAt)} ${d.decidedBy}${forum} decided to ${lowerFirst(d.summary).replace(/\.$/, '')}, because ${lowerFirst(d.rationale).replace(/\.$/, '')}.`,
      j,
      [d.position],
    ),
  ];
  if (isLate(d.decidedAt, window) && inWindow(d.recordedAt, window))
    out.push(
      sentence(
        `It was recorded on ${longDate(d.recordedAt)}, after the quarter it was taken in had ended: a late entry.`,
        j,
        [d.position],
      ),
    );
  const rejected = d.optionsConsidered.map(
    (o) => `${lowerFirst(o.option)} (${lowerFirst(o.reasonNotChosen).replace(/\.$/, '')})`,
  );
  if (rejected.length > 0)
    out.push(
      sentence(
        `${rejected.length === 1 ? 'The option rejected was' : 'Options rejected were'} ${listJoin(rejected)}.`,
        j,
        [d.position],
      ),
    );
  // Evidence may name an indicator or a plan by its id: said by its name ("“Good level of development”").
  if (d.evidence.length > 0)
    out.push(
      sentence(
        `The evidence before it: ${listJoin(
          d.evidence.map((e) => {
            const name = nameOf(e);
            return name === undefined ? e.replace(/\.$/, '') : `“${name.replace(/\.$/, '')}”`;
          }),
        )}.`,
        j,
        [d.position],
      ),
    );
  for (const x of d.dissent) out.push(sentence(`${x.who} dissented: “${x.view.replace(/\.$/, '')}”.`, j, [d.position]));
  if (d.votes)
    out.push(
      sentence(
        `The vote was ${d.votes.for} for, ${d.votes.against} against, with ${d.votes.abstain === 0 ? 'no abstentions' : count(d.votes.abstain, 'abstention')}.`,
        j,
        [d.position],
      ),
    );
  const interests = d.interestsDeclared ?? null;
  if (interests === null)
    out.push(
      sentence('No declaration of interests was recorded, so the written record of this decision is incomplete.', j, [
        d.position,
      ]),
    );
  else if (interests.length === 0) out.push(sentence('No interests were declared.', j, [d.position]));
  else
    out.push(
      sentence(
        `Interests declared: ${listJoin(interests.map((i) => `${i.who}, ${lowerFirst(i.interest)}${i.dispensation ? ` (${lowerFirst(i.dispensation)})` : ''}`))}.`,
        j,
        [d.position],
      ),
    );
  if (d.callIn.calledIn) {
    const c = d.callIn.calledIn;
    out.push(
      sentence(
        `It was called in by ${c.by} on ${longDate(c.recordedAt)}: ${lowerFirst(c.reason).replace(/\.$/, '')}.`,
        j,
        [c.position],
      ),
    );
  } else if (d.callIn.state === 'window-open' && d.callIn.windowOpenUntil) {
    out.push(sentence(`The call-in window is open until ${longDate(d.callIn.windowOpenUntil)}.`, j, [d.position]));
  }
  if (d.callIn.outcome) {
    const o = d.callIn.outcome;
    out.push(
      sentence(
        `The call-in concluded on ${longDate(o.recordedAt)}: the decision was ${o.outcome.replace('-', ' ')}; ${lowerFirst(o.reason).replace(/\.$/, '')}.`,
        j,
        [o.position],
      ),
    );
  }
  return out;
}

/** An older decision's call-in, or its outcome, recorded this quarter: said with the decision it is about. */
export function callInSentences(d: DecisionView, window: TimeWindow): Sentence[] {
  const what = `the decision of ${longDate(d.decidedAt)} to ${lowerFirst(d.summary).replace(/\.$/, '')}`;
  const out: Sentence[] = [];
  const c = d.callIn.calledIn;
  if (c && inWindow(c.recordedAt, window))
    out.push(
      sentence(
        `${capitalise(what)} was called in by ${c.by} on ${longDate(c.recordedAt)}: ${lowerFirst(c.reason).replace(/\.$/, '')}.`,
        d.journeyId,
        [d.position, c.position],
      ),
    );
  const o = d.callIn.outcome;
  if (o && inWindow(o.recordedAt, window))
    out.push(
      sentence(
        `The call-in of ${what} concluded on ${longDate(o.recordedAt)}: the decision was ${o.outcome.replace('-', ' ')}; ${lowerFirst(o.reason).replace(/\.$/, '')}.`,
        d.journeyId,
        [d.position, o.position],
      ),
    );
  return out;
}

/** A decision superseded within the window, whenever it was taken. */
export const supersessionSentence = (d: DecisionView, by: DecisionView | undefined, position: string): Sentence =>
  sentence(
    `The decision of ${longDate(d.decidedAt)} to ${lowerFirst(d.summary).replace(/\.$/, '')} was superseded${by ? ` by the decision of ${longDate(by.decidedAt)}` : ''}: ${lowerFirst(d.supersessionReason ?? 'no reason recorded').replace(/\.$/, '')}.`,
    d.journeyId,
    [d.position, position, by?.position],
  );

/**
 * An expected effect judged: the decision says what was expected; the measurement (and its corrections) says what
 * was measured, so both are cited.
 */
export function effectSentence(
  d: DecisionView,
  e: EffectReview,
  indicator: { name: string; unit: string } | undefined,
  measurementPositions: readonly string[],
): Sentence {
  const unit = indicator?.unit ?? '';
  const dp = Math.max(decimalsOf(e.expected), typeof e.measured === 'number' ? decimalsOf(e.measured) : 0);
  const v = (n: number) => formatValue(n, unit, dp);
  const what = indicator ? lowerFirst(indicator.name) : 'an indicator the ledger does not define';
  const expected = `The decision of ${longDate(d.decidedAt)} to ${lowerFirst(d.summary).replace(/\.$/, '')} expected ${what} to reach ${v(e.expected)} by ${periodLabel(e.by)}`;
  if (e.measured === 'pending')
    return sentence(
      `${expected}; no figure for that period had been recorded by the end of the quarter.`,
      d.journeyId,
      [d.position],
    );
  if (e.measured === 'not-measured')
    return sentence(
      `${expected}; no figure for that period has been recorded, long after it ended, so it cannot be judged.`,
      d.journeyId,
      [d.position],
    );
  const verdict =
    e.met === true
      ? 'the expected effect was met'
      : e.met === false
        ? 'the expected effect was not met'
        : 'it cannot be judged';
  return sentence(
    `${expected}; the figure${e.period ? ` for ${periodLabel(e.period)}` : ''} was ${v(e.measured)}, so ${verdict}.`,
    d.journeyId,
    [d.position, ...measurementPositions],
  );
}

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
