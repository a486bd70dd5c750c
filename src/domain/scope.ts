import type { JourneyScope } from '../events/index.js';

/**
 * Scopes (docs/decisions.md, "Scopes"): a contributor limited to some journeys. A scope lists journeys, or names a
 * partner organisation, matched at each write against the journey's lead and partners as they are then (a journey
 * reframed to add the partner is in its scope from that moment; one reframed to drop it is out of it).
 */

/** A journey as a scope is matched against it: its lead and its partners now. */
export interface JourneyParties {
  journeyId: string;
  title: string;
  lead: string;
  partners: readonly string[];
}

/**
 * What the policy needs to know about journeys, read from the live projections by whoever builds the policy
 * (projections/scope-facts.ts): a journey's parties, and which journeys track an indicator (projections/links.ts).
 */
export interface JourneyDirectory {
  journey(journeyId: string): JourneyParties | null;
  /** The journeys that track an indicator now: its definition names them, or their plans, changes or decisions name it. */
  tracking(indicatorId: string): JourneyParties[];
  /** Every journey, in a stable order. */
  all(): JourneyParties[];
}

/** Organisations are matched as people write them: case, spacing and Unicode forms aside. */
export const sameOrganisation = (a: string, b: string): boolean => organisationKey(a) === organisationKey(b);
const organisationKey = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Whether a journey (as it is now) is within a scope; no scope is every journey. */
export function covers(scope: JourneyScope | undefined, journey: JourneyParties): boolean {
  if (scope === undefined) return true;
  if ('journeys' in scope) return scope.journeys.includes(journey.journeyId);
  return [journey.lead, ...journey.partners].some((who) => sameOrganisation(who, scope.partner));
}

/** The parties of a journey the directory does not know (yet): it names nobody, so only a list can hold it. */
export const unknownJourney = (journeyId: string): JourneyParties => ({
  journeyId,
  title: journeyId,
  lead: '',
  partners: [],
});
