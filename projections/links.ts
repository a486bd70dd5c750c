import { descriptorOf, keyIn, type LedgerEvent } from '../src/events/index.js';

/**
 * Which indicators a journey tracks (docs/decisions.md, "Which indicators a journey tracks"): an indicator is
 * linked to a journey, from the event on and for good, by every reference its descriptor declares (src/events):
 * an indicator's definition naming journeys, and a journey event naming indicators (a plan's or a change's
 * indicatorIds, a decision's expected effects). Links are never removed (a withdrawn plan's indicators stay part
 * of the journey's history), so the links known now are a superset of the links at any earlier cut: on-demand
 * replay may read the streams linked now and still fold exactly what the cut held.
 */
export type LinkIndex = Map<string, Set<string>>;

function link(index: LinkIndex, journeyId: string, indicatorId: string): void {
  let set = index.get(journeyId);
  if (!set) index.set(journeyId, (set = new Set()));
  set.add(indicatorId);
}

/** Records the links an event makes. Mutates `index` (owned by the projection that calls it). */
export function noteLinks(index: LinkIndex, e: LedgerEvent): void {
  const refs = descriptorOf(e.type).references?.(e.data as never);
  if (refs === undefined) return;
  if (refs.indicators && refs.indicators.length > 0) {
    const journeyId = keyIn('journey', e.streamId);
    if (journeyId !== null) for (const i of refs.indicators) link(index, journeyId, i);
  }
  if (refs.journeys && refs.journeys.length > 0) {
    const indicatorId = keyIn('indicator', e.streamId);
    if (indicatorId !== null) for (const j of refs.journeys) link(index, j, indicatorId);
  }
}

/** The ids a journey tracks, sorted (a stable order for every view and report). */
export const linkedIndicators = (index: LinkIndex, journeyId: string): string[] =>
  [...(index.get(journeyId) ?? [])].sort();
