import type { Actor, LedgerEvent } from '../src/events/index.js';
import { internActor } from './intern.js';

/**
 * What the progress projection remembers of an indicator's groups and gaps (docs/decisions.md, "Gaps"): the
 * groups its figures are broken down by, and each gap with its target history. The groups' figures themselves are
 * measurements (progress.ts keeps them, a series per group). Mutates the records it is given, like progress.ts.
 */
interface PeriodValue {
  value: number;
  period: string;
}

export interface GroupRecord {
  groupId: string;
  name: string;
  addedBy: Actor;
  addedAt: string;
  /** The IndicatorDefined or IndicatorGroupAdded that declared it. */
  position: string;
}

export interface GapTargetRevisionRecord {
  gapId: string;
  from: PeriodValue;
  to: PeriodValue;
  reason: string;
  decidedBy: string;
  recordedBy: Actor;
  recordedAt: string;
  position: string;
}

export interface GapRecord {
  gapId: string;
  name: string;
  focusGroup: string;
  /** A groupId, or `all`: the whole-population series. */
  comparatorGroup: string;
  baseline: PeriodValue;
  /** The current target (the latest revision's). */
  target: PeriodValue;
  doNothing?: PeriodValue;
  definedBy: Actor;
  definedAt: string;
  position: string;
  targetRevisions: GapTargetRevisionRecord[];
}

/** The part of an indicator's record this module keeps. */
export interface GroupsAndGaps {
  /** In declaration order. */
  groups: GroupRecord[];
  /** In definition order. */
  gaps: Map<string, GapRecord>;
}

type Declaring = Extract<LedgerEvent, { type: 'IndicatorDefined' | 'IndicatorGroupAdded' }>;

/** The groups an indicator's definition declares. */
export const declaredGroups = (e: Extract<LedgerEvent, { type: 'IndicatorDefined' }>): GroupRecord[] =>
  (e.data.groups ?? []).map((g) => groupRecord(g, e));

const groupRecord = (g: { groupId: string; name: string }, e: Declaring): GroupRecord => ({
  groupId: g.groupId,
  name: g.name,
  addedBy: internActor(e.actor),
  addedAt: e.recordedAt,
  position: e.position,
});

/** Folds a group or gap event into the indicator's record (events of other types are not for it). */
export function noteGroupOrGap(ind: GroupsAndGaps, e: LedgerEvent): void {
  switch (e.type) {
    case 'IndicatorGroupAdded':
      if (!ind.groups.some((g) => g.groupId === e.data.groupId)) ind.groups.push(groupRecord(e.data, e));
      return;
    case 'GapDefined': {
      const d = e.data;
      ind.gaps.set(d.gapId, {
        gapId: d.gapId,
        name: d.name,
        focusGroup: d.focusGroup,
        comparatorGroup: d.comparatorGroup,
        baseline: d.baseline,
        target: d.target,
        ...(d.doNothing === undefined ? {} : { doNothing: d.doNothing }),
        definedBy: internActor(e.actor),
        definedAt: e.recordedAt,
        position: e.position,
        targetRevisions: [],
      });
      return;
    }
    case 'GapTargetRevised': {
      const gap = ind.gaps.get(e.data.gapId);
      if (!gap) return;
      gap.targetRevisions.push({
        gapId: gap.gapId,
        from: gap.target,
        to: e.data.target,
        reason: e.data.reason,
        decidedBy: e.data.decidedBy,
        recordedBy: internActor(e.actor),
        recordedAt: e.recordedAt,
        position: e.position,
      });
      gap.target = e.data.target;
      return;
    }
    default:
      return;
  }
}
