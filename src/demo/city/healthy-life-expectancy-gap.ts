import { person, type JourneyTemplate } from './templates.js';

/** The demo city's journey “healthy-life-expectancy-gap” (illustrative figures). */
export const healthyLifeExpectancyGap: JourneyTemplate = {
  key: 'healthy-life-expectancy-gap',
  title: 'Closing the gap in healthy life expectancy',
  outcomeArea: 'A good place to live',
  ambition:
    'The gap in healthy life expectancy between the most and least deprived wards narrows year on year, starting with smoking and early diagnosis.',
  lead: 'Director of Public Health',
  partners: ['City Council', 'Integrated Care Board', 'Primary care networks', 'Community health champions'],
  manager: person('david-mensah', 'David Mensah'),
  board: 'Health and Wellbeing Board',
  indicators: [
    {
      key: 'healthy-life-expectancy',
      name: 'Healthy life expectancy at birth',
      unit: 'years',
      direction: 'increase',
      frequency: 'annual',
      baseline: 61.4,
      target: 62.6,
      pace: 0.7,
      decimals: 1,
      population: 'All residents',
      breakdown: {
        groups: [
          { groupId: 'most-deprived', name: 'Most deprived tenth of neighbourhoods' },
          { groupId: 'least-deprived', name: 'Least deprived tenth of neighbourhoods' },
        ],
        gap: {
          gapId: 'deprivation-gap',
          name: 'Gap in healthy life expectancy between the most and least deprived neighbourhoods',
          focusGroup: 'most-deprived',
          comparatorGroup: 'least-deprived',
          baseline: 15.8,
          target: 13.0,
          doNothing: 16.2,
          pace: 0.85,
          // The pandemic's long tail: the gap widened again in the middle of the strategy.
          widening: { at: 0.5, width: 0.2, depth: 0.35 },
          focusShare: 0.6,
        },
      },
    },
    {
      key: 'adult-smoking-prevalence',
      name: 'Adults who smoke',
      unit: '%',
      direction: 'decrease',
      frequency: 'quarterly',
      baseline: 17.2,
      target: 12.0,
      pace: 0.62,
      decimals: 1,
      population: 'Adults 18 and over',
      staleQuarters: 6,
    },
  ],
  plans: [
    {
      key: 'stop-smoking',
      intent: 'Smokers in the most deprived wards are offered quit support at every health contact',
      owner: 'Tobacco Control Lead',
      dependsOn: [],
    },
    {
      key: 'health-checks',
      intent: 'NHS health checks reach the people least likely to come forward',
      owner: 'Primary Care Programme Manager',
      dependsOn: ['health-champions'],
    },
    {
      key: 'health-champions',
      intent: 'Community health champions are recruited and trained in every priority ward',
      owner: 'Community Development Lead',
      dependsOn: [],
    },
  ],
  changes: [
    {
      whatChanged: 'Smokers admitted to hospital now leave with a quit plan and nicotine replacement',
      forWhom: 'Inpatients who smoke',
      question: 'how-well',
      evidence: 'Trust audit of discharge records, illustrative',
    },
    {
      whatChanged:
        'People in two priority wards had a health check at the mosque and community centre who had never had one',
      forWhom: 'Adults aged 40 to 74 in priority wards',
      question: 'how-much',
      evidence: 'Health check returns by venue',
    },
    {
      whatChanged: 'People who set a quit date with the community service were still not smoking at four weeks',
      forWhom: 'Smokers using the community service',
      question: 'better-off',
      evidence: 'Four-week quit rates, carbon monoxide verified',
    },
  ],
  activities: [
    'Held 4 steering group meetings',
    'Launched a social media campaign',
    'Refreshed the joint strategic needs assessment chapter',
  ],
  decisions: [
    {
      summary: 'Move stop-smoking funding from the city-wide service to the six most deprived wards',
      rationale: 'The gap will not narrow while the service mainly reaches people in better-off wards',
      rejected: [
        'Keep the city-wide service and add a marketing budget',
        'Past campaigns did not change who came forward',
      ],
      forum: 'Health and Wellbeing Board',
      decidedBy: 'the Health and Wellbeing Board',
      dissent: [
        'The primary care network clinical director',
        'Smokers outside the six wards will lose a service they use',
      ],
    },
    {
      summary: 'Commission health champions through voluntary sector grants rather than an in-house team',
      rationale: 'Local organisations are trusted where the council is not',
      rejected: ['An in-house team of outreach workers', 'Slower to recruit and less trusted in the priority wards'],
      forum: 'Cabinet',
      decidedBy: 'the Cabinet Member for Health',
    },
  ],
  lessons: [
    'Trusted local voices mattered more than where the clinic was',
    'Annual figures hide the pace of change: the quarterly quit data showed the turn a year earlier',
  ],
  perspectives: [
    {
      voice: 'community',
      stance: 'challenges',
      statement: 'The health checks are welcome but people are waiting weeks for the follow-up appointment',
      speaker: 'A community health champion',
    },
    {
      voice: 'partner',
      stance: 'supports',
      statement: 'Sharing the discharge data has let us reach smokers we never saw before',
      speaker: 'Hospital trust public health lead',
    },
  ],
  challenges: [
    {
      challenge: 'The quit rates are self-reported; are they verified?',
      answer: 'Four-week quits are verified by carbon monoxide reading in 82% of cases',
      upheld: false,
    },
    {
      challenge: 'The health check numbers count people checked twice',
      answer: 'Correct: duplicates have been removed and the corrected figure is lower',
      upheld: true,
    },
  ],
};
