import type { LedgerProjections } from './index.js';
import type { JourneyRecord } from './city-overview.js';

/**
 * What the access policy asks about journeys to place a write in a contributor's scope (src/domain/scope.ts,
 * docs/decisions.md "Scopes"), answered from projected states: a journey's lead and partners as they are now,
 * and the journeys that track an indicator (links.ts: its definition names them, or their plans, changes or
 * decisions name it). `states` is read at each question, so the live runtime's states answer as they move.
 */
export interface JourneyFacts {
  journeyId: string;
  title: string;
  lead: string;
  partners: readonly string[];
}

const factsOf = (j: JourneyRecord): JourneyFacts => ({
  journeyId: j.journeyId,
  title: j.title,
  lead: j.lead,
  partners: j.partners,
});

export function journeyFacts(states: () => LedgerProjections) {
  return {
    journey(journeyId: string): JourneyFacts | null {
      const j = states().overview.journeys.get(journeyId);
      return j ? factsOf(j) : null;
    },
    tracking(indicatorId: string): JourneyFacts[] {
      const s = states();
      const out: JourneyFacts[] = [];
      for (const [journeyId, indicators] of s.progress.links) {
        const j = indicators.has(indicatorId) ? s.overview.journeys.get(journeyId) : undefined;
        if (j) out.push(factsOf(j));
      }
      return out.sort((a, b) => a.journeyId.localeCompare(b.journeyId));
    },
    all(): JourneyFacts[] {
      return [...states().overview.journeys.values()]
        .map(factsOf)
        .sort((a, b) => a.journeyId.localeCompare(b.journeyId));
    },
  };
}
