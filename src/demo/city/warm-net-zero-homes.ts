import { person, type JourneyTemplate } from './templates.js';

/** The demo city's journey “warm-net-zero-homes” (illustrative figures). */
export const warmNetZeroHomes: JourneyTemplate = {
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
};
