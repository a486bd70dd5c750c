import { streamIds } from '../events/index.js';
import { ILLUSTRATIVE, INSIGHT_TEAM, PARTNERSHIP_OFFICE } from './city/index.js';
import { DAY_MS, isoDate, quarterEndMs, trajectoryValue, type Draft, type Quarter } from './timeline.js';
import { CORRECTION_REASONS, HOUR_MS } from './script-base.js';
import { GroupScenes } from './script-groups.js';

/**
 * The story of one journey, told a quarter at a time. Every quarter yields the drafts that quarter starts;
 * a draft may be dated later (an answer weeks after a challenge) and the generator holds it until its time.
 * The scenes are split by what they are about: script-decisions.ts, script-voices.ts; the helpers in script-base.ts.
 */
export class JourneyScript extends GroupScenes {
  quarter(quarter: Quarter): Draft[] {
    this.out.length = 0;
    const k = quarter.index;
    const n = this.ctx.quarters.length;
    const kind = this.jp.index % 5;
    if (k === 0) this.charter(quarter);
    this.addGroups(quarter);
    if (k >= 1) this.measurements(quarter);
    if (k >= 1) this.changes(quarter);
    if (k === 1) this.decision(quarter, 0, 0);
    if (k === 3) this.decision(quarter, 1, 1);
    if (k === Math.floor(n * 0.6) && (kind === 0 || kind === 4) && k > 3) this.review(quarter);
    if (k === 6) this.revisePlan(quarter);
    if (k >= 5 && (k + this.jp.index) % 3 === 0) this.reviewPlan(quarter);
    if (kind === 1 && k === Math.floor(n * 0.4) && k > 0) {
      this.journey(
        'JourneyReframed',
        {
          reason: 'Community pharmacies joined the partnership and the ambition now names early diagnosis',
          partners: [...this.jp.template.partners, 'Community pharmacies'],
        },
        this.at(quarter, 30),
        PARTNERSHIP_OFFICE,
      );
    }
    if (kind === 3 && k === Math.floor(n * 0.7) && k > 3) {
      const plan = this.jp.template.plans[2];
      if (plan)
        this.journey(
          'PlanWithdrawn',
          {
            planId: this.planId(plan.key),
            reason:
              'The housing association now funds the redesign from its own programme; the partnership plan is no longer needed',
          },
          this.at(quarter, 40),
        );
    }
    this.targetRevision(quarter, n);
    if (k === Math.floor(n * 0.75) && k > 4) this.gapTargetRevision(quarter);
    this.challenges(quarter, n);
    if (k % 3 === 1) this.perspective(quarter, Math.floor(k / 3), `p${k}`);
    if ((k === 8 || k === 16) && this.changeIds.length > 0) this.lesson(quarter, k === 8 ? 0 : 1);
    for (let x = 0; x < this.ctx.extraPerQuarter; x += 1) this.extra(quarter, x);
    return [...this.out];
  }

  private charter(quarter: Quarter): void {
    const t = this.jp.template;
    const day = 2 + (this.jp.index % 20);
    this.journey(
      'JourneyCharted',
      {
        journeyId: this.jp.journeyId,
        title: this.jp.title,
        ambition: t.ambition,
        horizon: `${this.ctx.endYear}-12-31`,
        lead: t.lead,
        outcomeArea: t.outcomeArea,
        partners: t.partners,
      },
      this.at(quarter, day),
      PARTNERSHIP_OFFICE,
    );
    for (const { indicatorId, template: it } of this.jp.indicators) {
      this.push(
        'IndicatorDefined',
        streamIds.indicator(indicatorId),
        {
          indicatorId,
          name: it.name,
          unit: it.unit,
          direction: it.direction,
          frequency: it.frequency,
          baseline: { value: it.baseline, period: `${this.ctx.startYear - 1}` },
          target: { value: it.target, period: `${this.ctx.endYear}` },
          journeyIds: [this.jp.journeyId],
          source: ILLUSTRATIVE,
          population: it.population,
          ...(it.doNothing === undefined ? {} : { doNothing: { value: it.doNothing, period: `${this.ctx.endYear}` } }),
          ...(it.breakdown && it.breakdown.addedInQuarter === undefined ? { groups: it.breakdown.groups } : {}),
        },
        INSIGHT_TEAM,
        this.at(quarter, day + 1),
      );
      if (it.breakdown && it.breakdown.addedInQuarter === undefined)
        this.defineGap(indicatorId, it.breakdown, this.at(quarter, day + 1) + HOUR_MS);
    }
    const plans = [...t.plans].sort((a, b) => a.dependsOn.length - b.dependsOn.length);
    plans.forEach((p, i) => {
      this.journey(
        'PlanAdopted',
        {
          planId: this.planId(p.key),
          intent: p.intent,
          owner: p.owner,
          accountableTo: t.board,
          reviewBy: `${this.ctx.startYear + 1}-12-31`,
          indicatorIds: this.indicatorIds,
          dependsOn: p.dependsOn.map((d) => this.planId(d)),
        },
        this.at(quarter, day + 5 + i),
      );
    });
    // One accountability per plan: the first is discharged on time, the second falls overdue, the third is still open.
    const dues = [`${this.ctx.startYear + 2}-03-31`, `${this.ctx.endYear - 1}-09-30`, `${this.ctx.endYear}-12-31`];
    t.plans.forEach((p, i) => {
      const accountabilityId = this.id(`acc-${p.key}`);
      const dueBy = dues[i % 3] as string;
      this.journey(
        'AccountabilityAssigned',
        {
          accountabilityId,
          holder: p.owner,
          accountableTo: i === 2 ? 'beneficiaries' : 'board',
          for: p.intent,
          dueBy,
          about: this.planId(p.key),
        },
        this.at(quarter, day + 10 + i),
      );
      if (i % 3 === 0)
        this.journey(
          'AccountabilityDischarged',
          { accountabilityId, evidence: [`Delivery report to the ${t.board}`, this.planId(p.key)] },
          Date.parse(dueBy) - 10 * DAY_MS + 10 * HOUR_MS,
        );
    });
  }

