import { person, type JourneyTemplate } from './templates.js';

/** The demo city's journey “jobs-and-skills” (illustrative figures). */
export const jobsAndSkills: JourneyTemplate = {
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
      dissent: ['The Chamber of Commerce representative', 'Small employers cannot offer guarantees on the same terms'],
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
      answer: 'Partly right: the not-known group grew, and the target has been restated on the new national definition',
      upheld: true,
    },
  ],
};
