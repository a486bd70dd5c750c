import type { DecisionView } from '../../projections/audit-views.js';
import { formatDate, formatNumber, periodLabel } from '../present/format.js';
import { toWhom } from '../present/labels.js';
import { count, listJoin } from '../present/words.js';
import { evidenceWords, type PageNames } from './names.js';

/**
 * A decision card as people read it (docs/decisions.md, "Web: decision cards"): who decided (the forum only when it
 * adds something), the votes, the call-in window and its state, the expected effects by indicator name, evidence
 * by name, and the links for those who may act on it: call it in while the window is open, conclude a call-in,
 * record that it was superseded.
 */
export interface DecisionAbilities {
  callIn: boolean;
  concludeCallIn: boolean;
  supersede: boolean;
}

/** "the Children and Families Board", not "the Children and Families Board (Children and Families Board)". */
export function decidedByWords(decidedBy: string, forum: string | null): string {
  if (!forum) return decidedBy;
  const a = decidedBy.toLowerCase().replace(/^the /, '');
  const b = forum.toLowerCase().replace(/^the /, '');
  return a.includes(b) || b.includes(a) ? decidedBy : `${decidedBy}, at ${forum}`;
}

export function votesWords(v: DecisionView['votes']): string | null {
  if (!v) return null;
  return `${formatNumber(v.for, 0)} for, ${formatNumber(v.against, 0)} against, ${count(v.abstain, 'abstention')}`;
}

export function callInWords(d: DecisionView): string {
  const c = d.callIn;
  switch (c.state) {
    case 'no-window':
      return 'No call-in window was set.';
    case 'window-open':
      return `Open for call-in until ${formatDate(c.windowOpenUntil ?? '')}.`;
    case 'window-closed':
      return `Not called in; the call-in window closed on ${formatDate(c.windowOpenUntil ?? '')}.`;
    case 'called-in':
      return `Called in by ${c.calledIn?.by ?? 'scrutiny'}: ${c.calledIn?.reason ?? ''} Awaiting the committee’s conclusion.`;
    case 'concluded':
      return `Called in by ${c.calledIn?.by ?? 'scrutiny'}: ${c.calledIn?.reason ?? ''} Concluded: ${outcomeWords(c.outcome?.outcome ?? '')}, ${c.outcome?.reason ?? ''}`;
  }
}
const outcomeWords = (o: string): string =>
  o === 'upheld'
    ? 'the decision was upheld'
    : o === 'referred-back'
      ? 'referred back to the decision-maker'
      : o === 'amended'
        ? 'the decision was amended'
        : o;

/** What a written record lacks, in words (the fields audit-views.ts names). */
const MISSING: Record<string, string> = {
  decidedBy: 'who decided',
  decidedAt: 'when',
  rationale: 'why',
  optionsConsidered: 'an option rejected with its reason',
  interestsDeclared: 'the interests declared',
};

export function decisionCard(d: DecisionView, names: PageNames, can: DecisionAbilities, journeyTitle?: string) {
  const effects = d.effectReview.map((e) => {
    const name = names.indicator(e.indicatorId);
    const expected = `${name} expected to reach ${formatNumber(e.expected, Number.isInteger(e.expected) ? 0 : 1)} by ${periodLabel(e.by)}`;
    const outcome =
      e.measured === 'pending'
        ? 'not measured yet'
        : e.measured === 'not-measured'
          ? 'never measured'
          : `measured ${formatNumber(e.measured, Number.isInteger(e.measured) ? 0 : 1)}: ${e.met ? 'met' : 'not met'}`;
    return `${expected}; ${outcome}.`;
  });
  const interests =
    d.interestsDeclared == null
      ? null
      : d.interestsDeclared.length === 0
        ? 'None declared.'
        : listJoin(
            d.interestsDeclared.map(
              (i) => `${i.who}: ${i.interest}${i.dispensation ? ` (dispensation: ${i.dispensation})` : ''}`,
            ),
          );
  return {
    ...d,
    journeyTitle: journeyTitle ?? null,
    decidedByWords: decidedByWords(d.decidedBy, d.forum),
    votesWords: votesWords(d.votes),
    callInWords: callInWords(d),
    callInState: d.callIn.state,
    effects,
    interests,
    evidenceNames: evidenceWords(d.evidence, names),
    supersededByName: d.supersededBy ? names.decision(d.supersededBy) : null,
    planName: d.planId ? names.plan(d.planId) : null,
    accountableToWords: d.accountableTo ? toWhom(d.accountableTo) : null,
    missingWords: d.missing.length ? listJoin(d.missing.map((m) => MISSING[m] ?? m)) : null,
    canCallIn: can.callIn && d.callIn.state === 'window-open' && d.status === 'in-force',
    canConcludeCallIn: can.concludeCallIn && d.callIn.state === 'called-in',
    canSupersede: can.supersede && d.status === 'in-force',
  };
}
