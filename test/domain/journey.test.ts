import { describe, it } from 'vitest';
import {
  accountabilityAssigned,
  accountabilityDischarged,
  callInConcluded,
  calledIn,
  challengeAnswered,
  changeChallenged,
  changeReported,
  decisionSuperseded,
  decisionTaken,
  ev,
  given,
  journeyCharted,
  journeyConcluded,
  lessonHarvested,
  perspectiveVoiced,
  planAdopted,
  planWithdrawn,
} from './given.js';

const j = 'j1';
const charted = [journeyCharted(j)];

describe('charting and reframing a journey', () => {
  it('charts a new journey', () =>
    given([])
      .when({ type: 'CharterJourney', journeyId: j, title: 'T', ambition: 'A', horizon: '2030-12-31', lead: 'L' })
      .thenEmits(ev('JourneyCharted', { journeyId: j, title: 'T', ambition: 'A', horizon: '2030-12-31', lead: 'L' })));

  it('refuses to chart a journey id that already exists (409)', () =>
    given(charted)
      .when({ type: 'CharterJourney', journeyId: j, title: 'T', ambition: 'A', horizon: '2030-12-31', lead: 'L' })
      .thenThrows('conflict', /journey j1 already exists/, 'journeyId'));

  it('refuses any item for a journey that does not exist (404)', () =>
    given([])
      .when({ type: 'HarvestLesson', journeyId: j, learned: 'x' })
      .thenThrows('not-found', /journey j1 does not exist/, 'journeyId'));

  it('reframes with a reason and at least one change', () =>
    given(charted)
      .when({ type: 'ReframeJourney', journeyId: j, reason: 'new data', horizon: '2028-12-31' })
      .thenEmits(ev('JourneyReframed', { reason: 'new data', horizon: '2028-12-31' })));

  it('refuses a reframing that changes nothing', () =>
    given(charted)
      .when({ type: 'ReframeJourney', journeyId: j, reason: 'just because' })
      .thenThrows('invalid', /at least one of title/));
});

describe('a concluded journey', () => {
  const concluded = [...charted, planAdopted('p1'), journeyConcluded()];
  it('refuses new plans, decisions and changes (409)', () => {
    given(concluded)
      .when({ type: 'AdoptPlan', journeyId: j, intent: 'i', owner: 'o', accountableTo: 'a' })
      .thenThrows('conflict', /concluded/);
    given(concluded)
      .when({
        type: 'ReportChange',
        journeyId: j,
        whatChanged: 'w',
        forWhom: 'f',
        evidence: ['e'],
        occurredAt: '2026-01-01',
        question: 'better-off',
      })
      .thenThrows('conflict', /only lessons and perspectives/);
    given(concluded)
      .when({ type: 'ConcludeJourney', journeyId: j, reason: 'again', outcome: 'achieved' })
      .thenThrows('conflict', /concluded/);
  });
  it('still accepts lessons', () =>
    given(concluded)
      .when({ type: 'HarvestLesson', journeyId: j, lessonId: 'l1', learned: 'looking back' })
      .thenEmits(ev('LessonHarvested', { lessonId: 'l1', learned: 'looking back' })));
  it('still accepts perspectives', () =>
    given(concluded)
      .when({ type: 'VoicePerspective', journeyId: j, voice: 'frontline', stance: 'neutral', statement: 's' })
      .thenEmits(
        ev('PerspectiveVoiced', { perspectiveId: 'new-0001', voice: 'frontline', stance: 'neutral', statement: 's' }),
      ));
});

