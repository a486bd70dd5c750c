import { describe, expect, it } from 'vitest';
import { activityNudge } from '../../src/domain/nudge.js';

const activities = [
  'Held 3 meetings with the housing team',
  'held three meetings',
  'We held a workshop for parents',
  'Attended the partnership board',
  'Attended the safeguarding conference in Leeds',
  'Produced a report on school absence',
  'Ran a workshop on benefits advice',
  'We ran two workshops',
  'Organised a community event at the library',
  'Delivered training to 40 frontline staff',
  'Published the new strategy',
  'Drafted an action plan for the winter',
  'Set up a steering group',
  'The team has held weekly meetings since March',
  'Circulated a newsletter to all schools',
  '12 sessions delivered across the city',
  'A workshop was held for carers',
  'The report has been published',
  'Met with partners to discuss the plan',
  'Sent 200 leaflets to residents',
  'Took part in the regional forum',
  'Presented the findings to the board',
  'Commissioned an audit of housing repairs',
  'Staff were trained in trauma-informed practice',
  'Launched a campaign about healthy eating',
  'Increased the number of meetings with schools',
  'More meetings were held with the police',
  'Completed the review of the referral protocol',
  'Worked with the college on a new course',
  'Ran a series of drop-ins',
];

const changes = [
  '12 more families now get a reply within a week',
  'Parents can now book an appointment online without calling',
  'Fewer children were excluded from school this term',
  'Young people leaving care no longer wait more than 2 weeks for a flat',
  'Attendance at Oakfield Primary rose from 88% to 93%',
  'Residents of the Eastside estate feel safer walking at night',
  'Waiting times for a first assessment fell from 14 to 6 weeks',
  '30 people moved into work after the course',
  'Carers say they are able to take a break every month',
  'Older people on the ward are discharged home two days sooner, so fewer are readmitted',
  'Rough sleeping in the city centre halved over the winter',
  'Forty tenants had their damp fixed and their children are missing fewer school days',
  'After we ran a workshop, 40 parents now use the app to report absence',
  '15% more pupils reached the expected standard in reading',
  'Families in temporary accommodation stayed in the same school',
  'Two schools stopped excluding pupils for uniform',
  'Victims of domestic abuse received a call back within 24 hours',
  'Patients got their results the same day',
];

describe('activity nudge', () => {
  it.each(activities)('nudges on an activity: %s', (text) => {
    const n = activityNudge(text);
    expect(n.looksLikeActivity).toBe(true);
    expect(n.activityPhrases.length).toBeGreaterThan(0);
    expect(n.message).toMatch(/reads like something that was done/);
  });

  it.each(changes)('does not nudge on a change for someone: %s', (text) => {
    const n = activityNudge(text);
    expect(n).toEqual({ looksLikeActivity: false, activityPhrases: [], message: null });
  });

  it('quotes the phrases that read as activity', () => {
    expect(activityNudge('Held 3 meetings with the housing team').activityPhrases).toEqual(['held 3 meetings']);
    expect(activityNudge('Attended the partnership board').message).toContain('“attended the partnership board”');
  });

  it('says nothing about empty text', () => {
    expect(activityNudge('   ').looksLikeActivity).toBe(false);
  });

  it('is not fooled by words that merely contain an activity verb', () => {
    expect(activityNudge('Sentencing outcomes for young offenders').looksLikeActivity).toBe(false);
    expect(activityNudge('Metro passengers report fewer delays').looksLikeActivity).toBe(false);
  });
});
