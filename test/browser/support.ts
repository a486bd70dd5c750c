import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startProjections } from '../../projections/runtime.js';
import { Ledger } from '../../src/app/ledger.js';
import { issueToken, operatorActor } from '../../src/app/tokens.js';
import { uuidV7, type Clock } from '../../src/clock.js';
import type { Role, StoredEvent } from '../../src/events/index.js';
import { createApp } from '../../src/server/app.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { EventStore } from '../../src/store/port.js';

/**
 * The browser suites' harness: the whole app (API and pages, wired as `journey serve` wires them) on port 0 over a
 * temp SQLite file, one token per role, and Debian's Chromium driven by playwright-core. Without /usr/bin/chromium
 * the suites say why they are skipped (never silently).
 */
export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const skipReason = `browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this)`;
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
export const ROLES: readonly Role[] = ['viewer', 'contributor', 'scrutineer', 'admin'];
export const WIDTHS = [1280, 390] as const;

export interface App {
  url: string;
  store: EventStore;
  ledger: Ledger;
  tokens: Record<Role, string>;
  reportsDir: string;
  close(): Promise<void>;
}

/** The app over a fresh ledger; `seed` fills it before the projections start. */
export async function startApp(
  seed: (store: EventStore, ledger: Ledger, reportsDir: string) => Promise<void> = async () => {},
  clock: Clock = { now: () => new Date() },
): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-browser-'));
  const reportsDir = join(dir, 'reports');
  mkdirSync(reportsDir);
  const store = openSqliteStore({ file: join(dir, 'ledger.db') });
  const ledger = new Ledger({ store, clock, newId: uuidV7 });
  await seed(store, ledger, reportsDir);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await issueToken(ledger, operatorActor(), `Test ${role}`, role)).token;
  const runtime = startProjections(store);
  await runtime.ready;
  const app = createApp({ store, clock, newId: uuidV7, runtime, reportsDir, sessionSecret: 'browser-test-secret' });
  const server: Server = createServer(app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    ledger,
    tokens,
    reportsDir,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      runtime.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });

/** A browser context signed in with a role's token (or anonymous), at a viewport width. */
export async function signedIn(browser: Browser, app: App, role: Role | null, width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  // A missing element fails in seconds, not after Playwright's 30 s default.
  context.setDefaultTimeout(5000);
  if (role) {
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Access token').fill(app.tokens[role]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/`);
    await page.close();
  }
  return context;
}

/** Every event in the ledger, in order: what a form wrote is the tail after its count before. */
export async function allEvents(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

/** axe-core's serious and critical violations on the page as it is (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** The page's own width against the viewport's: a page that scrolls sideways is wider than its viewport. */
export async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const [scroll, viewport] = await page.evaluate<[number, number]>(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  );
  expect(scroll, `${label}: page is ${scroll} px wide in a ${viewport} px viewport`).toBeLessThanOrEqual(viewport);
}

// The README's screenshots are refreshed on request (SCREENSHOTS=1 npx vitest run test/browser), not on every run,
// so a test run never leaves tracked PNGs changed.
const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
export async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}