describe('plans', () => {
  it('adopts a plan with a server-made id when none is given', () =>
    given(charted)
      .when({ type: 'AdoptPlan', journeyId: j, intent: 'i', owner: 'o', accountableTo: 'a' })
      .thenEmits(ev('PlanAdopted', { planId: 'new-0001', intent: 'i', owner: 'o', accountableTo: 'a' })));
  it('refuses a plan id that already exists (409)', () =>
    given([...charted, planAdopted('p1')])
      .when({ type: 'AdoptPlan', journeyId: j, planId: 'p1', intent: 'i', owner: 'o', accountableTo: 'a' })
      .thenThrows('conflict', /plan p1 already exists/, 'planId'));
  it('refuses dependencies on plans that do not exist, and on itself, naming each field', () =>
    given([...charted, planAdopted('p1')])
      .when({
        type: 'AdoptPlan',
        journeyId: j,
        planId: 'p2',
        intent: 'i',
        owner: 'o',
        accountableTo: 'a',
        dependsOn: ['p1', 'p9', 'p2'],
      })
      .thenThrows('invalid', /plan p9 does not exist.*cannot depend on itself/, 'dependsOn.1'));
  it('refuses indicators that are not defined (400), and accepts defined ones', () => {
    given(charted, { indicators: ['school-readiness'] })
      .when({
        type: 'AdoptPlan',
        journeyId: j,
        planId: 'p1',
        intent: 'i',
        owner: 'o',
        accountableTo: 'a',
        indicatorIds: ['school-readiness', 'nope'],
      })
      .thenThrows('invalid', /indicator nope does not exist/, 'indicatorIds.1');
    given(charted, { indicators: ['school-readiness'] })
      .when({
        type: 'AdoptPlan',
        journeyId: j,
        planId: 'p1',
        intent: 'i',
        owner: 'o',
        accountableTo: 'a',
        indicatorIds: ['school-readiness'],
      })
      .thenEmits(
        ev('PlanAdopted', {
          planId: 'p1',
          intent: 'i',
          owner: 'o',
          accountableTo: 'a',
          indicatorIds: ['school-readiness'],
        }),
      );
  });
  it('revises a plan', () =>
    given([...charted, planAdopted('p1')])
      .when({ type: 'RevisePlan', journeyId: j, planId: 'p1', reason: 'r', owner: 'New owner' })
      .thenEmits(ev('PlanRevised', { planId: 'p1', reason: 'r', owner: 'New owner' })));
  it('refuses to revise a plan that does not exist (404)', () =>
    given(charted)
      .when({ type: 'RevisePlan', journeyId: j, planId: 'p1', reason: 'r', owner: 'x' })
      .thenThrows('not-found', /plan p1 does not exist/, 'planId'));
  it('refuses to revise a withdrawn plan (409)', () =>
    given([...charted, planAdopted('p1'), planWithdrawn('p1')])
      .when({ type: 'RevisePlan', journeyId: j, planId: 'p1', reason: 'r', owner: 'x' })
      .thenThrows('conflict', /withdrawn and can no longer be revised/));
  it('refuses a revision that changes nothing', () =>
    given([...charted, planAdopted('p1')])
      .when({ type: 'RevisePlan', journeyId: j, planId: 'p1', reason: 'r' })
      .thenThrows('invalid', /at least one of intent/));
  it('refuses to withdraw a plan twice (409) or one that does not exist (404)', () => {
    given([...charted, planAdopted('p1'), planWithdrawn('p1')])
      .when({ type: 'WithdrawPlan', journeyId: j, planId: 'p1', reason: 'r' })
      .thenThrows('conflict', /already withdrawn/);
    given(charted)
      .when({ type: 'WithdrawPlan', journeyId: j, planId: 'p1', reason: 'r' })
      .thenThrows('not-found', /plan p1/);
  });
});

const take = (extra: Record<string, unknown> = {}) =>
  ({
    type: 'TakeDecision',
    journeyId: j,
    summary: 's',
    decidedBy: 'Cabinet',
    decidedAt: '2026-11-01T10:00:00Z',
    rationale: 'r',
    ...extra,
  }) as const;

