import { createHash } from 'node:crypto';
import type { Router } from 'express';
import type { WebContext } from './context.js';
import { read } from './cuts.js';
import { formatWhen, periodLabel } from '../present/format.js';

/**
 * The published reports: the list, a report's page (what it covers, its files, its verification details at the
 * end), and its files served as published. A report's HTML carries its own inline <style> (it must read the same
 * opened from disk); the pages' CSP allows no inline style, so that file is served with a CSP that allows exactly
 * its own style blocks by their sha-256 (docs/decisions.md, "Web: the published report").
 */

/** The CSP for a published HTML file: the pages' policy, plus the hashes of the file's own <style> blocks. */
export function reportCsp(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    "script-src 'none'",
    `style-src 'self' ${hashes.join(' ')}`.trim(),
    "img-src 'self' data:",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function reportPages(router: Router, ctx: WebContext): void {
  const { reads } = ctx.deps;

  router.get('/reports', async (req, res) => {
    if (ctx.refuse(req, res, read('reports'), 'read the published reports')) return;
    const reports = (await reads.reports())
      .map((r) => ({ ...r, periodLabel: periodLabel(r.period), publishedWords: formatWhen(r.publishedAt) }))
      .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
    ctx.page(req, res, 'reports', {
      title: 'Published reports',
      nav: 'reports',
      reports,
    });
  });

  router.get('/reports/:period', async (req, res) => {
    if (ctx.refuse(req, res, read('reports'), 'read the published reports')) return;
    const report = (await reads.reports()).find((r) => r.period === req.params.period);
    if (!report)
      return ctx.problem(req, res, 404, 'No such report', `No report has been published for ${req.params.period}.`);
    const files = await Promise.all(
      report.files.map(async (f) => ({
        ...f,
        onServer: (await reads.reportFile(report.period, f.name)) !== null,
        kind: f.name.endsWith('.html') ? 'Web page, printable' : f.name.endsWith('.md') ? 'Markdown' : 'File',
      })),
    );
    const html = files.find((f) => f.name.endsWith('.html') && f.onServer);
    ctx.page(req, res, 'report', {
      title: `Report for ${periodLabel(report.period)}`,
      nav: 'reports',
      report,
      periodLabel: periodLabel(report.period),
      publishedWords: formatWhen(report.publishedAt),
      files,
      anyOnServer: files.some((f) => f.onServer),
      reportHtmlUrl: html ? `/reports/${report.period}/files/${html.name}` : null,
      seesLedger: ctx.deps.policy.may(req.actor, read('ledger')),
    });
  });

  /** A published file, served as published (byte for byte: its sha-256 is in the ledger). */
  router.get('/reports/:period/files/:name', async (req, res) => {
    if (ctx.refuse(req, res, read('reports'), 'read the published reports')) return;
    const { period, name } = req.params as { period: string; name: string };
    const report = (await reads.reports()).find((r) => r.period === period);
    const listed = report?.files.find((f) => f.name === name);
    const body = listed ? await reads.reportFile(period, name) : null;
    if (body === null)
      return ctx.problem(
        req,
        res,
        404,
        'No such report file',
        `The report for ${period} has no file ${name} on this server.`,
      );
    if (name.endsWith('.html')) res.set('Content-Security-Policy', reportCsp(body));
    res
      .type(name.endsWith('.md') ? 'text/markdown; charset=utf-8' : name.endsWith('.html') ? 'html' : 'text/plain')
      .send(body);
  });
}
