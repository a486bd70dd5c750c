import type { Actor } from '../events/index.js';

/**
 * The demo city: a fictional partnership ("Ardenbridge") in the voice of the essay the product grew from.
 * Every figure is illustrative and labelled so in the ledger itself (indicator and measurement `source`).
 */
export const DEMO_CITY = 'Ardenbridge';
export const ILLUSTRATIVE = 'Illustrative demo figures, not real data (Journey Ledger demo city)';

export interface IndicatorTemplate {
  key: string;
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  frequency: 'quarterly' | 'annual';
  baseline: number;
  target: number;
  /** Share of the planned improvement the trajectory actually achieves by the horizon (1 = exactly on target). */
  pace: number;
  decimals: number;
  population: string;
  /** Record the "if nothing changes" forecast at definition (turn-the-curve). */
  doNothing?: number;
  /** Measurements stop this many quarters before now: the indicator goes stale. */
  staleQuarters?: number;
  /** A target revised part-way through, with its reason. */
  revisedTarget?: { value: number; reason: string; decidedBy: string };
}

export interface JourneyTemplate {
  key: string;
  title: string;
  ambition: string;
  outcomeArea: string;
  lead: string;
  partners: string[];
  manager: Actor;
  board: string;
  indicators: IndicatorTemplate[];
  plans: { key: string; intent: string; owner: string; dependsOn: string[] }[];
  changes: {
    whatChanged: string;
    forWhom: string;
    question: 'how-much' | 'how-well' | 'better-off';
    evidence: string;
  }[];
  /** Reports of activity rather than change: the kind the web form nudges against. */
  activities: string[];
  decisions: {
    summary: string;
    rationale: string;
    rejected: [string, string];
    forum: string;
    decidedBy: string;
    dissent?: [string, string];
  }[];
  lessons: string[];
  perspectives: {
    voice: 'community' | 'frontline' | 'partner' | 'scrutiny';
    stance: 'supports' | 'challenges' | 'neutral';
    statement: string;
    speaker: string;
  }[];
  challenges: { challenge: string; answer: string; upheld: boolean }[];
}

const person = (id: string, name: string): Actor => ({ id, name, role: 'contributor' });

export const INSIGHT_TEAM: Actor = { id: 'city-insight-team', name: 'City Insight Team (demo)', role: 'contributor' };
export const SCRUTINY_OFFICER: Actor = {
  id: 'scrutiny-officer',
  name: 'Sam Whitfield, Scrutiny Officer',
  role: 'scrutineer',
};
export const PARTNERSHIP_OFFICE: Actor = { id: 'partnership-office', name: 'Partnership Office', role: 'admin' };

