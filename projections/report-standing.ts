import { accountability, type AccountabilityState } from './accountability.js';
import { indicatorGaps } from './gap-progress.js';
import type { IndicatorStatus } from './progress-math.js';
import { progress, type ProgressState } from './progress.js';

/**
 * Where things stood at the end of the previous quarter, as the report of that quarter read them: each indicator's
 * and each gap's status, each gap's latest point, and which accountabilities were overdue. A quarterly report
 * compares it with where things stand now to say what moved, and to say an item overdue in both only as "still
 * overdue" (docs/decisions.md, "Reports"). A small copy, taken once when the report's fold passes the previous
 * quarter's end: the reducers' states are mutated in place and cannot be kept.
 */
export interface GapStanding {
  status: IndicatorStatus;
  /** The latest gap point then, with the positions of the figures behind it. */
  latest: { period: string; value: number; positions: string[] } | null;
}
export interface Standing {
  referenceDay: string;
  indicators: Map<string, IndicatorStatus>;
  /** By `${indicatorId}/${gapId}`. */
  gaps: Map<string, GapStanding>;
  /** Overdue accountabilities, by `${journeyId}/${accountabilityId}`. */
  overdue: Set<string>;
}

export const gapKey = (indicatorId: string, gapId: string): string => `${indicatorId}/${gapId}`;
export const accountabilityKey = (journeyId: string, accountabilityId: string): string =>
  `${journeyId}/${accountabilityId}`;

export function standingOf(p: ProgressState, a: AccountabilityState, referenceDay: string): Standing {
  const indicators = new Map<string, IndicatorStatus>();
  const gaps = new Map<string, GapStanding>();
  for (const [id, ind] of p.indicators) {
    const figures = progress.query.indicator(p, id, referenceDay);
    if (figures) indicators.set(id, figures.status);
    if (ind.gaps.size === 0) continue;
    for (const g of indicatorGaps(ind, referenceDay).gaps) {
      const l = g.latest;
      gaps.set(gapKey(id, g.gapId), {
        status: g.status,
        latest: l
          ? {
              period: l.period,
              value: l.gap,
              positions: [l.sources.focus, l.sources.comparator].flatMap((s) => [s.position, ...s.correctionPositions]),
            }
          : null,
      });
    }
  }
  const overdue = new Set(
    accountability.query
      .register(a, referenceDay, { status: 'overdue' })
      .filter((x) => x.kind === 'accountability')
      .map((x) => accountabilityKey(x.journeyId, x.id)),
  );
  return { referenceDay, indicators, gaps, overdue };
}
