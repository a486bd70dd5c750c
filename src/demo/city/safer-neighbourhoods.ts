import { person, type JourneyTemplate } from './templates.js';

/** The demo city's journey “safer-neighbourhoods” (illustrative figures). */
export const saferNeighbourhoods: JourneyTemplate = {
  key: 'safer-neighbourhoods',
  title: 'Safer neighbourhoods',
  outcomeArea: 'A good place to live',
  ambition: 'Residents feel safe in their neighbourhood after dark, and crime falls fastest where it is highest.',
  lead: 'Chief Superintendent, Neighbourhood Policing',
  partners: ['Police', 'City Council', 'Housing associations', 'Youth services'],
  manager: person('tom-brennan', 'Tom Brennan'),
  board: 'Community Safety Partnership',
  indicators: [
    {
      key: 'neighbourhood-crime-rate',
      name: 'Neighbourhood crime per 1,000 residents (rolling 12 months)',
      unit: 'per 1,000 residents',
      direction: 'decrease',
      frequency: 'quarterly',
      baseline: 98,
      target: 85,
      pace: 1.12,
      decimals: 1,
      population: 'All residents',
    },
    {
      key: 'feel-safe-after-dark',
      name: 'Residents who feel safe in their area after dark',
      unit: '%',
      direction: 'increase',
      frequency: 'annual',
      baseline: 52,
      target: 65,
      pace: 1.05,
      decimals: 0,
      population: 'Residents survey respondents',
    },
  ],
  plans: [
    {
      key: 'hotspot-patrols',
      intent: 'Patrols and street lighting focus on the twenty streets with the most harm',
      owner: 'Neighbourhood Policing Inspector',
      dependsOn: [],
    },
    {
      key: 'youth-diversion',
      intent: 'Young people drawn into crime are offered a trusted adult and an activity within a week',
      owner: 'Youth Services Manager',
      dependsOn: [],
    },
    {
      key: 'safer-streets-design',
      intent: 'Alleys and estates with repeat burglary are redesigned with residents',
      owner: 'Housing Association Estates Lead',
      dependsOn: ['hotspot-patrols'],
    },
  ],
  changes: [
    {
      whatChanged: 'Burglary in the gated alleys fell after residents chose where the gates went',
      forWhom: 'Households on the redesigned estates',
      question: 'better-off',
      evidence: 'Recorded crime by street, illustrative',
    },
    {
      whatChanged: 'Young people referred by the police now meet a youth worker within seven days',
      forWhom: 'Young people at risk of exploitation',
      question: 'how-well',
      evidence: 'Referral to first contact times',
    },
    {
      whatChanged: 'More streets in the hotspot list have new lighting',
      forWhom: 'Residents of the hotspot streets',
      question: 'how-much',
      evidence: 'Lighting works completion log',
    },
  ],
  activities: [
    'Held 5 community safety walkabouts',
    'Delivered 12 crime prevention talks',
    'Printed posters for the hotspot streets',
  ],
  decisions: [
    {
      summary: 'Concentrate street lighting investment on the twenty highest-harm streets',
      rationale: 'Harm is concentrated; spreading the budget thinly changed nothing last time',
      rejected: ['Equal allocation across all wards', 'Would not reach the streets with most harm'],
      forum: 'Cabinet',
      decidedBy: 'the Cabinet Member for Community Safety',
      dissent: ['Councillor Evans', 'Wards with lower recorded crime also have residents who feel unsafe'],
    },
    {
      summary: 'Fund youth diversion workers from the police and crime commissioner grant',
      rationale: 'Diversion costs less than custody and the evidence from the pilot was strong',
      rejected: ['Continue with enforcement-only operations', 'Arrests rose but repeat offending did not fall'],
      forum: 'Community Safety Partnership',
      decidedBy: 'the Community Safety Partnership',
    },
  ],
  lessons: [
    'Residents choosing the design made the gates stay shut',
    'Recorded crime rose at first because people trusted the new officers enough to report',
  ],
  perspectives: [
    {
      voice: 'community',
      stance: 'supports',
      statement: 'The new lighting on our street means I walk home from the bus again',
      speaker: 'A resident, Hillfield estate',
    },
    {
      voice: 'frontline',
      stance: 'neutral',
      statement: 'Diversion works when the same worker stays with the young person; turnover undoes it',
      speaker: 'A youth worker',
    },
  ],
  challenges: [
    {
      challenge: 'Did crime fall, or move to the next street?',
      answer: 'Neighbouring streets show no rise over the same period; displacement appears small',
      upheld: false,
    },
    {
      challenge: 'The seven-day contact figure excludes referrals that were never picked up',
      answer: 'Agreed; unallocated referrals are now counted and the figure has been restated',
      upheld: true,
    },
  ],
};
