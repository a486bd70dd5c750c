import type { LedgerEvent } from '../src/events/envelope.js';

/**
 * Which indicators a journey tracks (DESIGN is silent on the exact rule; this is the one place it is decided):
 * an indicator is linked to a journey, from the event on and for good, by
 *   - IndicatorDefined.journeyIds naming the journey,
 *   - a plan of the journey listing it (PlanAdopted / PlanRevised.indicatorIds),
 *   - a change reported in the journey listing it (ChangeReported.indicatorIds),
 *   - a decision of the journey expecting an effect on it (DecisionTaken.expectedEffect[].indicatorId).
 * Links are never removed (a withdrawn plan's indicators stay part of the journey's history), so the links known
 * now are a superset of the links at any earlier cut: on-demand replay may read the streams linked now and
 * still fold exactly what the cut held.
 */
export type LinkIndex = Map<string, Set<string>>;

export const JOURNEY_PREFIX = 'journey-';
export const INDICATOR_PREFIX = 'indicator-';

/** The journey id of a journey-stream event, the indicator id of an indicator-stream event. */
export const keyOf = (streamId: string, prefix: string): string => streamId.slice(prefix.length);

function link(index: LinkIndex, journeyId: string, indicatorId: string): void {
  let set = index.get(journeyId);
  if (!set) index.set(journeyId, (set = new Set()));
  set.add(indicatorId);
}

/** Records the links an event makes. Mutates `index` (owned by the projection that calls it). */
export function noteLinks(index: LinkIndex, e: LedgerEvent): void {
  switch (e.type) {
    case 'IndicatorDefined':
      for (const j of e.data.journeyIds ?? []) link(index, j, e.data.indicatorId);
      return;
    case 'PlanAdopted':
    case 'PlanRevised':
    case 'ChangeReported': {
      const ids = e.data.indicatorIds;
      if (ids && ids.length > 0) {
        const journeyId = keyOf(e.streamId, JOURNEY_PREFIX);
        for (const i of ids) link(index, journeyId, i);
      }
      return;
    }
    case 'DecisionTaken': {
      const effects = e.data.expectedEffect;
      if (effects && effects.length > 0) {
        const journeyId = keyOf(e.streamId, JOURNEY_PREFIX);
        for (const x of effects) link(index, journeyId, x.indicatorId);
      }
      return;
    }
    default:
      return;
  }
}

/** The ids a journey tracks, sorted (a stable order for every view and report). */
export const linkedIndicators = (index: LinkIndex, journeyId: string): string[] =>
  [...(index.get(journeyId) ?? [])].sort();
