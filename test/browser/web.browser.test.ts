import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, TOKENS, type Harness } from '../web/harness.js';

/**
 * The web app in a real browser: Debian's Chromium driven by playwright-core, against a real server on port 0
 * over a temp SQLite file. Without /usr/bin/chromium the suite says why it is skipped (never silently).
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];
const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
const haveChromium = existsSync(CHROMIUM);
const skipReason = `browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this)`;
if (!haveChromium) console.log(skipReason);
const suite = haveChromium ? describe : describe.skip;

suite(haveChromium ? 'web app in Chromium' : skipReason, () => {
  let web: Harness;
  let context: BrowserContext;
  let profile: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    web = await startWeb();
    profile = mkdtempSync(join(tmpdir(), 'jl-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      viewport: { width: 1200, height: 900 },
    });
    context.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.location().url}: ${m.text()}`);
    });
    context.on('weberror', (e) => consoleErrors.push(String(e.error())));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await web?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<Page> => {
    const page = context.pages()[0] ?? (await context.newPage());
    const res = await page.goto(web.url + path);
    expect(res?.status(), path).toBeLessThan(400);
    return page;
  };
  // The README's screenshots are refreshed on request (SCREENSHOTS=1 npx vitest run test/browser), not on every
  // run, so a test run never leaves tracked PNGs changed.
  const shoot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOTS !== '1') return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  it('signs in with a token', async () => {
    const page = await open('/login');
    await shoot(page, 'login');
    await page.getByLabel('Access token').fill(TOKENS.contributor);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${web.url}/`);
    await expect(page.getByText('Signed in as').textContent()).resolves.toContain('Mina Manager');
    await shoot(page, 'city-overview');
  });

  it('reports a change through the form, sees the nudge, saves anyway and finds it on the timeline', async () => {
    const page = await open('/journeys/school-readiness/changes/new');
    await page.getByLabel('What changed?').fill('Held 3 meetings with parents at the Eastside hub');
    await page.getByLabel('For whom?').fill('Parents in Eastside');
    await page.getByLabel('Evidence').fill('meeting notes');
    await page.getByLabel('When did it change?').fill('2025-10-01');
    await page.getByRole('button', { name: 'Save the change' }).click();
    await expect(
      page.getByRole('heading', { name: 'Is this a change for someone, or an activity?' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByLabel('What changed?').inputValue()).resolves.toBe(
      'Held 3 meetings with parents at the Eastside hub',
    );
    await shoot(page, 'report-a-change-nudge');
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.waitForURL(/\/journeys\/school-readiness\?saved=change/);
    const timeline = page.locator('#timeline');
    await expect(timeline.textContent()).resolves.toContain('Held 3 meetings with parents at the Eastside hub');
    await shoot(page, 'journey');
  });

  it('steps through the replay from decision to decision', async () => {
    const page = await open('/journeys/school-readiness/replay');
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 1 of 2');
    await expect(page.getByRole('heading', { name: 'Open four family hubs' }).isVisible()).resolves.toBe(true);
    await shoot(page, 'replay');
    await page.getByRole('link', { name: /Next decision/ }).click();
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 2 of 2');
    await expect(page.getByRole('heading', { name: 'Open the hubs on Saturdays' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: /Previous decision/ }).click();
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 1 of 2');
    await page.getByLabel('Show the ledger as it stood on').fill('2025-12-31');
    await page.getByRole('button', { name: 'Replay' }).click();
    await expect(page.locator('.step-count').textContent()).resolves.toBe('Decision 2 of 2');
  });

  it('renders a change whose text is <script>…</script> as text', async () => {
    const page = await open('/journeys/school-readiness/changes/new');
    const evil = '<script>document.title="pwned";window.__pwned=1</script>Parents now get a reply within a week';
    await page.getByLabel('What changed?').fill(evil);
    await page.getByLabel('For whom?').fill('<img src=x onerror="window.__pwned=2">');
    await page.getByLabel('Evidence').fill('reply log');
    await page.getByLabel('When did it change?').fill('2025-10-02');
    await page.getByRole('button', { name: 'Save the change' }).click();
    await page.waitForURL(/saved=change/);
    await expect(page.locator('#changes').textContent()).resolves.toContain(evil);
    await expect(page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(page.title()).resolves.not.toBe('pwned');
  });

  it('shows no console error on any page', async () => {
    consoleErrors.length = 0;
    const pages = [
      '/',
      '/journeys/school-readiness',
      '/journeys/school-readiness/replay',
      '/journeys/school-readiness/replay?decision=extend-hours',
      '/indicators/good-level-development',
      '/indicators/good-level-development/measurements/new',
      '/decisions',
      '/decisions?decidedBy=board',
      '/accountabilities',
      '/reports',
      '/journeys/school-readiness/changes/new',
      '/journeys/school-readiness/decisions/new',
    ];
    for (const p of pages) await open(p);
    await shoot(await open('/decisions'), 'decisions');
    await shoot(await open('/indicators/good-level-development'), 'indicator');
    await shoot(await open('/accountabilities'), 'accountabilities');
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${web.url}/journeys/school-readiness`);
    await shoot(phone, 'journey-phone');
    await phone.close();
    expect(consoleErrors).toEqual([]);
  });
});