describe('decisions', () => {
  it('records a decision with its options, dissent and votes', () =>
    given(charted)
      .when({
        ...take(),
        decisionId: 'd1',
        optionsConsidered: [{ option: 'do nothing', reasonNotChosen: 'worse' }],
        dissent: [{ who: 'Cllr B', view: 'too costly' }],
        votes: { for: 5, against: 2, abstain: 0 },
      })
      .thenEmits(
        ev('DecisionTaken', {
          decisionId: 'd1',
          summary: 's',
          decidedBy: 'Cabinet',
          decidedAt: '2026-11-01T10:00:00Z',
          rationale: 'r',
          optionsConsidered: [{ option: 'do nothing', reasonNotChosen: 'worse' }],
          dissent: [{ who: 'Cllr B', view: 'too costly' }],
          votes: { for: 5, against: 2, abstain: 0 },
        }),
      ));
  it('refuses a decision id that already exists (409)', () =>
    given([...charted, decisionTaken('d1')])
      .when({ ...take(), decisionId: 'd1' })
      .thenThrows('conflict', /decision d1 already exists/));
  it('refuses a plan that does not exist, an unknown indicator in expected effects, a future decidedAt and a window closing before the decision, all at once', () =>
    given(charted)
      .when({
        ...take({ decidedAt: '2027-01-01T00:00:00Z', callInUntil: '2026-12-01' }),
        planId: 'p9',
        expectedEffect: [{ indicatorId: 'nope', value: 1, by: '2027' }],
      })
      .thenThrows(
        'invalid',
        /plan p9 does not exist.*indicator nope does not exist.*in the future/,
        'expectedEffect.0.indicatorId',
      ));
  it('refuses a call-in window that closes before the decision was taken', () =>
    given(charted)
      .when({ ...take({ callInUntil: '2026-10-01' }) })
      .thenThrows('invalid', /call-in window cannot close before/, 'callInUntil'));
});

describe('superseding a decision', () => {
  const two = [...charted, decisionTaken('d1'), decisionTaken('d2')];
  it('records the supersession', () =>
    given(two)
      .when({ type: 'SupersedeDecision', journeyId: j, decisionId: 'd1', supersededBy: 'd2', reason: 'r' })
      .thenEmits(ev('DecisionSuperseded', { decisionId: 'd1', supersededBy: 'd2', reason: 'r' })));
  it('refuses to supersede a decision twice', () =>
    given([...two, decisionSuperseded('d1', 'd2')])
      .when({ type: 'SupersedeDecision', journeyId: j, decisionId: 'd1', supersededBy: 'd3', reason: 'again' })
      .thenThrows('conflict', /already superseded by d2/));
  it('refuses a decision superseding itself', () =>
    given(two)
      .when({ type: 'SupersedeDecision', journeyId: j, decisionId: 'd1', supersededBy: 'd1', reason: 'r' })
      .thenThrows('invalid', /cannot supersede itself/, 'supersededBy'));
  it('refuses an unknown decision (404) and an unknown superseding decision (400)', () => {
    given(two)
      .when({ type: 'SupersedeDecision', journeyId: j, decisionId: 'd9', supersededBy: 'd2', reason: 'r' })
      .thenThrows('not-found', /decision d9/);
    given(two)
      .when({ type: 'SupersedeDecision', journeyId: j, decisionId: 'd1', supersededBy: 'd9', reason: 'r' })
      .thenThrows('invalid', /d9 does not exist/, 'supersededBy');
  });
  it('refuses to be superseded by a decision that is itself superseded', () =>
    given([...two, decisionTaken('d3'), decisionSuperseded('d2', 'd3')])
      .when({ type: 'SupersedeDecision', journeyId: j, decisionId: 'd1', supersededBy: 'd2', reason: 'r' })
      .thenThrows('invalid', /d2 is itself superseded by d3/));
});

