import type { AuditState } from '../../projections/audit-records.js';
import { indicatorGaps } from '../../projections/gap-progress.js';
import { progress, type ProgressState } from '../../projections/progress.js';
import { gapKey, type Standing } from '../../projections/report-standing.js';
import { inWindow, type TimeWindow } from '../events/index.js';
import { decimalsOf, formatDifference, formatValue, longDate, periodLabel } from '../present/format.js';
import { STATUS } from '../present/labels.js';
import { listJoin, lowerFirst } from '../present/words.js';
import { gapPointPositions } from './gap-sentences.js';
import type { Cite, Sentence } from './sentences.js';

/**
 * "What moved since the previous report": the report opens with it. Statuses that moved (indicators and gaps), the
 * indicators with a new or corrected figure, the gaps that narrowed or widened, the targets revised and the
 * decisions called in, each cited. Where things stood before is the previous quarter's standing
 * (projections/report-standing.ts), read at that quarter's end, as that report read it.
 */
export interface MovedInput {
  progress: ProgressState;
  audit: AuditState;
  previous: Standing;
  window: TimeWindow;
  referenceDay: string;
  /** The journeys in report order, with the indicators each tracks. */
  journeys: { journeyId: string; title: string; indicatorIds: string[] }[];
}

const cite = (journeyId: string, positions: readonly (string | undefined)[]): Cite[] =>
  positions.filter((p): p is string => typeof p === 'string').map((position) => ({ journeyId, position }));
const item = (text: string, cites: Cite[]): Sentence => ({ text, cites });
interface Revision {
  from: { value: number; period: string };
  to: { value: number; period: string };
  recordedAt: string;
  position: string;
}
/**
 * The target revisions recorded in the window, of an indicator or a gap, each citing itself and what it replaced (the
 * definition's target, or the revision before it).
 */
const revisedTargets = (
  what: string,
  revisions: readonly Revision[],
  defined: string,
  within: (instant: string) => boolean,
  fmt: (n: number) => string,
  journeyId: string,
): Sentence[] =>
  revisions.flatMap((r, i) =>
    within(r.recordedAt)
      ? [
          item(
            `The target for ${what} was revised from ${fmt(r.from.value)} by ${r.from.period.slice(0, 4)} to ${fmt(r.to.value)} by ${r.to.period.slice(0, 4)}.`,
            cite(journeyId, [i === 0 ? defined : revisions[i - 1]?.position, r.position]),
          ),
        ]
      : [],
  );

