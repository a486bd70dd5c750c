import type { Actor, EventData, EventType } from '../events/index.js';
import { streamIds } from '../events/index.js';
import { ILLUSTRATIVE, INSIGHT_TEAM, PARTNERSHIP_OFFICE, SCRUTINY_OFFICER } from './city/index.js';
import type { Prng } from './prng.js';
import {
  DAY_MS,
  isoDate,
  quarterEndMs,
  trajectoryValue,
  type Draft,
  type JourneyPlan,
  type Quarter,
} from './timeline.js';

export interface ScriptContext {
  startYear: number;
  /** The horizon year: targets are for this year, journeys' horizon is its last day. */
  endYear: number;
  quarters: Quarter[];
  /** Extra changes and perspectives per journey per quarter, to scale the ledger for benchmarks. */
  extraPerQuarter: number;
}

const HOUR_MS = 3_600_000;
const periodLabelOf = (q: Quarter): string => `Q${q.q} ${q.year}`;
const CORRECTION_REASONS = [
  'Late returns from two providers added',
  'Duplicate records removed after data cleansing',
  'Provider resubmitted its figures',
];

/**
 * The story of one journey, told a quarter at a time. Every quarter yields the drafts that quarter starts;
 * a draft may be dated later (an answer weeks after a challenge) and the generator holds it until its time.
 */
export class JourneyScript {
  private readonly out: Draft[] = [];
  private readonly changeIds: string[] = [];
  private readonly decisionIds: string[] = [];
  private readonly journeyStream: string;

  constructor(
    private readonly jp: JourneyPlan,
    private readonly ctx: ScriptContext,
    private readonly prng: Prng,
  ) {
    this.journeyStream = streamIds.journey(jp.journeyId);
  }

  private push<T extends EventType>(type: T, streamId: string, data: EventData<T>, actor: Actor, ms: number): void {
    this.out.push({ type, streamId, data, actor, ms });
  }
  private journey<T extends EventType>(
    type: T,
    data: EventData<T>,
    ms: number,
    actor: Actor = this.jp.template.manager,
  ): void {
    this.push(type, this.journeyStream, data, actor, ms);
  }
  /** A moment `day` days into the quarter, in office hours. */
  private at(quarter: Quarter, day: number): number {
    return quarter.startMs + day * DAY_MS + this.prng.int(8, 17) * HOUR_MS + this.prng.int(0, 59) * 60_000;
  }
  private id(kind: string): string {
    return `${this.jp.journeyId}-${kind}`;
  }
  private planId(key: string): string {
    return this.jp.planIds.get(key) ?? this.id(key);
  }
  private get indicatorIds(): string[] {
    return this.jp.indicators.map((i) => i.indicatorId);
  }
  private fraction(ms: number): number {
    const from = Date.UTC(this.ctx.startYear - 1, 11, 31);
    return (ms - from) / (Date.UTC(this.ctx.endYear, 11, 31) - from);
  }

  quarter(quarter: Quarter): Draft[] {
    this.out.length = 0;
    const k = quarter.index;
    const n = this.ctx.quarters.length;
    const kind = this.jp.index % 5;
    if (k === 0) this.charter(quarter);
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
        },
        INSIGHT_TEAM,
        this.at(quarter, day + 1),
      );
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
      const value = trajectoryValue(it, this.fraction(endMs), this.prng.noise(1));
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

  private decision(quarter: Quarter, which: number, seq: number): void {
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

  private review(quarter: Quarter): void {
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
  private reviewPlan(quarter: Quarter): void {
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

  private revisePlan(quarter: Quarter): void {
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

  private challenges(quarter: Quarter, n: number): void {
    const k = quarter.index;
    const pool = this.jp.template.challenges;
    const slot = k === n - 2 ? 2 : k >= 4 && (k + this.jp.index) % 4 === 0 ? (k >> 2) % 2 : -1;
    const changeId = this.changeIds[this.changeIds.length - 1];
    if (slot < 0 || !changeId) return;
    const c = pool[slot % pool.length];
    if (!c) return;
    const challengeId = this.id(`ch${k}`);
    const ms = this.at(quarter, 72);
    const challenge =
      slot === 2 ? 'What share of this change would have happened anyway, without the plan?' : c.challenge;
    this.journey('ChangeChallenged', { changeId, challengeId, challenge }, ms, SCRUTINY_OFFICER);
    // The last challenge is left unanswered: an open challenge for the reports to call out.
    if (slot < 2)
      this.journey(
        'ChallengeAnswered',
        { changeId, challengeId, answer: c.answer, upheld: c.upheld },
        ms + this.prng.int(20, 40) * DAY_MS,
      );
  }

  private perspective(quarter: Quarter, n: number, key: string): void {
    const p = this.jp.template.perspectives[n % this.jp.template.perspectives.length];
    if (!p) return;
    this.journey(
      'PerspectiveVoiced',
      {
        perspectiveId: this.id(key),
        voice: p.voice,
        stance: p.stance,
        statement: p.statement,
        speaker: p.speaker,
        about: this.changeIds[this.changeIds.length - 1] ?? this.jp.journeyId,
      },
      this.at(quarter, 80),
      p.voice === 'community' ? SCRUTINY_OFFICER : this.jp.template.manager,
    );
  }

  private lesson(quarter: Quarter, n: number): void {
    const learned = this.jp.template.lessons[n];
    if (!learned) return;
    this.journey(
      'LessonHarvested',
      {
        lessonId: this.id(`l${n + 1}`),
        learned,
        from: this.changeIds.slice(-2),
        implications: 'Build this into the next plan review',
        tags: [this.jp.template.key, n === 0 ? 'delivery' : 'data'],
      },
      this.at(quarter, 85),
    );
  }

  /** Scale filler for benchmarks: more changes and perspectives, same shapes. */
  private extra(quarter: Quarter, x: number): void {
    const t = this.jp.template;
    const ms = quarter.startMs + Math.floor(((x + 1) / (this.ctx.extraPerQuarter + 1)) * 88 * DAY_MS);
    if (x % 2 === 0) {
      const pool = t.changes[x % t.changes.length];
      const plan = t.plans[x % t.plans.length];
      if (!pool || !plan) return;
      this.journey(
        'ChangeReported',
        {
          changeId: this.id(`x${quarter.index}-${x}`),
          whatChanged: pool.whatChanged,
          forWhom: pool.forWhom,
          evidence: [pool.evidence],
          occurredAt: isoDate(ms - DAY_MS),
          question: pool.question,
          planId: this.planId(plan.key),
          indicatorIds: this.indicatorIds,
        },
        ms,
      );
    } else {
      const p = t.perspectives[x % t.perspectives.length];
      if (!p) return;
      this.journey(
        'PerspectiveVoiced',
        {
          perspectiveId: this.id(`x${quarter.index}-${x}`),
          voice: p.voice,
          stance: p.stance,
          statement: p.statement,
          speaker: p.speaker,
        },
        ms,
      );
    }
  }
}
