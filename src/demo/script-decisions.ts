import { SCRUTINY_OFFICER } from './city/index.js';
import { DAY_MS, isoDate, trajectoryValue, type Quarter } from './timeline.js';
import { HOUR_MS, periodLabelOf, ScriptBase } from './script-base.js';

/** The decisions of a journey's story: taken, reviewed against their expected effect, plans reviewed and revised. */
export abstract class DecisionScenes extends ScriptBase {
  protected decision(quarter: Quarter, which: number, seq: number): void {
    const t = this.jp.template;
    const d = t.decisions[which];
    if (!d) return;
    const kind = this.jp.index % 5;
    const decidedMs = quarter.startMs + (35 + seq * 7) * DAY_MS + 10 * HOUR_MS;
    const decisionId = this.id(`d${seq + 1}`);
    const indicator = this.jp.indicators[which % this.jp.indicators.length];
    const byQuarter = this.ctx.quarters[quarter.index + 6];
    const cabinet = d.forum === 'Cabinet';
    const plan = t.plans[which];
    const interests =
      kind === 1 && which === 1
        ? [
            {
              who: 'Councillor Ahmed',
              interest: 'Trustee of a voluntary organisation that may bid for the grants',
              dispensation: 'Granted by the Monitoring Officer; did not vote',
            },
          ]
        : [];
    this.journey(
      'DecisionTaken',
      {
        decisionId,
        summary: d.summary,
        decidedBy: d.decidedBy,
        decidedAt: new Date(decidedMs).toISOString(),
        rationale: d.rationale,
        forum: d.forum,
        authority: cabinet ? 'Executive functions, council constitution' : `Terms of reference of the ${d.forum}`,
        keyDecision: cabinet,
        ...(plan ? { planId: this.planId(plan.key) } : {}),
        optionsConsidered: [{ option: d.rejected[0], reasonNotChosen: d.rejected[1] }],
        evidence: [...this.indicatorIds, 'Options appraisal paper'],
        // The jobs-and-skills second decision was recorded without interests: an incomplete written record, on purpose.
        ...(kind === 2 && which === 1 ? {} : { interestsDeclared: interests }),
        ...(cabinet ? { votes: { for: 8, against: d.dissent ? 1 : 0, abstain: 0 } } : {}),
        ...(d.dissent ? { dissent: [{ who: d.dissent[0], view: d.dissent[1] }] } : {}),
        ...(indicator && byQuarter
          ? {
              expectedEffect: [
                {
                  indicatorId: indicator.indicatorId,
                  value: trajectoryValue({ ...indicator.template, pace: 1 }, this.fraction(byQuarter.endMs), 0),
                  by: byQuarter.period,
                },
              ],
            }
          : {}),
        ...(cabinet ? { callInUntil: isoDate(decidedMs + 7 * DAY_MS) } : {}),
        accountableTo: t.board,
      },
      decidedMs + this.prng.int(1, 3) * DAY_MS,
    );
    this.decisionIds.push(decisionId);
    if (kind === 3 && which === 0 && cabinet) {
      this.journey(
        'DecisionCalledIn',
        {
          decisionId,
          by: 'the Overview and Scrutiny Committee',
          reason: 'Five members asked whether wards with lower recorded crime but high fear of crime were considered',
        },
        decidedMs + 4 * DAY_MS,
        SCRUTINY_OFFICER,
      );
      this.journey(
        'CallInConcluded',
        {
          decisionId,
          outcome: 'upheld',
          reason: 'The committee accepted the evidence on harm; it asked for a report on fear of crime within a year',
        },
        decidedMs + 25 * DAY_MS,
        SCRUTINY_OFFICER,
      );
    }
    if (byQuarter) {
      const accountabilityId = this.id(`acc-d${seq + 1}`);
      const dueBy = isoDate(byQuarter.endMs + 60 * DAY_MS);
      this.journey(
        'AccountabilityAssigned',
        {
          accountabilityId,
          holder: t.lead,
          accountableTo: 'board',
          for: `Report the effect of the decision to ${d.summary.charAt(0).toLowerCase()}${d.summary.slice(1)}`,
          dueBy,
          about: decisionId,
        },
        decidedMs + 5 * DAY_MS,
      );
      if (seq === 1)
        this.journey(
          'AccountabilityDischarged',
          { accountabilityId, evidence: [`Effect report to the ${t.board}`] },
          Date.parse(dueBy) - 20 * DAY_MS,
        );
    }
  }

