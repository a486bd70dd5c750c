import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorProgress } from '../../projections/progress.js';
import { WRITE_ROUTES } from '../../src/events/requests.js';
import { howLong } from '../../src/present/words.js';
import { decidedByWords, votesWords } from '../../src/web/decision-view.js';
import { indicatorWords } from '../../src/web/figures.js';
import type { FieldSpec } from '../../src/web/form-fields.js';
import { readForm } from '../../src/web/form-kit.js';
import { reportCsp } from '../../src/web/report-pages.js';
import { client, startWeb, TOKENS, type Harness } from './harness.js';

const change: FieldSpec[] = [
  { name: 'whatChanged', kind: 'textarea', label: 'What changed?', noun: 'what changed', required: true },
  { name: 'forWhom', kind: 'text', label: 'For whom?', noun: 'who it changed for', required: true },
  { name: 'evidence', kind: 'lines', label: 'Evidence', noun: 'the evidence', required: true },
  { name: 'occurredAt', kind: 'date', label: 'When?', noun: 'the date it changed', required: true },
  {
    name: 'question',
    kind: 'radios',
    label: 'Question',
    noun: 'which question it answers',
    required: true,
    choices: [{ value: 'better-off', label: 'Is anyone better off?' }],
  },
];

describe('reading a form, GOV.UK style', () => {
  it('asks for each missing answer in words, the question included though the schema would default it', () => {
    const r = readForm('ReportChange', change, { whatChanged: '  ', forWhom: 'Parents', evidence: '', occurredAt: '' });
    expect(r).toEqual({
      ok: false,
      errors: {
        whatChanged: 'Enter what changed',
        evidence: 'Enter the evidence',
        occurredAt: 'Enter the date it changed',
        question: 'Select which question it answers',
      },
    });
  });

  it('says what is wrong with a date, a number, a period and a short name', () => {
    expect(readForm('ReportChange', change, { occurredAt: '2025-02-30' })).toMatchObject({
      errors: { occurredAt: 'The date it changed must be a real date, like 2026-09-30' },
    });
    const measurement: FieldSpec[] = [
      { name: 'period', kind: 'period', label: 'Period', noun: 'the period', required: true },
      { name: 'value', kind: 'number', label: 'Value', noun: 'the value', required: true },
    ];
    expect(readForm('RecordMeasurement', measurement, { period: '2025-Q5', value: 'lots' })).toEqual({
      ok: false,
      errors: {
        period: 'The period must be a year, quarter, month or day, like 2026, 2026-Q3, 2026-09 or 2026-09-30',
        value: 'The value must be a number, like 64.7',
      },
    });
    const charter: FieldSpec[] = [{ name: 'journeyId', kind: 'text', label: 'Short name', noun: 'a short name' }];
    expect(readForm('CharterJourney', charter, { journeyId: 'Not A Slug' })).toMatchObject({
      errors: {
        journeyId: 'A short name must be 2 to 64 lower-case letters, digits and hyphens, like school-readiness',
      },
    });
  });

  it('reads lines, "who: what: dispensation" pairs, "none" as none declared, votes and expected effects', () => {
    const fields: FieldSpec[] = [
      { name: 'summary', kind: 'textarea', label: 'What', noun: 'what', required: true },
      { name: 'decidedBy', kind: 'text', label: 'Who', noun: 'who', required: true },
      { name: 'decidedAt', kind: 'datetime', label: 'When', noun: 'when', required: true },
      { name: 'rationale', kind: 'textarea', label: 'Why', noun: 'why', required: true },
      {
        name: 'interestsDeclared',
        kind: 'pairs',
        pairKeys: ['who', 'interest', 'dispensation'],
        noneMeansEmpty: true,
        label: 'I',
        noun: 'i',
      },
      { name: 'votes', kind: 'votes', label: 'Votes', noun: 'the votes' },
      { name: 'expectedEffect', kind: 'effects', label: 'Effect', noun: 'the effect' },
    ];
    const base = { summary: 'S', decidedBy: 'Board', decidedAt: '2025-11-03T14:00', rationale: 'R' };
    const r = readForm('TakeDecision', fields, {
      ...base,
      interestsDeclared: 'Cllr Dale: governor at a hub school: granted by the monitoring officer\nCllr Ray: landlord',
      'votes-for': '7',
      'votes-against': '2',
      'expectedEffect-1-indicatorId': 'gld',
      'expectedEffect-1-value': '1,204.5',
      'expectedEffect-1-by': '2027-Q2',
    });
    expect(r).toEqual({
      ok: true,
      data: {
        ...base,
        decidedAt: '2025-11-03T14:00:00Z',
        interestsDeclared: [
          { who: 'Cllr Dale', interest: 'governor at a hub school', dispensation: 'granted by the monitoring officer' },
          { who: 'Cllr Ray', interest: 'landlord' },
        ],
        votes: { for: 7, against: 2, abstain: 0 },
        expectedEffect: [{ indicatorId: 'gld', value: 1204.5, by: '2027-Q2' }],
      },
    });
    expect(readForm('TakeDecision', fields, { ...base, interestsDeclared: 'None.' })).toMatchObject({
      data: { interestsDeclared: [] },
    });
    expect(readForm('TakeDecision', fields, { ...base, 'votes-for': '1.5' })).toMatchObject({
      errors: { votes: 'The votes must be a whole number' },
    });
  });
});

