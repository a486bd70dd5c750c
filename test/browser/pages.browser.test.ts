import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operatorActor } from '../../src/app/tokens.js';
import { systemClock, uuidV7 } from '../../src/clock.js';
import { demoToday, seedDemo } from '../../src/demo/index.js';
import { EVENT_TYPES, previousQuarter, quarterOf, type Role, type StoredEvent } from '../../src/events/index.js';
import { WRITE_ROUTES } from '../../src/events/requests.js';
import { accessPolicy } from '../../src/domain/policy.js';
import { STATUS_SEVERITY } from '../../projections/progress-math.js';
import { publish } from '../../src/reports/publish.js';
import {
  allEvents,
  expectNoSidewaysScroll,
  haveChromium,
  launch,
  ROLES,
  seriousViolations,
  shoot,
  signedIn,
  skipReason,
  startApp,
  WIDTHS,
  type App,
} from './support.js';

/**
 * Issues 14 and 15, the pages of the demo city as people see them: axe-core with no serious or critical violation
 * on every page and form at 1280 and 390 px as each role, no page scrolling sideways, no event type name, slug or
 * ledger position outside the ledger-details disclosure, every citation of the published report answering and
 * landing on its anchor, and the report served with its own styles.
 */
if (!haveChromium) console.log(skipReason);
// A browser on a shared 2-core machine: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const suite = haveChromium ? describe : describe.skip;
const J = 'school-readiness';

/** The web path of a write route: a creation at the API path plus /new, an action at the API path itself. */
const formPath = (apiPath: string): string => {
  const last = apiPath.split('/').pop() ?? '';
  return !last.startsWith(':') && /s$/.test(last) ? `${apiPath}/new` : apiPath;
};