  protected review(quarter: Quarter): void {
    const t = this.jp.template;
    const first = t.decisions[0];
    const old = this.decisionIds[0];
    if (!first || !old) return;
    const decidedMs = quarter.startMs + 40 * DAY_MS + 14 * HOUR_MS;
    const decisionId = this.id('d3');
    this.journey(
      'DecisionTaken',
      {
        decisionId,
        summary: `Refocus the earlier decision on the wards with the widest gap: ${first.summary.charAt(0).toLowerCase()}${first.summary.slice(1)} only where need is greatest`,
        decidedBy: first.decidedBy,
        decidedAt: new Date(decidedMs).toISOString(),
        forum: first.forum,
        rationale:
          'The figures since the first decision show the benefit concentrated where need is greatest; the dissent recorded at the time was borne out',
        optionsConsidered: [
          { option: 'Continue unchanged', reasonNotChosen: 'Progress is too slow to reach the target by the horizon' },
        ],
        evidence: [old, ...this.indicatorIds],
        interestsDeclared: [],
        accountableTo: t.board,
      },
      decidedMs + 2 * DAY_MS,
    );
    this.journey(
      'DecisionSuperseded',
      {
        decisionId: old,
        supersededBy: decisionId,
        reason: 'Replaced by the refocused decision after two years of figures',
      },
      decidedMs + 2 * DAY_MS + HOUR_MS,
    );
  }

  /** The board's periodic review of a plan: continue it (with its funding), with the stop option rejected. */
  protected reviewPlan(quarter: Quarter): void {
    const t = this.jp.template;
    const plan = t.plans[quarter.index % t.plans.length];
    const indicator = this.jp.indicators[quarter.index % this.jp.indicators.length];
    const byQuarter = this.ctx.quarters[quarter.index + 4];
    if (!plan) return;
    const decidedMs = quarter.startMs + 45 * DAY_MS + 14 * HOUR_MS;
    const dissent = this.prng.chance(0.35) ? t.perspectives.find((p) => p.stance === 'challenges') : undefined;
    this.journey(
      'DecisionTaken',
      {
        decisionId: this.id(`r${quarter.index}`),
        summary: `Continue the plan “${plan.intent}” for another year`,
        decidedBy: `the ${t.board}`,
        decidedAt: new Date(decidedMs).toISOString(),
        forum: t.board,
        planId: this.planId(plan.key),
        rationale: `The ${periodLabelOf(quarter)} review found the plan is moving its indicators and no cheaper route to the same change was found`,
        optionsConsidered: [
          {
            option: 'Stop the plan and return the funding to partners',
            reasonNotChosen: 'The change it makes would be lost and the target would slip further',
          },
        ],
        evidence: ['Quarterly performance review', ...this.indicatorIds],
        interestsDeclared: [],
        ...(dissent ? { dissent: [{ who: dissent.speaker, view: dissent.statement }] } : {}),
        ...(indicator && byQuarter
          ? {
              expectedEffect: [
                {
                  indicatorId: indicator.indicatorId,
                  value: trajectoryValue({ ...indicator.template, pace: 1 }, this.fraction(byQuarter.endMs), 0),
                  by: byQuarter.period,
                },
              ],
            }
          : {}),
        accountableTo: t.board,
      },
      decidedMs + this.prng.int(1, 4) * DAY_MS,
    );
  }

  protected revisePlan(quarter: Quarter): void {
    const plan = this.jp.template.plans[1];
    if (!plan) return;
    this.journey(
      'PlanRevised',
      {
        planId: this.planId(plan.key),
        reason: 'Recruitment was slower than planned; the review date moves back a year',
        reviewBy: `${this.ctx.startYear + 2}-12-31`,
      },
      this.at(quarter, 15),
    );
  }
}