describe('figures in words', () => {
  const progress = (over: Partial<IndicatorProgress>): IndicatorProgress => ({
    indicatorId: 'gld',
    name: 'Good level of development',
    unit: '%',
    direction: 'increase',
    frequency: 'annual',
    baseline: { value: 60, period: '2021', date: '2021-12-31' },
    target: { value: 70, period: '2027', date: '2027-12-31' },
    doNothing: null,
    latest: {
      measurementId: 'm',
      period: '2025',
      date: '2025-12-31',
      value: 73.9,
      recordedAt: '',
      position: '1',
      corrected: false,
    },
    travelledPct: 139,
    remaining: -3.9,
    actualPacePerYear: 3.475,
    requiredPacePerYear: -1.95,
    projectedReach: null,
    status: 'achieved',
    stale: false,
    curveTurnedBy: null,
    ...over,
  });

  // Issue 15: an achieved indicator showed "Still to travel −3.9%" and "Pace needed −15.48 a year".
  it('says a met target as met, never a negative distance or pace needed, and percentages in points', () => {
    const w = indicatorWords(progress({}), '2026-03-01');
    expect(w.stillToGo).toBe('None: the target is met, with 3.9 points to spare');
    expect(w.paceNeeded).toBe('None: the target is met');
    expect(w.travelled).toBe('100.0% of the way');
    expect(w.paceAchieved).toBe('+3.48 points a year');
  });

  it('says what is still to go in the unit, and the pace needed', () => {
    const w = indicatorWords(
      progress({
        latest: {
          measurementId: 'm',
          period: '2025',
          date: '2025-12-31',
          value: 68.6,
          recordedAt: '',
          position: '1',
          corrected: false,
        },
        travelledPct: 86,
        remaining: 1.4,
        requiredPacePerYear: 0.7,
        status: 'at-risk',
        projectedReach: '2026-05-01',
      }),
      '2026-03-01',
    );
    expect(w.stillToGo).toBe('1.4 points to go');
    expect(w.paceNeeded).toBe('+0.70 points a year');
    expect(w.reach).toBe('would be reached around 1 May 2026');
  });

  it('counts how long, in the words people use', () => {
    expect(howLong('2026-01-31', '2026-02-28')).toBe('28 days');
    expect(howLong('2026-01-15', '2026-04-15')).toBe('3 months');
    expect(howLong('2023-03-02', '2026-11-29')).toBe('3 years and 8 months');
    expect(howLong('2025-11-29', '2026-11-29')).toBe('1 year');
    expect(howLong('2026-11-29', '2026-11-30')).toBe('1 day');
  });

  // Issue 15: "the Children and Families Board (Children and Families Board)".
  it('names a decision-maker once, and says the votes', () => {
    expect(decidedByWords('the Children and Families Board', 'Children and Families Board')).toBe(
      'the Children and Families Board',
    );
    expect(decidedByWords('Cabinet Member for Children', 'Cabinet')).toBe('Cabinet Member for Children');
    expect(decidedByWords('Head of Early Help', 'Hubs steering group')).toBe(
      'Head of Early Help, at Hubs steering group',
    );
    expect(votesWords({ for: 7, against: 2, abstain: 1 })).toBe('7 for, 2 against, 1 abstention');
    expect(votesWords(null)).toBeNull();
  });

  it('allows a published report exactly its own style blocks, by hash', () => {
    // sha-256 of "body{}" in base64, worked out with `printf 'body{}' | openssl dgst -sha256 -binary | base64`.
    expect(reportCsp('<style>body{}</style>')).toContain(
      "style-src 'self' 'sha256-fJgEClQWV1hGkK4qHMO0KotTsVnMYMXTq7/suurGyUo='",
    );
    expect(reportCsp('<p>no style</p>')).toContain("style-src 'self';");
  });
});

describe('web: every write route has a form, for those who may use it', () => {
  let web: Harness;
  beforeAll(async () => {
    web = await startWeb();
  });
  afterAll(async () => web.close());

  it('answers a viewer 403 on every form, and a POST writes nothing', async () => {
    const c = client(web.url);
    await c.signIn(TOKENS.viewer);
    const ids: Record<string, string> = {
      journeyId: 'school-readiness',
      indicatorId: 'good-level-development',
      planId: 'family-hubs',
      decisionId: 'open-hubs',
      changeId: 'hub-visits',
      challengeId: 'which-families',
      accountabilityId: 'hub-report',
      measurementId: 'gld-2024',
    };
    const before = await web.ledger.store.lastPosition();
    for (const route of WRITE_ROUTES) {
      const last = route.path.split('/').pop() ?? '';
      const path = (!last.startsWith(':') && /s$/.test(last) ? `${route.path}/new` : route.path).replace(
        /:([A-Za-z]+)/g,
        (_m, name: string) => ids[name] ?? name,
      );
      const get = await c.get(path);
      expect(get.res.status, path).toBe(403);
      expect(get.html, path).toContain('Not allowed with your role');
      const post = await c.post(path, { reason: 'x' }, '/');
      expect(post.res.status, path).toBe(403);
    }
    expect(await web.ledger.store.lastPosition()).toBe(before);
  });
});