suite(haveChromium ? 'the demo city in Chromium' : skipReason, () => {
  let app: App;
  let browser: Browser;
  let events: StoredEvent[];
  let period: string;
  const contexts = new Map<string, BrowserContext>();
  const policy = accessPolicy({ publicRead: false });

  /** The first id of each kind of item in the journey the forms are tried on. */
  const ids: Record<string, string> = { journeyId: J };
  const context = async (role: Role, width: number): Promise<Page> => {
    const key = `${role}@${width}`;
    let c = contexts.get(key);
    if (!c) {
      c = await signedIn(browser, app, role, width);
      contexts.set(key, c);
    }
    return c.pages()[0] ?? c.newPage();
  };

  beforeAll(async () => {
    const now = new Date(demoToday(systemClock));
    period = previousQuarter(quarterOf(now.toISOString().slice(0, 10)));
    app = await startApp(async (store, _ledger, reportsDir) => {
      await seedDemo(store, { now: now.toISOString(), journeys: 5, years: 6, seed: 1 });
      await publish(store, period, { actor: operatorActor(), now, outDir: reportsDir, newId: uuidV7 });
    });
    events = await allEvents(app.store);
    const first = (type: string, field: string, stream = `journey-${J}`) => {
      const e = events.find((x) => x.type === type && x.streamId === stream);
      if (e) ids[field] = (e.data as Record<string, string>)[field]!;
    };
    first('PlanAdopted', 'planId');
    first('DecisionTaken', 'decisionId');
    first('ChangeReported', 'changeId');
    first('AccountabilityAssigned', 'accountabilityId');
    const challenge = events.find((x) => x.type === 'ChangeChallenged' && x.streamId === `journey-${J}`);
    ids.challengeId = (challenge?.data as { challengeId: string }).challengeId;
    ids.changeId = (challenge?.data as { changeId: string }).changeId;
    // The journey's indicator with a gap to close, so the gap forms have one to work on.
    const mine = events
      .filter(
        (x) => x.type === 'IndicatorDefined' && ((x.data as { journeyIds?: string[] }).journeyIds ?? []).includes(J),
      )
      .map((x) => (x.data as { indicatorId: string }).indicatorId);
    const withGap = events.find((x) => x.type === 'GapDefined' && mine.includes(x.streamId.replace(/^indicator-/, '')));
    ids.indicatorId = withGap ? withGap.streamId.replace(/^indicator-/, '') : mine[0]!;
    first('MeasurementRecorded', 'measurementId', `indicator-${ids.indicatorId}`);
    first('GapDefined', 'gapId', `indicator-${ids.indicatorId}`);
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const fill = (path: string) => path.replace(/:([A-Za-z]+)/g, (_m, name: string) => ids[name] ?? `no-${name}`);
  const pages = () => [
    '/',
    `/journeys/${J}`,
    `/journeys/${J}/timeline`,
    `/journeys/${J}/replay`,
    `/indicators/${ids.indicatorId}`,
    '/decisions',
    '/accountabilities',
    '/reports',
    `/reports/${period}`,
    `/reports/${period}/files/report-${period}.html`,
    `/journeys/${J}?quarter=${period}`,
    `/journeys/${J}/timeline?quarter=${period}`,
    `/journeys/${J}/replay?decision=${ids.decisionId}`,
    `/decisions?journeyId=${J}`,
    `/accountabilities?status=overdue`,
  ];
  const formsFor = (role: Role) => [
    ...WRITE_ROUTES.filter((r) =>
      policy.may({ id: 'x', name: 'x', role }, { do: 'write', command: r.command, journeyId: J }),
    ).map((r) => fill(formPath(r.path))),
    ...(policy.may({ id: 'x', name: 'x', role }, { do: 'import-measurements' }) ? ['/measurements/import'] : []),
  ];

  it('has a form for every write route, for the roles that may use it', async () => {
    const page = await context('admin', 1280);
    const paths = formsFor('admin');
    expect(paths.length).toBe(WRITE_ROUTES.length + 1);
    for (const path of paths) {
      const res = await page.goto(app.url + path);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator('form#form').count(), path).resolves.toBe(1);
    }
  }, 120_000);

  /** axe-core over a list of paths at both widths, each page with every disclosure opened so axe sees every card. */
  async function audit(role: Role, paths: string[], status = 200): Promise<string[]> {
    const found: string[] = [];
    for (const width of WIDTHS) {
      const page = await context(role, width);
      for (const path of paths) {
        const res = await page.goto(app.url + path);
        expect(res?.status(), `${path} as ${role}`).toBe(status);
        await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
        await expectNoSidewaysScroll(page, `${path} as ${role} at ${width} px`);
        found.push(...(await seriousViolations(page)).map((v) => `${path} as ${role} at ${width} px: ${v}`));
      }
    }
    return found;
  }

  for (const role of ROLES)
    it(`every page passes axe-core and fits the screen, as ${role} at 1280 and 390 px`, async () => {
      expect(await audit(role, pages())).toEqual([]);
    }, 900_000);

  it('every form passes axe-core and fits the screen at 1280 and 390 px, as a role that may use it', async () => {
    const scrutiny = formsFor('scrutineer');
    const found = [
      ...(await audit('contributor', formsFor('contributor'))),
      ...(await audit(
        'scrutineer',
        scrutiny.filter((p) => !formsFor('contributor').includes(p)),
      )),
      // A form a role may not use answers with a page that says why.
      ...(await audit('viewer', [`/journeys/${J}/changes/new`], 403)),
    ];
    expect(found).toEqual([]);
  }, 900_000);

  it('passes axe-core on the sign-in page and an error summary', async () => {
    const c = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await c.newPage();
    await page.goto(`${app.url}/login`);
    expect(await seriousViolations(page)).toEqual([]);
    await c.close();
    const contributor = await context('contributor', 390);
    await contributor.goto(`${app.url}/journeys/${J}/changes/new`);
    await contributor.locator('#form button[type=submit]').click();
    await expect(contributor.locator('.error-summary').isVisible()).resolves.toBe(true);
    expect(await seriousViolations(contributor)).toEqual([]);
    await shoot(contributor, 'form-errors-phone');
  }, 120_000);

  it('keeps chart text at 12 px or more on a phone, and tap targets at 24 px or more', async () => {
    const page = await context('contributor', 390);
    for (const path of [`/journeys/${J}`, `/indicators/${ids.indicatorId}`]) {
      await page.goto(app.url + path);
      const smallest = await page.evaluate<number>(`Math.min(...[...document.querySelectorAll('.chart-narrow svg text')]
        .map((t) => t.getBoundingClientRect().height).filter((h) => h > 0))`);
      // A text box is about 1.2 times its font size: 12 px type gives a box of at least 13 px.
      expect(smallest, path).toBeGreaterThanOrEqual(13);
      const small = await page.evaluate<
        string[]
      >(`[...document.querySelectorAll('main a, main button, main input, main select, main summary')]
        .filter((el) => el.offsetParent !== null && !el.closest('p, li, dd, td, .entry-meta, figcaption'))
        .filter((el) => { const r = el.getBoundingClientRect(); return r.height < 24 || r.width < 24; })
        .map((el) => el.outerHTML.slice(0, 80))`);
      expect(small, path).toEqual([]);
    }
    // Radios and checkboxes, with their labels, are 24 px or more to tap on a phone too.
    for (const path of [`/journeys/${J}/changes/new`, `/journeys/${J}/perspectives/new`, '/indicators/new']) {
      await page.goto(app.url + path);
      const small = await page.evaluate<
        string[]
      >(`[...document.querySelectorAll('main input[type=radio], main input[type=checkbox]')]
        .filter((el) => { const r = el.getBoundingClientRect(); return r.height < 24 || r.width < 24; })
        .map((el) => el.id)`);
      expect(small, path).toEqual([]);
    }
  }, 120_000);

  it('leads the overview with the worst status first, a trend line each, and never more than 100 % beside "off track"', async () => {
    const page = await context('viewer', 1280);
    await page.goto(app.url);
    const rows = await page.evaluate<
      { status: string; travelled: string | null; trend: boolean; trendWords: string }[]
    >(
      `[...document.querySelectorAll('.journey-row')].map((r) => ({
        status: [...r.querySelector('.journey-status .status').classList].find((c) => c !== 'status').replace('status-', ''),
        travelled: r.querySelector('.journey-progress .figure')?.textContent ?? null,
        trend: r.querySelector('.trend svg') !== null,
        trendWords: r.querySelector('.trend .visually-hidden')?.textContent ?? '',
      }))`,
    );
    expect(rows.length).toBe(5);
    const severity = rows.map((r) => STATUS_SEVERITY[r.status as keyof typeof STATUS_SEVERITY]);
    expect(severity.every((s) => s !== undefined)).toBe(true);
    expect(severity).toEqual([...severity].sort((a, b) => b - a));
    for (const r of rows) {
      const pct = Number(/([\d.]+)%/.exec(r.travelled ?? '')?.[1]);
      expect(pct, r.travelled ?? 'no figure').toBeLessThanOrEqual(100);
      if (r.status === 'off-track') expect(pct).toBeLessThan(100);
      expect(r.trend, `${r.status}: a trend line`).toBe(true);
      expect(r.trendWords).not.toBe('');
    }
    // The demo's school readiness journey has one indicator past its target and one off track: the met one counts
    // 100 %, never more, so the journey's average cannot pass 100 beside "off track".
    const school = await page.locator('.journey-row', { hasText: 'Every child ready for school' }).textContent();
    expect(school).toMatch(/Off track/);
  }, 120_000);

  it('leads the journey page with its summary; entries newest first, one line each, figures collapsed; a quarter filters them', async () => {
    const page = await context('contributor', 390);
    await page.goto(`${app.url}/journeys/${J}`);
    // The summary comes first: status, how far travelled, the deadline and the indicator furthest behind.
    const first = await page.locator('main section').first().getAttribute('class');
    expect(first).toContain('summary');
    const summary = (await page.locator('section.summary').innerText()).replace(/\s+/g, ' ');
    expect(summary).toMatch(/Travelled [\d.]+% of the way/);
    expect(summary).toMatch(/Deadline \d+ \w+ \d{4}/);
    // Every entry is one line until opened, and no table of figures is open.
    await expect(page.locator('details.entry[open]').count()).resolves.toBe(0);
    await expect(page.locator('figure.chart details[open]').count()).resolves.toBe(0);
    const changed = events
      .filter((e) => e.type === 'ChangeReported' && e.streamId === `journey-${J}`)
      .map((e) => (e.data as { occurredAt: string }).occurredAt);
    const dates = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#changes details.entry')].map((d) => d.querySelector('time')?.getAttribute('datetime') ?? '')`,
    );
    expect(dates.length).toBe(changed.length);
    expect(dates).toEqual([...dates].sort().reverse());
    // A quarter shows only that quarter's changes.
    await page.locator('#quarter').selectOption(period);
    await page.locator('form.quarter-filter button').click();
    const inQuarter = changed.filter((d) => quarterOf(d.slice(0, 10)) === period).length;
    await expect(page.locator('#changes details.entry').count()).resolves.toBe(inQuarter);
  }, 120_000);

  it('lists accountabilities with their journey, links, how long overdue and a discharge link; plan reviews apart', async () => {
    const page = await context('contributor', 1280);
    await page.goto(`${app.url}/accountabilities`);
    const rows = page.locator('section[aria-labelledby=acc-h] tbody tr');
    expect(await rows.count()).toBeGreaterThan(5);
    const overdue = rows.filter({ has: page.locator('.status-overdue') });
    expect(await overdue.count()).toBeGreaterThan(0);
    for (const text of await overdue.allTextContents())
      expect(text.replace(/\s+/g, ' ')).toMatch(/Overdue by \d+ (year|month|week|day)/);
    // Each row names its journey as a link to it, and an open one can be discharged from here.
    const first = rows.first();
    await expect(first.locator('td[data-label=Journey] a').getAttribute('href')).resolves.toMatch(
      /^\/journeys\/[a-z-]+#accountabilities$/,
    );
    const discharge = overdue.first().getByRole('link', { name: /^Discharge/ });
    await expect(discharge.getAttribute('href')).resolves.toMatch(
      /^\/journeys\/[a-z-]+\/accountabilities\/[^/]+\/discharge$/,
    );
    await discharge.click();
    await expect(page.locator('form#form').count()).resolves.toBe(1);
    // Plan reviews are listed apart and never counted among the accountabilities, overdue or not.
    await page.goto(`${app.url}/accountabilities`);
    const reviews = page.locator('section[aria-labelledby=reviews-h] tbody tr');
    expect(await reviews.count()).toBeGreaterThan(0);
    await expect(rows.count()).resolves.toBe(events.filter((e) => e.type === 'AccountabilityAssigned').length);
    const accountable = await rows.locator('td[data-label="For what"]').allTextContents();
    for (const a of accountable) {
      // "(about X)" only when the text does not say X already.
      const about = /\(about (.+?)…?\)$/.exec(a.trim())?.[1];
      if (about) expect(a.toLowerCase().slice(0, a.indexOf('(about')), a).not.toContain(about.toLowerCase());
    }
  }, 120_000);

  it('lists decisions newest first, one line each until opened, filterable by journey and decision-maker', async () => {
    const page = await context('viewer', 1280);
    await page.goto(`${app.url}/decisions`);
    const cards = page.locator('details.decision');
    const n = await cards.count();
    expect(n).toBe(events.filter((e) => e.type === 'DecisionTaken').length);
    const openCount = await page.locator('details.decision[open]').count();
    expect(openCount).toBe(0);
    const times = await cards.locator('summary time, summary .entry-date').allTextContents();
    expect(times.length).toBe(n);
    const dates = await page.evaluate<string[]>(
      `[...document.querySelectorAll('details.decision')].map((d) => d.querySelector('dd time').getAttribute('datetime'))`,
    );
    expect(dates).toEqual([...dates].sort().reverse());
    // Each summary names its journey and the decision-maker once.
    for (const s of await cards.locator('summary .entry-meta').allTextContents()) expect(s).toMatch(/ · the /);
    // By journey: only that journey's decisions.
    await page.locator('#journeyId').selectOption({ label: 'Safer neighbourhoods' });
    await page.getByRole('button', { name: 'Show decisions' }).click();
    const metas = await cards.locator('summary .entry-meta').allTextContents();
    expect(metas.length).toBeGreaterThan(0);
    expect(metas.length).toBeLessThan(n);
    for (const m of metas) expect(m).toMatch(/^Safer neighbourhoods · /);
    // By decision-maker, across journeys: only that maker's decisions.
    await page.goto(`${app.url}/decisions`);
    const maker = (await page.locator('#decidedBy option').nth(1).textContent())!;
    await page.locator('#decidedBy').selectOption({ label: maker });
    await page.getByRole('button', { name: 'Show decisions' }).click();
    const byMaker = await cards.locator('summary .entry-meta').allTextContents();
    expect(byMaker.length).toBeGreaterThan(0);
    for (const m of byMaker) expect(m).toContain(` · ${maker}`);
    // Opened, a card shows the whole written record with its votes.
    await cards.first().locator('summary').click();
    await expect(cards.first().locator('dt', { hasText: 'Votes' }).isVisible()).resolves.toBe(true);
  }, 120_000);

  it('shows an indicator as turn the curve: the curve, the story behind it, what claims to move it, newest first, figures once', async () => {
    const page = await context('viewer', 1280);
    await page.goto(`${app.url}/indicators/${ids.indicatorId}`);
    const name = (
      events.find((e) => e.type === 'IndicatorDefined' && e.streamId === `indicator-${ids.indicatorId}`)!.data as {
        name: string;
      }
    ).name;
    await expect(page.locator('h1').textContent()).resolves.toContain(name);
    const headings = await page.locator('main h2').allTextContents();
    for (const h of ['The curve', 'The story behind the curve', 'What claims to move it'])
      expect(headings, h).toContain(h);
    await expect(page.locator('section[aria-labelledby=curve-h] .chart-wide svg').count()).resolves.toBe(1);
    // The name is said once as the page's heading, and the figures once, in the table of figures recorded.
    expect((await page.locator('main').innerText()).split(name).length - 1, 'the name, said once').toBe(1);
    await expect(page.locator('section[aria-labelledby=curve-h] details').count()).resolves.toBe(0);
    await expect(page.locator('section[aria-labelledby=curve-h] figcaption a').getAttribute('href')).resolves.toBe(
      '#measurements',
    );
    await expect(page.locator('#measurements tbody tr').count()).resolves.toBe(
      events.filter(
        (e) =>
          e.type === 'MeasurementRecorded' &&
          e.streamId === `indicator-${ids.indicatorId}` &&
          !(e.data as { group?: string }).group,
      ).length,
    );
    // What claims to move it: changes and decisions newest first.
    const changeDates = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#claims-changes li time')].map((t) => t.getAttribute('datetime'))`,
    );
    expect(changeDates.length).toBeGreaterThan(1);
    expect(changeDates).toEqual([...changeDates].sort().reverse());
    const decisionDates = await page.evaluate<string[]>(
      `[...document.querySelectorAll('section[aria-labelledby=claims-h] details.decision dd time')].map((t) => t.getAttribute('datetime'))`,
    );
    expect(decisionDates.length).toBeGreaterThan(1);
    expect(decisionDates).toEqual([...decisionDates].sort().reverse());
  }, 120_000);

  it('says names and sentences: no event type name, slug or ledger position outside the ledger details', async () => {
    const page = await context('admin', 1280);
    const journeys = [
      ...new Set(
        events.filter((e) => e.type === 'JourneyCharted').map((e) => (e.data as { journeyId: string }).journeyId),
      ),
    ];
    const indicators = events
      .filter((e) => e.type === 'IndicatorDefined')
      .map((e) => (e.data as { indicatorId: string }).indicatorId);
    const slugs = new Set<string>([...journeys, ...indicators]);
    for (const e of events)
      for (const [k, v] of Object.entries(e.data as Record<string, unknown>))
        if (/Id$/.test(k) && typeof v === 'string' && /^[a-z0-9]+(-[a-z0-9]+)+$/.test(v)) slugs.add(v);
    const paths = [
      // The published report's own text is the report tests' to check (test/reports): the pages are checked here.
      ...pages().filter((p) => !p.includes('/files/')),
      ...journeys.flatMap((j) => [`/journeys/${j}`, `/journeys/${j}/timeline`, `/journeys/${j}/replay`]),
      ...indicators.map((i) => `/indicators/${i}`),
      ...formsFor('admin'),
    ];
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(app.url + path);
      const text = await page.evaluate<string>(`(() => {
        const main = (document.querySelector('main') ?? document.body).cloneNode(true);
        main.querySelectorAll('.ledger-details').forEach((d) => d.remove());
        // The hint of a field asking for a short name gives an example of one ("like school-readiness").
        main.querySelectorAll('[id$="Id-hint"]').forEach((d) => d.remove());
        return main.textContent.replace(/\\s+/g, ' ');
      })()`);
      for (const type of EVENT_TYPES) if (new RegExp(`\\b${type}\\b`).test(text)) found.push(`${path}: ${type}`);
      if (/\bposition \d+/i.test(text)) found.push(`${path}: ${/.{30}\bposition \d+.{10}/i.exec(text)?.[0]}`);
      for (const slug of slugs)
        if (new RegExp(`(^|[^a-z0-9-])${slug}($|[^a-z0-9-])`).test(text)) found.push(`${path}: ${slug}`);
      const twice = /([A-Z][\w’' ]{6,}) \(\1\)/.exec(text);
      if (twice) found.push(`${path}: said twice: ${twice[0]}`);
      // "… the decision to fund X (about Fund X)": what something is about, said again right after it.
      for (const m of text.matchAll(/\(about ([^)]+?)…?\)/g)) {
        const before = text.slice(Math.max(0, m.index - 400), m.index).toLowerCase();
        if (before.includes(m[1]!.toLowerCase())) found.push(`${path}: said twice: …${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  }, 120_000);

  it('serves the published report with its own styles, fitting a phone, every citation answering and landing on its anchor', async () => {
    const file = `report-${period}.html`;
    const html = readFileSync(join(app.reportsDir, file), 'utf8');
    const links = [
      ...new Set([...html.matchAll(/href="(\/journeys\/[^"#]+\/timeline)#(pos-\d+)"/g)].map((m) => `${m[1]}#${m[2]}`)),
    ];
    expect(links.length).toBeGreaterThan(10);
    const page = await context('viewer', 390);
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${app.url}/reports/${period}`);
    await page.getByRole('link', { name: 'Read the report' }).click();
    await page.waitForURL(new RegExp(`/reports/${period}/files/${file}$`));
    // The inline style applies (a computed style, not only a tag in the file): the report's serif body and measure.
    await expect(page.evaluate<string>('getComputedStyle(document.body).fontFamily')).resolves.toMatch(/Georgia/);
    await expect(page.evaluate<string>('getComputedStyle(document.body).maxWidth')).resolves.not.toBe('none');
    await expectNoSidewaysScroll(page, 'the report at 390 px');
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await shoot(page, 'report-phone', false);
    const byPath = new Map<string, string>();
    for (const link of links) {
      const [path, anchor] = link.split('#') as [string, string];
      if (!byPath.has(path)) {
        const res = await page.request.get(app.url + path);
        expect(res.status(), path).toBe(200);
        byPath.set(path, await res.text());
      }
      expect(byPath.get(path), link).toContain(`id="${anchor}"`);
    }
    // In the browser, a citation opens the timeline scrolled to its entry.
    const sample = links[Math.floor(links.length / 2)]!;
    await page.goto(app.url + sample);
    const anchor = sample.split('#')[1]!;
    await expect(page.locator(`[id="${anchor}"]`).isVisible()).resolves.toBe(true);
    await expect(
      page.locator(`[id="${anchor}"]`).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < el.ownerDocument.defaultView!.innerHeight;
      }),
    ).resolves.toBe(true);
  }, 120_000);

  it('takes the README screenshots on request', async () => {
    if (process.env.SCREENSHOTS !== '1') return;
    const desk = await context('scrutineer', 1280);
    await desk.goto(app.url);
    await shoot(desk, 'city-overview');
    await desk.goto(`${app.url}/journeys/${J}`);
    await shoot(desk, 'journey', false);
    await desk.goto(`${app.url}/journeys/${J}/timeline`);
    await shoot(desk, 'timeline', false);
    await desk.goto(`${app.url}/indicators/${ids.indicatorId}`);
    await shoot(desk, 'indicator', false);
    await desk.goto(`${app.url}/decisions`);
    await shoot(desk, 'decisions', false);
    await desk.goto(`${app.url}/accountabilities`);
    await shoot(desk, 'accountabilities', false);
    await desk.goto(`${app.url}/journeys/${J}/replay`);
    await shoot(desk, 'replay', false);
    await desk.goto(`${app.url}/reports/${period}/files/report-${period}.html`);
    await shoot(desk, 'report', false);
    const phone = await context('contributor', 390);
    await phone.goto(`${app.url}/journeys/${J}`);
    await shoot(phone, 'journey-phone', false);
    await phone.goto(`${app.url}/journeys/${J}/changes/new`);
    await shoot(phone, 'form-report-a-change-phone', false);
  }, 120_000);
});
