import type { JourneyTemplate } from './templates.js';
import { schoolReadiness } from './school-readiness.js';
import { healthyLifeExpectancyGap } from './healthy-life-expectancy-gap.js';
import { jobsAndSkills } from './jobs-and-skills.js';
import { saferNeighbourhoods } from './safer-neighbourhoods.js';
import { warmNetZeroHomes } from './warm-net-zero-homes.js';

export { DEMO_CITY, ILLUSTRATIVE, INSIGHT_TEAM, PARTNERSHIP_OFFICE, SCRUTINY_OFFICER } from './templates.js';
export type { BreakdownTemplate, IndicatorTemplate, JourneyTemplate } from './templates.js';

/** The demo city's journeys, one module each. */
export const JOURNEYS: readonly JourneyTemplate[] = [
  schoolReadiness,
  healthyLifeExpectancyGap,
  jobsAndSkills,
  saferNeighbourhoods,
  warmNetZeroHomes,
];

/** Every partner organisation of the demo's journeys, once each, sorted: `serve --demo` gives each a scoped contributor. */
export const DEMO_PARTNERS: readonly string[] = [...new Set(JOURNEYS.flatMap((j) => j.partners))].sort();

/** Localities used to name journeys beyond the first five when the generator is scaled up. */
export const LOCALITIES = [
  'north',
  'south',
  'east',
  'west',
  'central',
  'riverside',
  'hillfield',
  'oakmoor',
  'kingsway',
  'marsh-lane',
] as const;