export function movedSentences(m: MovedInput): Sentence[] {
  const out: Sentence[] = [];
  const seen = new Set<string>();
  const within = (instant: string) => inWindow(instant, m.window);
  for (const j of m.journeys) {
    for (const id of j.indicatorIds) {
      // An indicator several journeys track is said once, under the first of them.
      if (seen.has(id)) continue;
      seen.add(id);
      const ind = progress.query.record(m.progress, id);
      const now = progress.query.indicator(m.progress, id, m.referenceDay);
      if (!ind || !now) continue;
      const name = `“${ind.name}”`;
      const dp = Math.max(
        ...[ind.baseline.value, ind.target.value, ...ind.measurements.map((x) => x.value)].map(decimalsOf),
      );
      const v = (n: number) => formatValue(n, ind.unit, dp);
      const before = m.previous.indicators.get(id);
      if (before === undefined)
        out.push(item(`${name} (${j.title}) was defined this quarter.`, cite(j.journeyId, [ind.position])));
      else if (before !== now.status)
        out.push(
          item(
            `${name} (${j.title}) moved from ${STATUS[before].is} to ${STATUS[now.status].is}.`,
            cite(j.journeyId, [ind.position, ind.targetRevisions.at(-1)?.position, now.latest?.position]),
          ),
        );
      const fresh = ind.measurements.filter((x) => within(x.recordedAt));
      if (fresh.length > 0)
        out.push(
          item(
            `A new figure for ${name}: ${listJoin(fresh.map((x) => `${v(x.recordedValue)} for ${periodLabel(x.period)}`))}.`,
            cite(
              j.journeyId,
              fresh.map((x) => x.position),
            ),
          ),
        );
      const groupsNew = [...ind.groupSeries.entries()]
        .map(([groupId, xs]) => ({ groupId, xs: xs.filter((x) => within(x.recordedAt)) }))
        .filter((g) => g.xs.length > 0);
      if (groupsNew.length > 0)
        out.push(
          item(
            `New figures by group for ${name}: ${groupsNew.flatMap((g) => g.xs.map((x) => `${lowerFirst(ind.groups.find((gr) => gr.groupId === g.groupId)?.name ?? 'a group')}, ${v(x.recordedValue)} for ${periodLabel(x.period)}`)).join('; ')}.`,
            cite(
              j.journeyId,
              groupsNew.flatMap((g) => g.xs.map((x) => x.position)),
            ),
          ),
        );
      const corrections = [...ind.measurements, ...[...ind.groupSeries.values()].flat()].flatMap((x) =>
        x.corrections.filter((c) => within(c.recordedAt)).map((c) => ({ x, c })),
      );
      for (const { x, c } of corrections)
        out.push(
          item(
            `The ${periodLabel(x.period)} figure for ${name}${x.group ? ` (${lowerFirst(ind.groups.find((gr) => gr.groupId === x.group)?.name ?? 'a group')})` : ''} was corrected from ${v(c.from)} to ${v(c.to)}: ${c.reason.replace(/\.$/, '')}.`,
            cite(j.journeyId, [x.position, c.position]),
          ),
        );
      out.push(...revisedTargets(name, ind.targetRevisions, ind.position, within, v, j.journeyId));
      if (ind.gaps.size === 0) continue;
      for (const g of indicatorGaps(ind, m.referenceDay).gaps) {
        const then = m.previous.gaps.get(gapKey(id, g.gapId));
        const d = (n: number) => formatDifference(n, ind.unit, dp);
        const gapName = `the gap “${g.name}”`;
        const GapName = `The gap “${g.name}”`;
        const l = g.latest;
        if (then?.latest && l && (then.latest.period !== l.period || then.latest.value !== l.gap)) {
          const was = `${d(then.latest.value)} (${periodLabel(then.latest.period)})`;
          const is = `${d(l.gap)} (${periodLabel(l.period)})`;
          const text =
            l.gap === then.latest.value
              ? `${GapName} held at ${is}, as in ${periodLabel(then.latest.period)}.`
              : `${GapName} ${l.gap < then.latest.value ? 'narrowed' : 'widened'} from ${was} to ${is}.`;
          out.push(item(text, cite(j.journeyId, [g.position, ...then.latest.positions, ...gapPointPositions(l)])));
        } else if (!then?.latest && l)
          out.push(
            item(
              `${GapName} has its first figure: ${d(l.gap)} in ${periodLabel(l.period)}.`,
              cite(j.journeyId, [g.position, ...gapPointPositions(l)]),
            ),
          );
        if (then && then.status !== g.status)
          out.push(
            item(
              `${GapName} moved from ${STATUS[then.status].is} to ${STATUS[g.status].is}.`,
              cite(j.journeyId, [g.position, g.targetRevisions.at(-1)?.position, ...(l ? gapPointPositions(l) : [])]),
            ),
          );
        out.push(...revisedTargets(gapName, g.targetRevisions, g.position, within, d, j.journeyId));
      }
    }
    for (const d of m.audit.journeys.get(j.journeyId)?.decisions.values() ?? []) {
      const c = d.calledIn;
      if (c && within(c.recordedAt))
        out.push(
          item(
            `The decision of ${longDate(d.data.decidedAt)} to ${lowerFirst(d.data.summary).replace(/\.$/, '')} (${j.title}) was called in by ${c.calledInBy}.`,
            cite(j.journeyId, [d.recorded.position, c.position]),
          ),
        );
    }
  }
  return out;
}
