import { decided } from '../decider.js';
import { conflict } from '../errors.js';
import { PMap } from '../pmap.js';
import type { Area } from './area.js';

/** Lessons and perspectives: each id once; still welcome once the journey is concluded. */
export interface LearningMemory {
  lessons: PMap<string, true>;
  perspectives: PMap<string, true>;
}

export const learning: Area<
  LearningMemory,
  'LessonHarvested' | 'PerspectiveVoiced',
  'HarvestLesson' | 'VoicePerspective'
> = {
  memory: () => ({ lessons: PMap.empty(), perspectives: PMap.empty() }),
  evolve: {
    LessonHarvested: (m, d) => ({ lessons: m.lessons.set(d.lessonId, true), perspectives: m.perspectives }),
    PerspectiveVoiced: (m, d) => ({ lessons: m.lessons, perspectives: m.perspectives.set(d.perspectiveId, true) }),
  },
  rules: {
    HarvestLesson: (command, state, ctx) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const lessonId = data.lessonId ?? ctx.newId();
      if (state.lessons.has(lessonId))
        throw conflict(`lesson ${lessonId} already exists in journey ${journey}`, 'lessonId');
      return [decided('LessonHarvested', { ...data, lessonId })];
    },
    VoicePerspective: (command, state, ctx) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const perspectiveId = data.perspectiveId ?? ctx.newId();
      if (state.perspectives.has(perspectiveId))
        throw conflict(`perspective ${perspectiveId} already exists in journey ${journey}`, 'perspectiveId');
      return [decided('PerspectiveVoiced', { ...data, perspectiveId })];
    },
  },
};