export const JOURNEYS: readonly JourneyTemplate[] = [
  {
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
  },
  {
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
        key: 'healthy-life-expectancy-gap',
        name: 'Gap in healthy life expectancy between most and least deprived wards',
        unit: 'years',
        direction: 'decrease',
        frequency: 'annual',
        baseline: 15.8,
        target: 13.0,
        pace: 0.3,
        decimals: 1,
        population: 'Residents, most and least deprived deciles',
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
  },
  {
    key: 'jobs-and-skills',
    title: 'Good jobs and the skills to get them',
    outcomeArea: 'A good place to work',
    ambition: 'More residents are in good work, and fewer young people leave education with nowhere to go.',
    lead: 'Director of Inclusive Growth',
    partners: ['City Council', 'Further education colleges', 'Jobcentre Plus', 'Chamber of Commerce'],
    manager: person('priya-sharma', 'Priya Sharma'),
    board: 'Economy and Skills Board',
    indicators: [
      {
        key: 'employment-rate',
        name: 'Working-age residents in employment',
        unit: '%',
        direction: 'increase',
        frequency: 'quarterly',
        baseline: 66.1,
        target: 72.0,
        pace: 0.97,
        decimals: 1,
        population: 'Residents aged 16 to 64',
      },
      {
        key: 'young-people-neet',
        name: 'Young people aged 16 to 17 not in education, employment or training',
        unit: '%',
        direction: 'decrease',
        frequency: 'quarterly',
        baseline: 6.8,
        target: 4.0,
        pace: 0.8,
        decimals: 1,
        population: 'Young people aged 16 and 17',
        revisedTarget: {
          value: 4.5,
          reason:
            'The national definition changed to include young people whose activity is not known; the old target is no longer comparable',
          decidedBy: 'the Economy and Skills Board',
        },
      },
    ],
    plans: [
      {
        key: 'employer-pledge',
        intent: 'Large employers recruit from the priority wards through guaranteed interviews',
        owner: 'Employer Engagement Manager',
        dependsOn: [],
      },
      {
        key: 'post-16-transition',
        intent: 'Every young person has a confirmed place before leaving Year 11',
        owner: 'Head of Post-16 Participation',
        dependsOn: [],
      },
      {
        key: 'skills-hub',
        intent: 'Adults out of work can get a recognised qualification within reach of home',
        owner: 'Adult Skills Manager',
        dependsOn: ['employer-pledge'],
      },
    ],
    changes: [
      {
        whatChanged:
          'Residents from priority wards were offered guaranteed interviews and many now work for pledge employers',
        forWhom: 'Unemployed adults in priority wards',
        question: 'better-off',
        evidence: 'Pledge employer returns, illustrative',
      },
      {
        whatChanged: 'Year 11 leavers without a confirmed place now get a named adviser over the summer',
        forWhom: 'Year 11 leavers at risk of NEET',
        question: 'how-well',
        evidence: 'Adviser caseload records',
      },
      {
        whatChanged: 'More adults completed a level 2 qualification at the community skills hub',
        forWhom: 'Adults without a level 2 qualification',
        question: 'how-much',
        evidence: 'College completion data',
      },
    ],
    activities: [
      'Held 2 employer breakfasts',
      'Ran a jobs fair in the city centre',
      'Updated the skills strategy action plan',
    ],
    decisions: [
      {
        summary: 'Guarantee an interview with a pledge employer to every resident completing the skills hub course',
        rationale: 'Qualifications alone did not lead to jobs; employers had to be part of the route',
        rejected: ['Fund more courses without employer involvement', 'Completion rose but job outcomes did not'],
        forum: 'Economy and Skills Board',
        decidedBy: 'the Economy and Skills Board',
        dissent: [
          'The Chamber of Commerce representative',
          'Small employers cannot offer guarantees on the same terms',
        ],
      },
      {
        summary: 'Fund summer transition advisers for Year 11 leavers',
        rationale: 'Most young people who become NEET drop out between July and October',
        rejected: ['Rely on schools to follow up', 'Schools lose contact after the summer'],
        forum: 'Cabinet',
        decidedBy: 'the Cabinet Member for Education and Skills',
      },
    ],
    lessons: [
      'The summer after Year 11 is when young people are lost; that is where the advisers should be',
      'Employers needed one named contact in the partnership, not five',
    ],
    perspectives: [
      {
        voice: 'partner',
        stance: 'supports',
        statement: 'The guaranteed interview gives people a reason to finish the course',
        speaker: 'College vice-principal',
      },
      {
        voice: 'community',
        stance: 'challenges',
        statement: 'The jobs offered are mostly part-time and do not pay enough to come off benefits',
        speaker: 'Residents forum, north locality',
      },
    ],
    challenges: [
      {
        challenge: 'Are the jobs sustained beyond six months?',
        answer: 'Sixty-eight per cent were still in work at six months; this is now tracked quarterly',
        upheld: false,
      },
      {
        challenge: 'The NEET figure improved only because more young people are recorded as activity not known',
        answer:
          'Partly right: the not-known group grew, and the target has been restated on the new national definition',
        upheld: true,
      },
    ],
  },
  {
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
  },
  {
    key: 'warm-net-zero-homes',
    title: 'Warm homes on the way to net zero',
    outcomeArea: 'A good place to live',
    ambition: 'Homes are warm and affordable to heat, and the housing stock is on track for net zero.',
    lead: 'Director of Housing',
    partners: ['City Council', 'Housing associations', 'Energy advice charity', 'Regional retrofit hub'],
    manager: person('grace-liu', 'Grace Liu'),
    board: 'Climate and Housing Board',
    indicators: [
      {
        key: 'homes-epc-c-or-above',
        name: 'Homes rated EPC band C or above',
        unit: '%',
        direction: 'increase',
        frequency: 'quarterly',
        baseline: 38,
        target: 55,
        pace: 0.82,
        decimals: 1,
        population: 'All homes with an energy performance certificate',
      },
      {
        key: 'households-in-fuel-poverty',
        name: 'Households in fuel poverty',
        unit: '%',
        direction: 'decrease',
        frequency: 'annual',
        baseline: 19.5,
        target: 14.0,
        pace: -0.25,
        decimals: 1,
        population: 'All households',
      },
    ],
    plans: [
      {
        key: 'retrofit-social',
        intent: 'Social homes below band C are insulated street by street',
        owner: 'Retrofit Programme Manager',
        dependsOn: ['retrofit-skills'],
      },
      {
        key: 'retrofit-skills',
        intent: 'Enough local installers are trained to deliver the retrofit programme',
        owner: 'Green Skills Lead',
        dependsOn: [],
      },
      {
        key: 'energy-advice',
        intent: 'Households in fuel poverty get advice and help with bills before winter',
        owner: 'Energy Advice Service Manager',
        dependsOn: [],
      },
    ],
    changes: [
      {
        whatChanged: 'Tenants in insulated homes report lower bills and no damp in the bedroom',
        forWhom: 'Social housing tenants in retrofitted streets',
        question: 'better-off',
        evidence: 'Tenant survey before and after, illustrative',
      },
      {
        whatChanged:
          'Households who called the advice line were switched to cheaper tariffs and had their debts written down',
        forWhom: 'Households in fuel poverty',
        question: 'better-off',
        evidence: 'Advice service outcomes log',
      },
      {
        whatChanged: 'More homes were insulated this quarter than in any quarter before',
        forWhom: 'Social housing tenants',
        question: 'how-much',
        evidence: 'Retrofit completions',
      },
    ],
    activities: [
      'Held 3 supplier engagement days',
      'Published a retrofit prospectus',
      'Attended 2 national net zero webinars',
    ],
    decisions: [
      {
        summary: 'Retrofit social homes street by street rather than by worst-first',
        rationale: 'Street by street halves the cost per home and builds visible momentum',
        rejected: ['Worst-first across the city', 'Higher cost per home and slower delivery'],
        forum: 'Cabinet',
        decidedBy: 'the Cabinet Member for Housing',
        dissent: ['The tenants federation', 'Families in the coldest homes will wait longest'],
      },
      {
        summary: 'Pay for a winter energy advice surge from the household support fund',
        rationale: 'Bills rose faster than retrofit can reach homes',
        rejected: ['Wait for the national scheme', 'Would arrive after the winter'],
        forum: 'Climate and Housing Board',
        decidedBy: 'the Climate and Housing Board',
      },
    ],
    lessons: [
      'Installers were the bottleneck, not money',
      'Fuel poverty moved with energy prices more than with anything the partnership did; the measure needs context',
    ],
    perspectives: [
      {
        voice: 'community',
        stance: 'challenges',
        statement: 'Private renters are left out: our landlord will not insulate',
        speaker: 'Private renters group',
      },
      {
        voice: 'partner',
        stance: 'supports',
        statement: 'The street-by-street approach let us plan crews a year ahead',
        speaker: 'Regional retrofit hub',
      },
    ],
    challenges: [
      {
        challenge: 'The bill savings are modelled, not measured',
        answer: 'Measured meter readings for a sample of 200 homes now confirm most of the modelled saving',
        upheld: false,
      },
      {
        challenge: 'The completions count includes homes only partly insulated',
        answer: 'Correct; partial completions are now reported separately',
        upheld: true,
      },
    ],
  },
];

/** Localities used to name journeys beyond the first five when the generator is scaled up. */
export const LOCALITIES = [
  'north',
  'south',
  'east',
  'west',
  'central',
  'riverside',
  'hillfield',
  'oakmoor',
  'kingsway',
  'marsh-lane',
] as const;
