import { person, type JourneyTemplate } from './templates.js';

/** The demo city's journey “school-readiness” (illustrative figures). */
export const schoolReadiness: JourneyTemplate = {
  key: 'school-readiness',
  title: 'Every child ready for school',
  outcomeArea: 'A good place to bring up children',
  ambition:
    'By the horizon, seven in ten children reach a good level of development by the end of Reception, and the gap for children on free school meals has narrowed.',
  lead: 'Director of Early Years, City Council',
  partners: ['City Council', 'NHS health visiting', 'Family hubs', 'Early years providers'],
  manager: person('amara-okafor', 'Amara Okafor'),
  board: 'Children and Families Board',
  indicators: [
    {
      key: 'good-level-of-development',
      name: 'Children reaching a good level of development at age 5',
      unit: '%',
      direction: 'increase',
      frequency: 'quarterly',
      baseline: 60,
      target: 70,
      pace: 0.9,
      decimals: 1,
      population: 'Children at the end of Reception',
      doNothing: 61.5,
      breakdown: {
        groups: [{ groupId: 'fsm', name: 'Children eligible for free school meals' }],
        // Free-school-meals figures were first published by the school census a year in.
        addedInQuarter: 4,
        gap: {
          gapId: 'fsm-gap',
          name: 'Gap in a good level of development for children eligible for free school meals',
          focusGroup: 'fsm',
          comparatorGroup: 'all',
          baseline: 18.0,
          target: 12.0,
          pace: 0.85,
          widening: { at: 0.55, width: 0.12, depth: 0.3 },
          revisedTarget: {
            value: 11.0,
            reason: 'The board raised its ambition once the family hubs reached the free-school-meals families first',
            decidedBy: 'Children and Families Board',
          },
        },
      },
    },
    {
      key: 'two-year-funded-take-up',
      name: 'Eligible two-year-olds taking up funded childcare',
      unit: '%',
      direction: 'increase',
      frequency: 'quarterly',
      baseline: 68,
      target: 85,
      pace: 1.3,
      decimals: 1,
      population: 'Eligible two-year-olds',
    },
  ],
  plans: [
    {
      key: 'family-hubs',
      intent: 'Every family with a child under five can reach a family hub within a short walk',
      owner: 'Head of Family Hubs',
      dependsOn: [],
    },
    {
      key: 'speech-language',
      intent:
        'Children with speech and language delay are identified at the two-year check and supported within six weeks',
      owner: 'Health Visiting Service Manager',
      dependsOn: ['family-hubs'],
    },
    {
      key: 'funded-places',
      intent: 'More eligible two-year-olds take up a funded place in good or outstanding settings',
      owner: 'Early Years Sufficiency Lead',
      dependsOn: [],
    },
  ],
  changes: [
    {
      whatChanged:
        'Parents in the east locality now get a speech and language check at the family hub instead of a six-month clinic wait',
      forWhom: 'Families with two-year-olds in the east locality',
      question: 'how-well',
      evidence: 'Hub referral log, waiting times down from 26 to 5 weeks',
    },
    {
      whatChanged:
        'Children who attended the stay-and-play groups started Reception with stronger communication scores',
      forWhom: 'Children starting Reception',
      question: 'better-off',
      evidence: 'Reception baseline comparison, illustrative',
    },
    {
      whatChanged: 'More eligible families took up a funded two-year-old place after hub outreach',
      forWhom: 'Eligible two-year-olds',
      question: 'how-much',
      evidence: 'Take-up list, termly return',
    },
  ],
  activities: [
    'Held 3 multi-agency meetings',
    'Produced a new leaflet for parents',
    'Attended the regional early years conference',
  ],
  decisions: [
    {
      summary: 'Fund speech and language assistants in every family hub',
      rationale:
        'Delay at two is the strongest predictor of not reaching a good level of development that the partnership can act on',
      rejected: ['Extend the clinic-based service', 'Waiting times would stay above three months'],
      forum: 'Cabinet',
      decidedBy: 'the Cabinet Member for Children',
      dissent: ['Councillor Patel', 'The funding should follow need, not be spread across every hub'],
    },
    {
      summary: 'Target outreach for funded places at the wards with the lowest take-up',
      rationale: 'Take-up is lowest where the gap in development is widest',
      rejected: ['A city-wide advertising campaign', 'Reached families already using settings'],
      forum: 'Children and Families Board',
      decidedBy: 'the Children and Families Board',
    },
  ],
  lessons: [
    'Parents came to the hub for the check when it was offered beside the baby clinic, not as a separate appointment',
    'Data shared between health visitors and settings needed a signed agreement before anyone would act on it',
  ],
  perspectives: [
    {
      voice: 'community',
      stance: 'supports',
      statement: 'Having the check at the hub meant I did not need to take a day off work',
      speaker: 'A parent in the east locality',
    },
    {
      voice: 'frontline',
      stance: 'challenges',
      statement: 'Caseloads have not come down; the new checks are on top of what we already do',
      speaker: 'A health visitor',
    },
  ],
  challenges: [
    {
      challenge:
        'The improvement in communication scores may reflect which families chose to attend, not the groups themselves',
      answer:
        'Agreed: the comparison is now matched by ward and free school meal eligibility, and the difference is smaller but remains',
      upheld: true,
    },
    {
      challenge: 'How many of the families reached were already known to services?',
      answer: 'About a third were new to services; the rest were known but had not taken up a place',
      upheld: false,
    },
  ],
};