describe('call-in', () => {
  const windowed = [...charted, decisionTaken('d1', { callInUntil: '2026-11-30' })];
  const callIn = { type: 'CallInDecision', journeyId: j, decisionId: 'd1', by: 'Scrutiny', reason: 'cost' } as const;
  it('calls a decision in within its window (the last day counts)', () => {
    given(windowed)
      .when(callIn)
      .thenEmits(ev('DecisionCalledIn', { decisionId: 'd1', by: 'Scrutiny', reason: 'cost' }));
    given(windowed, {}, new Date('2026-11-30T23:00:00Z'))
      .when(callIn)
      .thenEmits(ev('DecisionCalledIn', { decisionId: 'd1', by: 'Scrutiny', reason: 'cost' }));
  });
  it('refuses a call-in after the window closed', () =>
    given(windowed, {}, new Date('2026-12-01T00:00:00Z'))
      .when(callIn)
      .thenThrows('conflict', /closed at the end of 2026-11-30/));
  it('refuses a call-in before the decision was taken', () =>
    given(windowed, {}, new Date('2026-10-01T00:00:00Z'))
      .when(callIn)
      .thenThrows('conflict', /window has not opened/));
  it('refuses a call-in of a decision without a window', () =>
    given([...charted, decisionTaken('d1')])
      .when(callIn)
      .thenThrows('conflict', /no call-in window/));
  it('refuses a second call-in, and a call-in of a superseded decision', () => {
    given([...windowed, calledIn('d1')])
      .when(callIn)
      .thenThrows('conflict', /already been called in/);
    given([...windowed, decisionTaken('d2'), decisionSuperseded('d1', 'd2')])
      .when(callIn)
      .thenThrows('conflict', /superseded by d2/);
  });
  it('refuses to call in a decision that does not exist (404)', () =>
    given(charted)
      .when(callIn)
      .thenThrows('not-found', /decision d1 does not exist/));
  const conclude = {
    type: 'ConcludeCallIn',
    journeyId: j,
    decisionId: 'd1',
    outcome: 'referred-back',
    reason: 'r',
  } as const;
  it('concludes an open call-in', () =>
    given([...windowed, calledIn('d1')])
      .when(conclude)
      .thenEmits(ev('CallInConcluded', { decisionId: 'd1', outcome: 'referred-back', reason: 'r' })));
  it('refuses to conclude a call-in that was never made, or twice', () => {
    given(windowed)
      .when(conclude)
      .thenThrows('conflict', /has not been called in/);
    given([...windowed, calledIn('d1'), callInConcluded('d1')])
      .when(conclude)
      .thenThrows('conflict', /already concluded/);
  });
});

