import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Command } from '../../src/domain/commands.js';
import type { Actor } from '../../src/events/index.js';
import { seedJourney } from '../web/harness.js';
import { allEvents, haveChromium, launch, shoot, signedIn, skipReason, startApp, type App } from './support.js';

/**
 * Issue 15: every entry from the web. A contributor walks through every form, each writing exactly its event
 * (counted in the ledger) and landing on the page at the new entry; a scrutineer challenges a change, calls a
 * decision in from its card and concludes the call-in; an administrator on an empty ledger charts a journey,
 * defines an indicator and records a first figure without leaving the browser.
 */
if (!haveChromium) console.log(skipReason);
// A browser on a shared 2-core machine: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const suite = haveChromium ? describe : describe.skip;
const J = '/journeys/school-readiness';
const I = '/indicators/good-level-development';

suite(haveChromium ? 'forms in Chromium' : skipReason, () => {
  let app: App;
  let browser: Browser;
  let contributor: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startApp((_store, ledger) => seedJourney((actor: Actor, c: Command) => ledger.handle(actor, c)));
    browser = await launch();
    contributor = await signedIn(browser, app, 'contributor');
    page = await contributor.newPage();
    page.setDefaultTimeout(5000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens a form, fills it, sends it; exactly `types` were written, and the page opened at the new entry. */
  async function send(path: string, fill: (p: Page) => Promise<void>, types: string[], p: Page = page) {
    const before = (await allEvents(app.store)).length;
    const res = await p.goto(app.url + path);
    expect(res?.status(), path).toBe(200);
    await fill(p);
    await p.locator('#form button[type=submit]').click();
    await p.waitForURL((u) => u.pathname !== path);
    const written = (await allEvents(app.store)).slice(before);
    expect(
      written.map((e) => e.type),
      path,
    ).toEqual(types);
    const hash = new URL(p.url()).hash;
    if (hash)
      await expect(p.locator(`[id="${hash.slice(1)}"]`).isVisible(), `${path} lands on ${hash}`).resolves.toBe(true);
    return { written, hash };
  }
  const fill = async (p: Page, values: Record<string, string>): Promise<void> => {
    for (const [id, v] of Object.entries(values)) await p.locator(`[id="${id}"]`).fill(v);
  };

  it('reports a change: no question is chosen for you, the nudge re-checks rewritten text, and it lands on the change', async () => {
    await page.goto(`${app.url}${J}/changes/new`);
    await expect(page.locator('input[name=question]:checked').count()).resolves.toBe(0);
    const submit = await page.locator('#form button[type=submit]').textContent();
    // Sent with an activity and no question: the question is asked for, GOV.UK style; nothing is written.
    const before = (await allEvents(app.store)).length;
    await fill(page, { whatChanged: '', forWhom: 'Parents in Eastside', evidence: 'minutes' });
    await page.locator('#form button[type=submit]').click();
    await expect(page.locator('.error-summary').textContent()).resolves.toMatch(
      /Enter what changed[^]*Select which question it answers/,
    );
    await expect((await allEvents(app.store)).length).toBe(before);
    await page.locator('.error-summary a', { hasText: 'Enter what changed' }).click();
    await expect(page.locator('#whatChanged').evaluate((el) => el.ownerDocument.activeElement === el)).resolves.toBe(
      true,
    );
    // An activity: the nudge. Rewritten as another activity: nudged again, not saved.
    await fill(page, { whatChanged: 'Held 3 meetings with parents' });
    await page.locator('#question-how-much').check();
    await page.locator('#form button[type=submit]').click();
    await expect(page.locator('.nudge').isVisible()).resolves.toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'form-nudge-phone', false);
    await page.setViewportSize({ width: 1280, height: 900 });
    await fill(page, { whatChanged: 'Ran 4 workshops for parents' });
    await page.locator('#form button[type=submit]').click();
    await expect(page.locator('.nudge').textContent()).resolves.toContain('workshops');
    expect((await allEvents(app.store)).length).toBe(before);
    // After a nudge the form keeps its one button, as it was: no "Save anyway" that would skip the check.
    await expect(page.getByRole('button', { name: /anyway/i }).count()).resolves.toBe(0);
    await expect(page.locator('#form button[type=submit]').textContent()).resolves.toBe(submit);
    // Rewritten as a change on the nudged form itself: saved at once, and the page opens at it.
    await fill(page, {
      whatChanged: 'Parents in Eastside now get a reply within a week',
      forWhom: 'Parents in Eastside',
      evidence: 'reply log',
      occurredAt: '2025-10-01',
    });
    await page.locator('#question-better-off').check();
    await page.locator('[id="indicatorIds-good-level-development"]').check();
    await page.locator('#form button[type=submit]').click();
    await page.waitForURL((u) => u.hash.startsWith('#change-'));
    const written = (await allEvents(app.store)).slice(before);
    expect(written.map((e) => e.type)).toEqual(['ChangeReported']);
    expect(written[0]!.data).toMatchObject({
      whatChanged: 'Parents in Eastside now get a reply within a week',
      question: 'better-off',
    });
    const hash = new URL(page.url()).hash;
    expect(hash).toBe(`#change-${(written[0]!.data as { changeId: string }).changeId}`);
    await expect(page.locator(hash).isVisible()).resolves.toBe(true);
    await expect(page.locator(hash).getAttribute('class')).resolves.toContain('just-saved');
  });

  it('records a decision with every field of its written record, and its card shows the votes', async () => {
    const { written, hash } = await send(
      `${J}/decisions/new`,
      async (p) => {
        await fill(p, {
          summary: 'Fund speech and language assistants in every hub',
          decidedBy: 'Children’s Partnership Board',
          decidedAt: '2025-11-03T14:00',
          rationale: 'Language delay is the largest gap at age five',
          forum: 'Board meeting, November',
          authority: 'Delegated by Cabinet',
          forwardPlanRef: 'FP-2025-11',
          optionsConsidered: 'Do nothing: the gap would widen',
          evidence: 'Two-year check results',
          consultation: 'Parents’ forum, October',
          interestsDeclared: 'none',
          'votes-for': '7',
          'votes-against': '2',
          'votes-abstain': '1',
          dissent: 'Cllr Dale: the money should go to health visitors',
          'expectedEffect-0-value': '66',
          'expectedEffect-0-by': '2027',
          callInUntil: '2030-12-31',
          accountableTo: 'board',
          reviewBy: '2026-11-30',
        });
        await p.locator('#keyDecision-yes').check();
        await p.locator('#planId').selectOption('family-hubs');
        await p.locator('[id="expectedEffect-0-indicatorId"]').selectOption('good-level-development');
      },
      ['DecisionTaken'],
    );
    const data = written[0]!.data as Record<string, unknown>;
    expect(data).toMatchObject({
      votes: { for: 7, against: 2, abstain: 1 },
      interestsDeclared: [],
      keyDecision: true,
      expectedEffect: [{ indicatorId: 'good-level-development', value: 66, by: '2027' }],
      optionsConsidered: [{ option: 'Do nothing', reasonNotChosen: 'the gap would widen' }],
      decidedAt: '2025-11-03T14:00:00Z',
    });
    const card = page.locator(hash);
    await expect(card.textContent()).resolves.toContain('7 for, 2 against, 1 abstention');
    await expect(card.textContent()).resolves.toContain('Open for call-in until 31 Dec 2030');
    await expect(card.textContent()).resolves.toContain(
      'Children at a good level of development expected to reach 66 by 2027',
    );
  });

  it('adopts, revises and withdraws a plan', async () => {
    const adopted = await send(
      `${J}/plans/new`,
      async (p) => {
        await fill(p, {
          intent: 'Every hub runs a stay-and-play group',
          owner: 'Hub manager',
          accountableTo: 'board',
          reviewBy: '2026-06-30',
        });
        await p.locator('[id="dependsOn-family-hubs"]').check();
      },
      ['PlanAdopted'],
    );
    const planId = (adopted.written[0]!.data as { planId: string }).planId;
    await send(
      `${J}/plans/${planId}/revise`,
      (p) => fill(p, { reason: 'Two hubs share a room', owner: 'Early help lead' }),
      ['PlanRevised'],
    );
    await send(`${J}/plans/reading-packs/withdraw`, (p) => fill(p, { reason: 'Libraries took it on' }), [
      'PlanWithdrawn',
    ]);
  });

  it('harvests a lesson, records a perspective, assigns and discharges an accountability, answers a challenge', async () => {
    await send(
      `${J}/lessons/new`,
      (p) =>
        fill(p, {
          learned: 'Saturday openings reach working fathers',
          implications: 'Keep one weekend day',
          tags: 'access',
        }),
      ['LessonHarvested'],
    );
    await send(
      `${J}/perspectives/new`,
      async (p) => {
        await fill(p, { statement: 'The hub is the first place that listened', speaker: 'A parent' });
        await p.locator('#voice-community').check();
        await p.locator('#stance-supports').check();
      },
      ['PerspectiveVoiced'],
    );
    const assigned = await send(
      `${J}/accountabilities/new`,
      (p) =>
        fill(p, {
          for: 'Report reach by ward',
          holder: 'Head of Early Help',
          accountableTo: 'the board',
          dueBy: '2026-03-31',
        }),
      ['AccountabilityAssigned'],
    );
    const id = (assigned.written[0]!.data as { accountabilityId: string }).accountabilityId;
    await send(
      `${J}/accountabilities/${id}/discharge`,
      (p) => fill(p, { evidence: 'Ward report to the March board' }),
      ['AccountabilityDischarged'],
    );
    await send(
      `${J}/changes/hub-visits/challenges/which-families/answer`,
      async (p) => {
        await fill(p, { answer: 'New families: repeat visits are counted apart' });
        await p.locator('#upheld-no').check();
      },
      ['ChallengeAnswered'],
    );
  });

  it('defines an indicator, records, corrects and imports figures, and revises the target', async () => {
    await send(
      '/indicators/new',
      async (p) => {
        await fill(p, {
          name: 'Two-year checks done on time',
          indicatorId: 'two-year-checks',
          unit: '%',
          'baseline-value': '71',
          'baseline-period': '2023',
          'target-value': '90',
          'target-period': '2027',
          source: 'Health visiting returns',
        });
        await p.locator('#direction-increase').check();
        await p.locator('#frequency-annual').check();
        await p.locator('[id="journeyIds-school-readiness"]').check();
      },
      ['IndicatorDefined'],
    );
    await expect(page.locator('h1').textContent()).resolves.toContain('Two-year checks done on time');
    const recorded = await send(`${I}/measurements/new`, (p) => fill(p, { period: '2025', value: '66.1' }), [
      'MeasurementRecorded',
    ]);
    const id = (recorded.written[0]!.data as { measurementId: string }).measurementId;
    // A second figure for the same period is refused beside its field, with the way to correct it.
    await page.goto(`${app.url}${I}/measurements/new`);
    await fill(page, { period: '2025', value: '66.4' });
    await page.locator('#form button[type=submit]').click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Correct that figure instead');
    await page.getByRole('link', { name: 'Correct the 2025 figure' }).click();
    await send(
      new URL(page.url()).pathname,
      (p) => fill(p, { value: '66.4', reason: 'Late returns from one nursery' }),
      ['MeasurementCorrected'],
    );
    expect(new URL(page.url()).hash).toBe(`#measurement-${id}`);
    await send(
      `${I}/target`,
      (p) =>
        fill(p, {
          'target-value': '74',
          'target-period': '2028',
          reason: 'Funding extended a year',
          decidedBy: 'Children’s Partnership Board',
        }),
      ['IndicatorTargetRevised'],
    );
    // A spreadsheet: one bad row refuses the whole file, every bad row listed by line.
    const csv = join(app.reportsDir, 'figures.csv');
    writeFileSync(
      csv,
      'indicator,period,value\ntwo-year-checks,2024,74.5\ntwo-year-checks,2025,lots\nno-such,2025,1\n',
    );
    const before = (await allEvents(app.store)).length;
    await page.goto(`${app.url}/measurements/import`);
    await page.locator('#file').setInputFiles(csv);
    await page.locator('#form button[type=submit]').click();
    const summary = await page.locator('.error-summary').textContent();
    expect(summary).toMatch(/Line 3: value "lots" is not a number/);
    expect(summary).toMatch(/Line 4:/);
    expect((await allEvents(app.store)).length).toBe(before);
    writeFileSync(csv, 'indicator,period,value\ntwo-year-checks,2024,74.5\ntwo-year-checks,2025,77\n');
    await page.locator('#file').setInputFiles(csv);
    await page.locator('#form button[type=submit]').click();
    await page.waitForURL(/imported=2/);
    expect((await allEvents(app.store)).slice(before).map((e) => e.type)).toEqual([
      'MeasurementRecorded',
      'MeasurementRecorded',
    ]);
    await expect(page.locator('.notice').textContent()).resolves.toContain('2 figures recorded');
  });

  it('adds a group, records its figure, defines a gap to close and revises its target', async () => {
    await send(`${I}/groups/new`, (p) => fill(p, { name: 'Children on free school meals', groupId: 'fsm' }), [
      'IndicatorGroupAdded',
    ]);
    await send(
      `${I}/measurements/new`,
      async (p) => {
        await fill(p, { period: '2024', value: '55.2' });
        await p.locator('#group').selectOption('fsm');
      },
      ['MeasurementRecorded'],
    );
    const defined = await send(
      `${I}/gaps/new`,
      async (p) => {
        await fill(p, {
          name: 'The free school meals gap',
          'baseline-value': '12',
          'baseline-period': '2022',
          'target-value': '6',
          'target-period': '2027',
        });
        await p.locator('#focusGroup').selectOption('fsm');
      },
      ['GapDefined'],
    );
    const gapId = (defined.written[0]!.data as { gapId: string }).gapId;
    await expect(page.locator(defined.hash).textContent()).resolves.toContain(
      'Children on free school meals against everyone',
    );
    await send(
      `${I}/gaps/${gapId}/target`,
      (p) =>
        fill(p, {
          'target-value': '5',
          'target-period': '2027',
          reason: 'The board asked for more',
          decidedBy: 'Children’s Partnership Board',
        }),
      ['GapTargetRevised'],
    );
  });

  it('supersedes a decision, reframes, charts and concludes a journey', async () => {
    await send(
      `${J}/decisions/open-hubs/supersede`,
      async (p) => {
        await p.locator('#supersededBy').selectOption('extend-hours');
        await fill(p, { reason: 'Saturday opening replaced the four-hub plan' });
      },
      ['DecisionSuperseded'],
    );
    await send(
      `${J}/reframe`,
      (p) =>
        fill(p, {
          reason: 'The board widened the age range',
          ambition: 'Children start school ready to learn, from birth to five',
        }),
      ['JourneyReframed'],
    );
    await send(
      '/journeys/new',
      (p) =>
        fill(p, {
          title: 'Every home warm and dry',
          ambition: 'No family lives with damp or a cold home',
          journeyId: 'warm-homes',
          horizon: '2030-03-31',
          lead: 'Director of Housing',
          partners: 'Housing associations\nFire service',
        }),
      ['JourneyCharted'],
    );
    await expect(page.locator('h1').textContent()).resolves.toContain('Every home warm and dry');
    await send(
      '/journeys/warm-homes/conclude',
      async (p) => {
        await p.locator('#outcome-abandoned').check();
        await fill(p, { reason: 'Merged into the net zero journey' });
      },
      ['JourneyConcluded'],
    );
  });

  it('a scrutineer challenges a change, calls a decision in from its card and concludes the call-in', async () => {
    const context = await signedIn(browser, app, 'scrutineer');
    const p = await context.newPage();
    try {
      await p.goto(`${app.url}${J}`);
      await p.locator('#change-hub-visits > summary').click();
      await p.locator('#change-hub-visits').getByRole('link', { name: 'Challenge this change' }).click();
      await send(
        new URL(p.url()).pathname,
        (q) => fill(q, { challenge: 'Which wards do these families live in?' }),
        ['ChangeChallenged'],
        p,
      );
      await p.goto(`${app.url}${J}#decisions`);
      const card = p.locator('#decision-extend-hours');
      await expect(card.locator('summary').textContent()).resolves.toContain('open for call-in');
      await card.locator('summary').click();
      const callIn = card.getByRole('link', { name: 'Call this decision in' });
      await expect(callIn.isVisible()).resolves.toBe(true);
      await shoot(p, 'decision-card-call-in', false);
      await callIn.click();
      const called = await send(
        new URL(p.url()).pathname,
        (q) => fill(q, { reason: 'No equality impact assessment was made' }),
        ['DecisionCalledIn'],
        p,
      );
      expect(called.hash).toBe('#decision-extend-hours');
      await expect(card.textContent()).resolves.toContain('No equality impact assessment was made');
      await card.getByRole('link', { name: 'Conclude the call-in' }).click();
      await send(
        new URL(p.url()).pathname,
        async (q) => {
          await q.locator('#outcome-upheld').check();
          await fill(q, { reason: 'An assessment was made and published' });
        },
        ['CallInConcluded'],
        p,
      );
      await expect(card.textContent()).resolves.toContain('the decision was upheld');
    } finally {
      await context.close();
    }
  });

  it('renders a change whose text is <script>…</script> as text', async () => {
    const evil = '<script>document.title="pwned";window.__pwned=1</script>Parents now get a reply within a week';
    await send(
      `${J}/changes/new`,
      async (p) => {
        await fill(p, {
          whatChanged: evil,
          forWhom: '<img src=x onerror="window.__pwned=2">',
          evidence: 'reply log',
          occurredAt: '2025-10-02',
        });
        await p.locator('#question-better-off').check();
      },
      ['ChangeReported'],
    );
    await expect(page.locator('#changes').textContent()).resolves.toContain(evil);
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    await expect(page.title()).resolves.not.toBe('pwned');
  });

  it('steps through the replay from decision to decision, in names', async () => {
    // The two seeded decisions and the one recorded above (3 Nov 2025).
    await page.goto(`${app.url}${J}/replay`);
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 1 of 3');
    await expect(page.getByRole('heading', { name: 'Open four family hubs' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: /Next decision/ }).click();
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 2 of 3');
    await page.getByRole('link', { name: /Previous decision/ }).click();
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 1 of 3');
    await page.getByLabel('Show the ledger as it stood on').fill('2025-06-30');
    await page.getByRole('button', { name: 'Replay' }).click();
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 2 of 3');
    await expect(page.getByRole('heading', { name: 'Open the hubs on Saturdays' }).isVisible()).resolves.toBe(true);
  });

  it('never shows a contributor the call-in link, and a call-in sent anyway is refused and writes nothing', async () => {
    await page.goto(`${app.url}${J}`);
    await expect(page.getByRole('link', { name: 'Call this decision in' }).count()).resolves.toBe(0);
    const before = (await allEvents(app.store)).length;
    const csrf = await page.locator('input[name=_csrf]').first().getAttribute('value');
    const res = await page.request.post(`${app.url}${J}/decisions/extend-hours/call-in`, {
      form: { _csrf: csrf ?? '', by: 'Me', reason: 'Because' },
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('Not allowed with your role');
    expect((await allEvents(app.store)).length).toBe(before);
  });
});

suite(haveChromium ? 'an administrator on an empty ledger, in Chromium' : skipReason, () => {
  let app: App;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp();
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('charts a journey, defines an indicator and records a first figure without leaving the browser', async () => {
    const context = await signedIn(browser, app, 'admin', 390);
    const p = await context.newPage();
    await p.goto(app.url);
    await expect(p.getByRole('heading', { name: 'No journey has been charted yet' }).isVisible()).resolves.toBe(true);
    await p.getByRole('link', { name: 'Chart the first journey' }).click();
    await p.locator('#title').fill('Every child ready for school');
    await p.locator('#ambition').fill('Seven in ten children reach a good level of development by five');
    await p.locator('#journeyId').fill('school-readiness');
    await p.locator('#horizon').fill('2028-07-31');
    await p.locator('#lead').fill('Director of Children’s Services');
    await shoot(p, 'form-chart-a-journey-phone');
    await p.getByRole('button', { name: 'Chart the journey' }).click();
    await p.waitForURL(/\/journeys\/school-readiness\?saved=journey/);
    await p.getByRole('link', { name: 'Define an indicator' }).first().click();
    await expect(p.locator('[id="journeyIds-school-readiness"]').isChecked()).resolves.toBe(true);
    await p.locator('#name').fill('Children at a good level of development');
    await p.locator('#indicatorId').fill('good-level-development');
    await p.locator('#unit').fill('%');
    await p.locator('#direction-increase').check();
    await p.locator('[id="baseline-value"]').fill('62');
    await p.locator('[id="baseline-period"]').fill('2022');
    await p.locator('[id="target-value"]').fill('70');
    await p.locator('[id="target-period"]').fill('2028');
    await p.locator('#frequency-annual').check();
    await p.getByRole('button', { name: 'Define the indicator' }).click();
    await p.waitForURL(/\/indicators\/good-level-development\?saved=indicator/);
    await p.getByRole('link', { name: 'Record a figure' }).first().click();
    await p.locator('#period').fill('2024');
    await p.locator('#value').fill('65.2');
    await p.getByRole('button', { name: 'Save the figure' }).click();
    await p.waitForURL(/saved=measurement#measurement-/);
    await p.goto(app.url);
    await expect(p.locator('.journey-row').textContent()).resolves.toContain('40.0%');
    const types = (await allEvents(app.store)).map((e) => e.type).filter((t) => !['ActorEnrolled'].includes(t));
    expect(types).toEqual(['JourneyCharted', 'IndicatorDefined', 'MeasurementRecorded']);
    await context.close();
  });
});