  private measurements(quarter: Quarter): void {
    const n = this.ctx.quarters.length;
    this.jp.indicators.forEach(({ indicatorId, template: it }, i) => {
      const stream = streamIds.indicator(indicatorId);
      let period: string | null = null;
      let endMs = 0;
      if (it.frequency === 'quarterly') {
        const prev = this.ctx.quarters[quarter.index - 1];
        if (!prev || (it.staleQuarters !== undefined && prev.index > n - 2 - it.staleQuarters)) return;
        period = prev.period;
        endMs = quarterEndMs(prev.year, prev.q);
      } else if (quarter.q === 2) {
        period = `${quarter.year - 1}`;
        endMs = Date.UTC(quarter.year - 1, 11, 31);
      }
      if (period === null) return;
      const fraction = this.fraction(endMs);
      const value = trajectoryValue(it, fraction, this.prng.noise(1));
      const measurementId = `${indicatorId}-${period.toLowerCase()}`;
      const ms = this.at(quarter, this.prng.int(20, 45));
      this.push(
        'MeasurementRecorded',
        stream,
        {
          measurementId,
          period,
          value,
          source: ILLUSTRATIVE,
          ...(this.prng.chance(0.15) ? { note: 'Provisional: some returns outstanding' } : {}),
        },
        INSIGHT_TEAM,
        ms,
      );
      if (this.grouped(it.breakdown, quarter))
        this.groupFigures(indicatorId, it.direction, it.decimals, it.breakdown, period, value, fraction, ms);
      if (i === 0 && (quarter.index === 5 || quarter.index === 12)) {
        const f = 10 ** it.decimals;
        const corrected =
          Math.round((value + (it.direction === 'increase' ? -1 : 1) * Math.abs(it.target - it.baseline) * 0.03) * f) /
          f;
        this.push(
          'MeasurementCorrected',
          stream,
          { measurementId, value: corrected, reason: this.prng.pick(CORRECTION_REASONS) },
          INSIGHT_TEAM,
          ms + this.prng.int(15, 30) * DAY_MS,
        );
      }
    });
  }

  private targetRevision(quarter: Quarter, n: number): void {
    if (quarter.index !== Math.floor(n * 0.55) || quarter.index < 2) return;
    for (const { indicatorId, template: it } of this.jp.indicators) {
      if (!it.revisedTarget) continue;
      const { value, reason, decidedBy } = it.revisedTarget;
      this.push(
        'IndicatorTargetRevised',
        streamIds.indicator(indicatorId),
        { target: { value, period: `${this.ctx.endYear}` }, reason, decidedBy },
        PARTNERSHIP_OFFICE,
        this.at(quarter, 50),
      );
    }
  }

  private changes(quarter: Quarter): void {
    const t = this.jp.template;
    const k = quarter.index;
    const count = 1 + (this.prng.chance(0.5) ? 1 : 0);
    for (let c = 0; c < count; c += 1) {
      const pool = t.changes[(k + c + this.jp.index) % t.changes.length];
      const plan = t.plans[(k + c) % t.plans.length];
      if (!pool || !plan) continue;
      const ms = this.at(quarter, 55 + c * 5);
      const changeId = this.id(`c${k}-${c}`);
      this.changeIds.push(changeId);
      this.journey(
        'ChangeReported',
        {
          changeId,
          whatChanged: pool.whatChanged,
          forWhom: pool.forWhom,
          evidence: [pool.evidence],
          occurredAt: isoDate(ms - this.prng.int(7, 30) * DAY_MS),
          question: pool.question,
          planId: this.planId(plan.key),
          indicatorIds: this.indicatorIds,
        },
        ms,
      );
    }
    if ((k + this.jp.index) % 4 === 2) {
      const activity = t.activities[k % t.activities.length] ?? 'Held a meeting';
      const ms = this.at(quarter, 70);
      this.journey(
        'ChangeReported',
        {
          changeId: this.id(`c${k}-activity`),
          whatChanged: activity,
          forWhom: 'The partnership',
          evidence: ['Meeting notes'],
          occurredAt: isoDate(ms - 3 * DAY_MS),
          question: 'how-much',
          activities: [activity],
        },
        ms,
      );
    }
  }
}
