import { decided, type DecideContext, type Decided } from '../decider.js';
import { conflict } from '../errors.js';
import type { CommandOfType } from './rules.js';
import type { JourneyState } from './state.js';

/** Lessons and perspectives: each id once; still welcome once the journey is concluded. */
export function decideLearning(
  command: CommandOfType<'HarvestLesson' | 'VoicePerspective'>,
  state: JourneyState,
  ctx: DecideContext,
): Decided[] {
  const journey = command.journeyId;
  switch (command.type) {
    case 'HarvestLesson': {
      const { type: _t, journeyId: _j, ...data } = command;
      const lessonId = data.lessonId ?? ctx.newId();
      if (state.lessons.has(lessonId))
        throw conflict(`lesson ${lessonId} already exists in journey ${journey}`, 'lessonId');
      return [decided('LessonHarvested', { ...data, lessonId })];
    }
    case 'VoicePerspective': {
      const { type: _t, journeyId: _j, ...data } = command;
      const perspectiveId = data.perspectiveId ?? ctx.newId();
      if (state.perspectives.has(perspectiveId))
        throw conflict(`perspective ${perspectiveId} already exists in journey ${journey}`, 'perspectiveId');
      return [decided('PerspectiveVoiced', { ...data, perspectiveId })];
    }
  }
}
