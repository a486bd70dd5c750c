import { SCRUTINY_OFFICER } from './city/index.js';
import { DAY_MS, isoDate, type Quarter } from './timeline.js';
import { DecisionScenes } from './script-decisions.js';

/** The voices of a journey's story: challenges and their answers, perspectives, lessons, and filler for benchmarks. */
export abstract class VoiceScenes extends DecisionScenes {
  protected challenges(quarter: Quarter, n: number): void {
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

  protected perspective(quarter: Quarter, n: number, key: string): void {
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

  protected lesson(quarter: Quarter, n: number): void {
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
  protected extra(quarter: Quarter, x: number): void {
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
