import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../api/support.js';
import { missingCommands, runCli, tempDir } from '../support/server-process.js';
import { Browser } from './browser.js';

/**
 * Issue 9 §4: stored XSS in every user-written text field renders inert in the pages and in the reports (HTML and
 * Markdown). Every text field gets a payload naming the field, so a failure says which field leaked where.
 */
const payload = (field: string) =>
  `<script>alert("${field}")</script><img src=x onerror=alert("${field}")>"'><svg onload=alert("${field}")>[${field}](javascript:alert("${field}")) {{${field}}}`;
/** What must never appear in a page: a live tag or a javascript: link made from user text. */
const LIVE = /<script>alert|<img src=x|<svg onload|href\s*=\s*["']?\s*javascript:/i;
/**
 * In Markdown, raw HTML is rendered by most viewers, and a javascript: link is one click away; a backslash-escaped
 * `\<` or `\]` is literal text (CommonMark backslash escapes), so only unescaped ones count.
 */
const LIVE_MD = /(?<!\\)<(?:script|img\b|svg\b)|(?<!\\)\]\(javascript:/i;

let h: Harness;
const J = '/api/journeys/xss-j';
beforeAll(async () => {
  h = await startHarness();
  const ok = async (path: string, body: Record<string, unknown>) => {
    const r = await h.call('POST', path, { role: 'admin', body });
    if (r.status !== 201) throw new Error(`setup ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  };
  const p = payload;
  await ok('/api/journeys', {
    journeyId: 'xss-j',
    title: p('title'),
    ambition: p('ambition'),
    horizon: '2028-12-31',
    lead: p('lead'),
    outcomeArea: p('outcomeArea'),
    partners: [p('partners')],
  });
  await ok('/api/indicators', {
    indicatorId: 'xss-i',
    name: p('name'),
    unit: p('unit'),
    direction: 'increase',
    frequency: 'annual',
    source: p('indicator.source'),
    population: p('population'),
    baseline: { value: 60, period: '2021' },
    target: { value: 70, period: '2026' },
    journeyIds: ['xss-j'],
  });
  await ok('/api/indicators/xss-i/measurements', {
    measurementId: 'm1',
    period: '2025',
    value: 64,
    source: p('measurement.source'),
    note: p('note'),
  });
  await ok(`${J}/plans`, {
    planId: 'plan1',
    intent: p('intent'),
    owner: p('owner'),
    accountableTo: p('plan.accountableTo'),
    indicatorIds: ['xss-i'],
  });
  await ok(`${J}/decisions`, {
    decisionId: 'd1',
    summary: p('summary'),
    decidedBy: p('decidedBy'),
    decidedAt: '2026-10-20T10:00:00Z',
    rationale: p('rationale'),
    forum: p('forum'),
    authority: p('authority'),
    consultation: p('consultation'),
    planId: 'plan1',
    optionsConsidered: [{ option: p('option'), reasonNotChosen: p('reasonNotChosen') }],
    dissent: [{ who: p('dissent.who'), view: p('dissent.view') }],
    evidence: [p('decision.evidence')],
    interestsDeclared: [{ who: p('interest.who'), interest: p('interest') }],
  });
  await ok(`${J}/changes`, {
    changeId: 'c1',
    whatChanged: p('whatChanged'),
    forWhom: p('forWhom'),
    evidence: [p('change.evidence')],
    occurredAt: '2026-10-01',
    activities: [p('activities')],
    planId: 'plan1',
  });
  await ok(`${J}/changes/c1/challenges`, { challengeId: 'q1', challenge: p('challenge') });
  await ok(`${J}/changes/c1/challenges/q1/answer`, { answer: p('answer'), upheld: false });
  await ok(`${J}/lessons`, { lessonId: 'l1', learned: p('learned'), implications: p('implications'), tags: ['tag'] });
  await ok(`${J}/perspectives`, {
    perspectiveId: 'v1',
    voice: 'community',
    stance: 'challenges',
    statement: p('statement'),
    speaker: p('speaker'),
  });
  await ok(`${J}/accountabilities`, {
    accountabilityId: 'a1',
    holder: p('holder'),
    accountableTo: p('accountability.accountableTo'),
    for: p('for'),
    dueBy: '2026-12-31',
  });
  await ok(`${J}/reframe`, { reason: p('reframe.reason'), ambition: p('reframed ambition') });
});
afterAll(async () => {
  await h?.stop();
});

describe('stored XSS renders inert', () => {
  it('in every page that shows the journey, its indicator, decisions and accountabilities', async () => {
    const b = new Browser(h.url);
    expect((await b.signIn(h.tokens.admin)).status).toBe(303);
    let escapedSeen = 0;
    for (const page of [
      '/',
      '/journeys/xss-j',
      '/journeys/xss-j/replay',
      '/indicators/xss-i',
      '/decisions',
      '/accountabilities',
      '/journeys/xss-j/changes/c1/challenges/q1/answer',
      '/journeys/xss-j/decisions/new',
    ]) {
      const r = await b.get(page);
      expect(r.status, page).toBe(200);
      const live = LIVE.exec(r.html);
      expect(
        live,
        `${page}: live markup from user text near …${live ? r.html.slice(Math.max(0, live.index - 80), live.index + 60) : ''}…`,
      ).toBeNull();
      escapedSeen += (r.html.match(/&lt;script&gt;alert/g) ?? []).length;
    }
    expect(escapedSeen, 'the payloads were shown (escaped) somewhere').toBeGreaterThan(10);
  });

  it('in the API answers, JSON is served as application/json with nosniff (never sniffed as HTML)', async () => {
    const r = await h.call('GET', '/api/journeys/xss-j', { role: 'viewer' });
    expect(r.type).toMatch(/^application\/json/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  const skip = missingCommands('report');
  it.skipIf(Boolean(skip))(
    `in the quarterly report, HTML and Markdown${skip ? ` (SKIPPED: ${skip})` : ''}`,
    async () => {
      const out = tempDir('xss-report');
      try {
        const r = await runCli(['report', '2026-Q4', '--out', out.dir, '--store', `sqlite:${h.file}`]);
        expect(r.code, r.stderr).toBe(0);
        const files = readdirSync(out.dir, { recursive: true })
          .map(String)
          .filter((f) => /\.(html|md)$/.test(f));
        expect(files.some((f) => f.endsWith('.html')) && files.some((f) => f.endsWith('.md')), files.join()).toBe(true);
        for (const f of files) {
          const text = readFileSync(join(out.dir, f), 'utf8');
          const live = (f.endsWith('.md') ? LIVE_MD : LIVE).exec(text);
          expect(
            live,
            `${f}: live markup from user text near …${live ? text.slice(Math.max(0, live.index - 80), live.index + 60) : ''}…`,
          ).toBeNull();
          expect(text, `${f} shows the user text`).toMatch(/alert\(/);
        }
      } finally {
        out.remove();
      }
    },
    30_000,
  );
});

describe('path traversal in report periods and file names is refused', () => {
  const skip = missingCommands('report');
  it.skipIf(Boolean(skip))(
    `journey report refuses a period that is a path${skip ? ` (SKIPPED: ${skip})` : ''}`,
    async () => {
      const out = tempDir('traversal');
      try {
        for (const period of [
          '../../escaped',
          '2026-Q4/../../escaped',
          '..',
          '2026-Q4%00',
          '/tmp/escaped',
          '2026-Q4/x',
        ]) {
          const r = await runCli(['report', period, '--out', join(out.dir, 'reports'), '--store', `sqlite:${h.file}`]);
          expect(r.code, `journey report ${JSON.stringify(period)}: ${r.stdout}`).not.toBe(0);
        }
        expect(readdirSync(out.dir), 'nothing written beside the reports folder').toEqual(
          existsSync(join(out.dir, 'reports')) ? ['reports'] : [],
        );
        expect(existsSync('/tmp/escaped')).toBe(false);
      } finally {
        out.remove();
      }
    },
    30_000,
  );

  it('report pages and files never serve anything from outside the published report', async () => {
    const b = new Browser(h.url);
    expect((await b.signIn(h.tokens.viewer)).status).toBe(303);
    for (const path of [
      '/reports/..%2F..%2Fpackage.json',
      '/reports/2026-Q4/files/..%2F..%2Fpackage.json',
      '/reports/2026-Q4/files/%2e%2e%2fpackage.json',
      '/reports/2026-Q4/files/..%5C..%5Cpackage.json',
      '/reports/..%2Fdata/files/ledger.db',
      '/reports/2026-Q4/files/%2Fetc%2Fpasswd',
    ]) {
      const r = await b.get(path);
      expect([400, 404], `${path} → ${r.status}`).toContain(r.status);
      expect(r.html, path).not.toMatch(/"name":\s*"journey-ledger"|root:x:0:0|SQLite format/);
    }
    for (const period of ['../../etc', '2026-Q4/..', '..%2F..']) {
      const r = await h.call('POST', '/api/reports', { role: 'admin', body: { period } });
      expect([400, 404], `POST /api/reports ${period} → ${r.status}`).toContain(r.status);
    }
  });
});
