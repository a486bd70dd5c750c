import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { IsoDate, Slug, Text } from '../primitives.js';
import { CONTRIBUTORS, J, list, opt } from './shared.js';

/** A journey's charter: charted, reframed, concluded. */
export const JourneyOutcome = z.enum(['achieved', 'partly-achieved', 'not-achieved', 'abandoned']);

const JourneyCharted = describeEvent({
  type: 'JourneyCharted',
  stream: 'journey',
  schema: z.strictObject({
    journeyId: Slug,
    title: Text,
    ambition: Text,
    horizon: IsoDate,
    lead: Text,
    outcomeArea: opt(Text),
    partners: opt(list(Text)),
  }),
  command: 'CharterJourney',
  subject: 'journeyId',
  route: { path: '/journeys', roles: CONTRIBUTORS, summary: 'Chart a journey' },
  sentence: (d, _names, { by }) => `${by} charted the journey “${d.title}” to ${d.horizon}, led by ${d.lead}`,
});

const JourneyReframed = describeEvent({
  type: 'JourneyReframed',
  stream: 'journey',
  schema: z.strictObject({
    reason: Text,
    title: opt(Text),
    ambition: opt(Text),
    horizon: opt(IsoDate),
    lead: opt(Text),
    partners: opt(list(Text)),
  }),
  command: 'ReframeJourney',
  route: {
    path: `${J}/reframe`,
    roles: CONTRIBUTORS,
    summary: 'Reframe a journey (title, ambition, horizon, lead, partners)',
  },
  sentence: (d, _names, { by }) => `${by} reframed the journey: ${d.reason}`,
});

const JourneyConcluded = describeEvent({
  type: 'JourneyConcluded',
  stream: 'journey',
  schema: z.strictObject({ reason: Text, outcome: JourneyOutcome }),
  command: 'ConcludeJourney',
  route: { path: `${J}/conclude`, roles: CONTRIBUTORS, summary: 'Conclude a journey' },
  sentence: (d, _names, { by }) => `${by} concluded the journey as ${d.outcome}: ${d.reason}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const CHARTER = [JourneyCharted, JourneyReframed, JourneyConcluded] as const;