describe('changes and challenges', () => {
  const report = {
    type: 'ReportChange' as const,
    journeyId: j,
    whatChanged: 'w',
    forWhom: 'f',
    evidence: ['e'],
    occurredAt: '2026-10-01',
    question: 'better-off' as const,
  };
  it('reports a change', () =>
    given(charted)
      .when({ ...report, changeId: 'c1' })
      .thenEmits(
        ev('ChangeReported', {
          changeId: 'c1',
          whatChanged: 'w',
          forWhom: 'f',
          evidence: ['e'],
          occurredAt: '2026-10-01',
          question: 'better-off',
        }),
      ));
  it('refuses a duplicate change id (409), an unknown plan, unknown indicators and a change in the future (400)', () => {
    given([...charted, changeReported('c1')])
      .when({ ...report, changeId: 'c1' })
      .thenThrows('conflict', /change c1 already exists/);
    given(charted)
      .when({ ...report, planId: 'p9', indicatorIds: ['nope'], occurredAt: '2026-11-26' })
      .thenThrows('invalid', /plan p9.*indicator nope.*before it has happened/, 'occurredAt');
  });
  const withChange = [...charted, changeReported('c1')];
  it('challenges a change, and refuses a challenge of an unknown change (404) or a duplicate challenge id (409)', () => {
    given(withChange)
      .when({ type: 'ChallengeChange', journeyId: j, changeId: 'c1', challengeId: 'q1', challenge: 'how?' })
      .thenEmits(ev('ChangeChallenged', { changeId: 'c1', challengeId: 'q1', challenge: 'how?' }));
    given(withChange)
      .when({ type: 'ChallengeChange', journeyId: j, changeId: 'c9', challenge: 'how?' })
      .thenThrows('not-found', /change c9/, 'changeId');
    given([...withChange, changeChallenged('c1', 'q1')])
      .when({ type: 'ChallengeChange', journeyId: j, changeId: 'c1', challengeId: 'q1', challenge: 'again' })
      .thenThrows('conflict', /challenge q1 already exists/);
  });
  const answer = {
    type: 'AnswerChallenge',
    journeyId: j,
    changeId: 'c1',
    challengeId: 'q1',
    answer: 'a',
    upheld: false,
  } as const;
  it('answers a challenge once', () =>
    given([...withChange, changeChallenged('c1', 'q1')])
      .when(answer)
      .thenEmits(ev('ChallengeAnswered', { changeId: 'c1', challengeId: 'q1', answer: 'a', upheld: false })));
  it('refuses to answer a challenge twice', () =>
    given([...withChange, changeChallenged('c1', 'q1'), challengeAnswered('c1', 'q1')])
      .when(answer)
      .thenThrows('conflict', /already been answered/));
  it('refuses to answer a challenge that does not exist, or belongs to another change (404)', () => {
    given(withChange)
      .when(answer)
      .thenThrows('not-found', /challenge q1 of change c1/, 'challengeId');
    given([...withChange, changeReported('c2'), changeChallenged('c2', 'q1')])
      .when(answer)
      .thenThrows('not-found', /challenge q1 of change c1/);
  });
});

describe('lessons, perspectives and accountabilities', () => {
  it('refuses duplicate lesson and perspective ids (409)', () => {
    given([...charted, lessonHarvested('l1')])
      .when({ type: 'HarvestLesson', journeyId: j, lessonId: 'l1', learned: 'x' })
      .thenThrows('conflict', /lesson l1/);
    given([...charted, perspectiveVoiced('v1')])
      .when({
        type: 'VoicePerspective',
        journeyId: j,
        perspectiveId: 'v1',
        voice: 'other',
        stance: 'neutral',
        statement: 's',
      })
      .thenThrows('conflict', /perspective v1/);
  });
  const assign = {
    type: 'AssignAccountability',
    journeyId: j,
    accountabilityId: 'a1',
    holder: 'h',
    accountableTo: 'board',
    for: 'f',
    dueBy: '2027-01-01',
  } as const;
  it('assigns and discharges an accountability', () => {
    given(charted)
      .when(assign)
      .thenEmits(
        ev('AccountabilityAssigned', {
          accountabilityId: 'a1',
          holder: 'h',
          accountableTo: 'board',
          for: 'f',
          dueBy: '2027-01-01',
        }),
      );
    given([...charted, accountabilityAssigned('a1')])
      .when({ type: 'DischargeAccountability', journeyId: j, accountabilityId: 'a1', evidence: ['report'] })
      .thenEmits(ev('AccountabilityDischarged', { accountabilityId: 'a1', evidence: ['report'] }));
  });
  it('refuses a duplicate accountability (409), discharging an unknown one (404) or twice (409)', () => {
    given([...charted, accountabilityAssigned('a1')])
      .when(assign)
      .thenThrows('conflict', /accountability a1 already exists/);
    given(charted)
      .when({ type: 'DischargeAccountability', journeyId: j, accountabilityId: 'a1', evidence: ['r'] })
      .thenThrows('not-found', /accountability a1/);
    given([...charted, accountabilityAssigned('a1'), accountabilityDischarged('a1')])
      .when({ type: 'DischargeAccountability', journeyId: j, accountabilityId: 'a1', evidence: ['r'] })
      .thenThrows('conflict', /already discharged/);
  });
});
