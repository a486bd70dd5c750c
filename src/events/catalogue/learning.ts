import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { ItemId, Text } from '../primitives.js';
import { CONTRIBUTORS, J, list, opt, SCRUTINEERS } from './shared.js';

/** Learning and voices: lessons harvested, perspectives voiced (both still welcome once a journey is concluded). */
export const Voice = z.enum(['community', 'frontline', 'partner', 'scrutiny', 'other']);
export const Stance = z.enum(['supports', 'challenges', 'neutral']);

const LessonHarvested = describeEvent({
  type: 'LessonHarvested',
  stream: 'journey',
  schema: z.strictObject({
    lessonId: ItemId,
    learned: Text,
    from: opt(list(Text)),
    implications: opt(Text),
    tags: opt(list(Text)),
  }),
  command: 'HarvestLesson',
  creates: 'lessonId',
  route: { path: `${J}/lessons`, roles: CONTRIBUTORS, summary: 'Harvest a lesson' },
  sentence: (d) => `Lesson: ${d.learned}`,
});

const PerspectiveVoiced = describeEvent({
  type: 'PerspectiveVoiced',
  stream: 'journey',
  schema: z.strictObject({
    perspectiveId: ItemId,
    voice: Voice,
    stance: Stance,
    statement: Text,
    about: opt(Text),
    speaker: opt(Text),
  }),
  command: 'VoicePerspective',
  creates: 'perspectiveId',
  route: {
    path: `${J}/perspectives`,
    roles: [...CONTRIBUTORS, ...SCRUTINEERS],
    summary: 'Record a perspective (community, frontline, partner, scrutiny)',
  },
  sentence: (d) => `A ${d.voice} voice ${d.stance === 'neutral' ? 'commented' : d.stance}: ${d.statement}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const LEARNING = [LessonHarvested, PerspectiveVoiced] as const;
