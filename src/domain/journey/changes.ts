import { dayOf } from '../../events/index.js';
import { decided } from '../decider.js';
import { conflict, notFound } from '../errors.js';
import { PMap } from '../pmap.js';
import type { Area } from './area.js';
import { planKnown, type PlanMemory } from './plans.js';
import { indicatorKnown, missing, refuseIfAny } from './rules.js';

/** Changes: reported once they have happened; challenged; each challenge answered once. */
export interface ChangeFacts {
  challenges: ReadonlyMap<string, { answered: boolean }>;
}
export interface ChangeMemory {
  changes: PMap<string, ChangeFacts>;
  /** challengeId → changeId: challenge ids are unique across the journey. */
  challenges: PMap<string, string>;
}

const update = <K, V>(m: PMap<K, V>, k: K, f: (v: V) => V): PMap<K, V> => {
  const v = m.get(k);
  return v === undefined ? m : m.set(k, f(v));
};
/** A change's own challenges are few: a plain Map copy is fine there. */
const putSmall = <K, V>(m: ReadonlyMap<K, V>, k: K, v: V): ReadonlyMap<K, V> => new Map(m).set(k, v);

export const changes: Area<
  ChangeMemory,
  'ChangeReported' | 'ChangeChallenged' | 'ChallengeAnswered',
  'ReportChange' | 'ChallengeChange' | 'AnswerChallenge',
  ChangeMemory & PlanMemory
> = {
  memory: () => ({ changes: PMap.empty(), challenges: PMap.empty() }),
  evolve: {
    ChangeReported: (m, d) => ({
      changes: m.changes.set(d.changeId, { challenges: new Map() }),
      challenges: m.challenges,
    }),
    ChangeChallenged: (m, { changeId, challengeId }) => ({
      changes: update(m.changes, changeId, (c) => ({
        challenges: putSmall(c.challenges, challengeId, { answered: false }),
      })),
      challenges: m.challenges.set(challengeId, changeId),
    }),
    ChallengeAnswered: (m, { changeId, challengeId }) => ({
      changes: update(m.changes, changeId, (c) => ({
        challenges: putSmall(c.challenges, challengeId, { answered: true }),
      })),
      challenges: m.challenges,
    }),
  },
  rules: {
    ReportChange: (command, state, ctx) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const changeId = data.changeId ?? ctx.newId();
      if (state.changes.has(changeId))
        throw conflict(`change ${changeId} already exists in journey ${journey}`, 'changeId');
      refuseIfAny([
        ...(data.planId !== undefined && !planKnown(state)(data.planId)
          ? [{ path: 'planId', message: `plan ${data.planId} does not exist in journey ${journey}` }]
          : []),
        ...missing(data.indicatorIds, indicatorKnown(ctx), 'indicatorIds', 'indicator'),
        ...(data.occurredAt > dayOf(ctx.now)
          ? [
              {
                path: 'occurredAt',
                message: 'a change cannot be reported before it has happened (occurredAt is in the future)',
              },
            ]
          : []),
      ]);
      return [decided('ChangeReported', { ...data, changeId })];
    },
    ChallengeChange: (command, state, ctx) => {
      const { type: _t, journeyId: journey, ...data } = command;
      if (!state.changes.has(data.changeId))
        throw notFound(`change ${data.changeId} does not exist in journey ${journey}`, 'changeId');
      const challengeId = data.challengeId ?? ctx.newId();
      if (state.challenges.has(challengeId))
        throw conflict(`challenge ${challengeId} already exists in journey ${journey}`, 'challengeId');
      return [decided('ChangeChallenged', { ...data, challengeId })];
    },
    AnswerChallenge: (command, state) => {
      const { type: _t, journeyId: journey, ...data } = command;
      const change = state.changes.get(data.changeId);
      if (!change) throw notFound(`change ${data.changeId} does not exist in journey ${journey}`, 'changeId');
      const challenge = change.challenges.get(data.challengeId);
      if (!challenge)
        throw notFound(`challenge ${data.challengeId} of change ${data.changeId} does not exist`, 'challengeId');
      if (challenge.answered) throw conflict(`challenge ${data.challengeId} has already been answered`, 'challengeId');
      return [decided('ChallengeAnswered', data)];
    },
  },
};
