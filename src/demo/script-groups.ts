import { streamIds } from '../events/index.js';
import { ILLUSTRATIVE, INSIGHT_TEAM, PARTNERSHIP_OFFICE, type BreakdownTemplate } from './city/index.js';
import { HOUR_MS } from './script-base.js';
import { VoiceScenes } from './script-voices.js';
import { gapValue, type Quarter } from './timeline.js';

/**
 * Figures by group and the gap between them (docs/decisions.md, "Gaps"): the groups declared with the indicator or
 * added later, the gap defined once its groups exist, each group's figure recorded beside the whole population's,
 * and a gap target revised part-way through.
 */
export abstract class GroupScenes extends VoiceScenes {
  /** The gap's definition, with the indicator's baseline period and the horizon as its target's. */
  protected defineGap(indicatorId: string, b: BreakdownTemplate, ms: number): void {
    const g = b.gap;
    this.push(
      'GapDefined',
      streamIds.indicator(indicatorId),
      {
        gapId: g.gapId,
        name: g.name,
        focusGroup: g.focusGroup,
        comparatorGroup: g.comparatorGroup,
        baseline: { value: g.baseline, period: `${this.ctx.startYear - 1}` },
        target: { value: g.target, period: `${this.ctx.endYear}` },
        ...(g.doNothing === undefined ? {} : { doNothing: { value: g.doNothing, period: `${this.ctx.endYear}` } }),
      },
      INSIGHT_TEAM,
      ms,
    );
  }

  /** Groups added part-way through (a breakdown first published later), and their gap. */
  protected addGroups(quarter: Quarter): void {
    for (const { indicatorId, template: it } of this.jp.indicators) {
      const b = it.breakdown;
      if (!b || b.addedInQuarter !== quarter.index) continue;
      const ms = this.at(quarter, 10);
      for (const g of b.groups) this.push('IndicatorGroupAdded', streamIds.indicator(indicatorId), g, INSIGHT_TEAM, ms);
      this.defineGap(indicatorId, b, ms + HOUR_MS);
    }
  }

  /** Are the indicator's groups declared by this quarter? */
  protected grouped(b: BreakdownTemplate | undefined, quarter: Quarter): b is BreakdownTemplate {
    return b !== undefined && quarter.index >= (b.addedInQuarter ?? 0);
  }

  /**
   * Each group's figure for a period, around the whole population's: with `all` as comparator the focus group sits
   * a gap behind it; with a comparator group, the gap is split around it (`focusShare` of it behind).
   */
  protected groupFigures(
    indicatorId: string,
    direction: 'increase' | 'decrease',
    decimals: number,
    b: BreakdownTemplate,
    period: string,
    whole: number,
    fraction: number,
    ms: number,
  ): void {
    const g = b.gap;
    const gap = gapValue(g, fraction, this.prng.noise(1), decimals);
    const behind = direction === 'increase' ? -1 : 1;
    const f = 10 ** decimals;
    const round = (x: number) => Math.round(x * f) / f;
    const share = g.comparatorGroup === 'all' ? 1 : (g.focusShare ?? 0.5);
    const values = new Map<string, number>([[g.focusGroup, round(whole + behind * gap * share)]]);
    if (g.comparatorGroup !== 'all') values.set(g.comparatorGroup, round(whole - behind * gap * (1 - share)));
    let at = ms;
    for (const [group, value] of values) {
      at += HOUR_MS;
      this.push(
        'MeasurementRecorded',
        streamIds.indicator(indicatorId),
        {
          measurementId: `${indicatorId}-${group}-${period.toLowerCase()}`,
          period,
          value,
          group,
          source: ILLUSTRATIVE,
        },
        INSIGHT_TEAM,
        at,
      );
    }
  }

  protected gapTargetRevision(quarter: Quarter): void {
    for (const { indicatorId, template: it } of this.jp.indicators) {
      const revised = it.breakdown?.gap.revisedTarget;
      if (!revised || !this.grouped(it.breakdown, quarter)) continue;
      this.push(
        'GapTargetRevised',
        streamIds.indicator(indicatorId),
        {
          gapId: it.breakdown.gap.gapId,
          target: { value: revised.value, period: `${this.ctx.endYear}` },
          reason: revised.reason,
          decidedBy: revised.decidedBy,
        },
        PARTNERSHIP_OFFICE,
        this.at(quarter, 52),
      );
    }
  }
}
