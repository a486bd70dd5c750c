import type { Role } from '../../src/events/index.js';
import type { Harness } from './support.js';

/**
 * For a prefix (one per role in the authorization matrix), the items every write route needs, created by an
 * admin; then one valid, fresh request per route. `again` is what sending the same request a second time answers.
 */
export interface RouteCase {
  name: string;
  path: string;
  body: unknown;
  roles: Role[];
  again: number;
  csv?: boolean;
}

export async function prepare(h: Harness, p: string): Promise<void> {
  const ok = async (path: string, body: unknown) => {
    const r = await h.call('POST', path, { body });
    if (r.status !== 201) throw new Error(`setup ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  };
  const J = `/api/journeys/${p}-j`;
  await ok('/api/journeys', {
    journeyId: `${p}-j`,
    title: 'Good start',
    ambition: 'Every child ready for school',
    horizon: '2028-12-31',
    lead: 'Children’s partnership',
  });
  await ok('/api/journeys', {
    journeyId: `${p}-jc`,
    title: 'To conclude',
    ambition: 'A',
    horizon: '2028-12-31',
    lead: 'L',
  });
  await ok('/api/indicators', {
    indicatorId: `${p}-i`,
    name: 'Good level of development',
    unit: '%',
    direction: 'increase',
    frequency: 'annual',
    baseline: { value: 60, period: '2021' },
    target: { value: 70, period: '2026' },
    journeyIds: [`${p}-j`],
    groups: [{ groupId: 'fsm', name: 'Children eligible for free school meals' }],
  });
  await ok(`/api/indicators/${p}-i/measurements`, { measurementId: 'm1', period: '2022', value: 61 });
  await ok(`/api/indicators/${p}-i/gaps`, {
    gapId: 'gap1',
    name: 'Free-school-meals gap',
    focusGroup: 'fsm',
    comparatorGroup: 'all',
    baseline: { value: 18, period: '2021' },
    target: { value: 12, period: '2026' },
  });
  await ok(`${J}/plans`, {
    planId: 'plan1',
    intent: 'More families use hubs',
    owner: 'Hub lead',
    accountableTo: 'board',
  });
  await ok(`${J}/plans`, { planId: 'plan2', intent: 'Second plan', owner: 'Hub lead', accountableTo: 'board' });
  for (const d of ['d1', 'd2', 'd-call', 'd-called']) {
    await ok(`${J}/decisions`, {
      decisionId: d,
      summary: `Decision ${d}`,
      decidedBy: 'Cabinet',
      decidedAt: '2026-11-20T10:00:00Z',
      rationale: 'pilot evidence',
      callInUntil: '2026-12-04',
    });
  }
  await ok(`${J}/decisions/d-called/call-in`, { by: 'Scrutiny committee', reason: 'cost' });
  await ok(`${J}/changes`, {
    changeId: 'c1',
    whatChanged: 'Waiting halved',
    forWhom: 'families',
    evidence: ['hub log'],
    occurredAt: '2026-10-01',
  });
  await ok(`${J}/changes/c1/challenges`, { challengeId: 'q1', challenge: 'Is the log complete?' });
  await ok(`${J}/accountabilities`, {
    accountabilityId: 'a1',
    holder: 'Hub lead',
    accountableTo: 'board',
    for: 'open 3 hubs',
    dueBy: '2026-12-31',
  });
}

const C: Role[] = ['contributor', 'admin'];
const S: Role[] = ['scrutineer', 'admin'];

export function routeCases(p: string): RouteCase[] {
  const J = `/api/journeys/${p}-j`;
  const I = `/api/indicators/${p}-i`;
  return [
    {
      name: 'CharterJourney',
      path: '/api/journeys',
      roles: C,
      again: 409,
      body: { journeyId: `${p}-new`, title: 'T', ambition: 'A', horizon: '2030-12-31', lead: 'L' },
    },
    {
      name: 'ReframeJourney',
      path: `${J}/reframe`,
      roles: C,
      again: 201,
      body: { reason: 'new evidence', horizon: '2029-12-31' },
    },
    {
      name: 'ConcludeJourney',
      path: `/api/journeys/${p}-jc/conclude`,
      roles: C,
      again: 409,
      body: { reason: 'done', outcome: 'achieved' },
    },
    {
      name: 'AdoptPlan',
      path: `${J}/plans`,
      roles: C,
      again: 409,
      body: {
        planId: 'plan3',
        intent: 'I',
        owner: 'O',
        accountableTo: 'board',
        dependsOn: ['plan1'],
        indicatorIds: [`${p}-i`],
      },
    },
    {
      name: 'RevisePlan',
      path: `${J}/plans/plan1/revise`,
      roles: C,
      again: 201,
      body: { reason: 'r', owner: 'New owner' },
    },
    { name: 'WithdrawPlan', path: `${J}/plans/plan2/withdraw`, roles: C, again: 409, body: { reason: 'merged' } },
    {
      name: 'TakeDecision',
      path: `${J}/decisions`,
      roles: C,
      again: 409,
      body: {
        decisionId: 'd9',
        summary: 'Open two hubs',
        decidedBy: 'Cabinet',
        decidedAt: '2026-11-24T09:00:00Z',
        rationale: 'demand',
        forum: 'Cabinet 24 Nov',
        optionsConsidered: [{ option: 'one hub', reasonNotChosen: 'too little' }],
        dissent: [{ who: 'Cllr Park', view: 'cost' }],
        votes: { for: 6, against: 2, abstain: 1 },
        interestsDeclared: [],
        expectedEffect: [{ indicatorId: `${p}-i`, value: 66, by: '2026' }],
      },
    },
    {
      name: 'SupersedeDecision',
      path: `${J}/decisions/d1/supersede`,
      roles: C,
      again: 409,
      body: { supersededBy: 'd2', reason: 'replaced' },
    },
    {
      name: 'CallInDecision',
      path: `${J}/decisions/d-call/call-in`,
      roles: S,
      again: 409,
      body: { by: 'Scrutiny committee', reason: 'consultation' },
    },
    {
      name: 'ConcludeCallIn',
      path: `${J}/decisions/d-called/call-in/conclude`,
      roles: S,
      again: 409,
      body: { outcome: 'upheld', reason: 'sound' },
    },
    {
      name: 'ReportChange',
      path: `${J}/changes`,
      roles: C,
      again: 409,
      body: {
        changeId: 'c2',
        whatChanged: 'More children ready',
        forWhom: 'under-5s',
        evidence: ['EYFS return'],
        occurredAt: '2026-09-30',
        planId: 'plan1',
      },
    },
    {
      name: 'ChallengeChange',
      path: `${J}/changes/c1/challenges`,
      roles: S,
      again: 409,
      body: { challengeId: 'q2', challenge: 'Compared with what?' },
    },
    {
      name: 'AnswerChallenge',
      path: `${J}/changes/c1/challenges/q1/answer`,
      roles: C,
      again: 409,
      body: { answer: 'Audited', upheld: false },
    },
    {
      name: 'HarvestLesson',
      path: `${J}/lessons`,
      roles: C,
      again: 409,
      body: { lessonId: 'l1', learned: 'Go where families are', tags: ['outreach'] },
    },
    {
      name: 'VoicePerspective',
      path: `${J}/perspectives`,
      roles: ['contributor', 'scrutineer', 'admin'],
      again: 409,
      body: { perspectiveId: 'v1', voice: 'community', stance: 'supports', statement: 'It helped' },
    },
    {
      name: 'AssignAccountability',
      path: `${J}/accountabilities`,
      roles: C,
      again: 409,
      body: { accountabilityId: 'a2', holder: 'H', accountableTo: 'public', for: 'F', dueBy: '2027-03-31' },
    },
    {
      name: 'DischargeAccountability',
      path: `${J}/accountabilities/a1/discharge`,
      roles: C,
      again: 409,
      body: { evidence: ['hub opening report'] },
    },
    {
      name: 'DefineIndicator',
      path: '/api/indicators',
      roles: C,
      again: 409,
      body: {
        indicatorId: `${p}-i2`,
        name: 'N',
        unit: 'count',
        direction: 'decrease',
        frequency: 'quarterly',
        baseline: { value: 100, period: '2021-Q1' },
        target: { value: 50, period: '2026-Q4' },
      },
    },
    {
      name: 'ReviseTarget',
      path: `${I}/target`,
      roles: C,
      again: 400,
      body: { target: { value: 72, period: '2027' }, reason: 'ahead of plan', decidedBy: 'Board' },
    },
    {
      name: 'RecordMeasurement',
      path: `${I}/measurements`,
      roles: C,
      again: 409,
      body: { measurementId: 'm2', period: '2023', value: 62.5, source: 'EYFS' },
    },
    {
      name: 'CorrectMeasurement',
      path: `${I}/measurements/m1/correct`,
      roles: C,
      again: 400,
      body: { value: 61.4, reason: 'late returns' },
    },
    {
      name: 'AddIndicatorGroup',
      path: `${I}/groups`,
      roles: C,
      again: 409,
      body: { groupId: 'send', name: 'Children with special educational needs' },
    },
    {
      name: 'DefineGap',
      path: `${I}/gaps`,
      roles: C,
      again: 409,
      body: {
        gapId: 'gap2',
        name: 'FSM gap, stretch',
        focusGroup: 'fsm',
        comparatorGroup: 'all',
        baseline: { value: 18, period: '2021' },
        target: { value: 10, period: '2026' },
        doNothing: { value: 19, period: '2026' },
      },
    },
    {
      name: 'ReviseGapTarget',
      path: `${I}/gaps/gap1/target`,
      roles: C,
      again: 400,
      body: { target: { value: 11, period: '2026' }, reason: 'Stretch agreed', decidedBy: 'Board' },
    },
    {
      name: 'ImportMeasurements',
      path: '/api/measurements/import',
      roles: C,
      again: 400,
      csv: true,
      body: `indicator,period,value,source,note\n${p}-i,2024,63.1,EYFS,\n${p}-i,2025,64.7,EYFS,provisional\n`,
    },
  ];
}
