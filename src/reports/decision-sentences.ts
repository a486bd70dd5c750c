import type { DecisionView, EffectReview } from '../../projections/audit-views.js';
import { inWindow, type TimeWindow } from '../events/index.js';
import { decimalsOf, formatValue, longDate, periodLabel } from '../present/format.js';
import { capitalise, count, listJoin, lowerFirst } from '../present/words.js';
import { isLate } from './journey-sentences.js';
import { sentence, type Sentence } from './sentences.js';

/** A decision in the journey narrative: who decided what and why, on what evidence, its call-in, supersession and expected effects. */
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
