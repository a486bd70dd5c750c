import { Router, type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { allow, allowRead } from '../api/auth.js';
import { badRequest, notFoundProblem, Problem, sendProblem } from '../api/problem.js';
import type { Clock, IdGenerator } from '../clock.js';
import { isPeriod, Period, type StoredEvent } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { buildReport } from './model.js';
import { hasEnded, publish, publishedReport, ReportPeriodError, type ReportRecord } from './publish.js';
import { renderReport, type RenderedFile } from './render.js';

/**
 * /api/reports (DESIGN §6): POST { period } publishes (admin); GET lists the published reports; GET /:period
 * answers the published report, re-rendered at its recorded position (the same bytes as published), as HTML by
 * default or Markdown with `Accept: text/markdown`. Mount under /api after `authenticate`.
 */
export interface ReportsRouterDeps {
  store: EventStore;
  clock: Clock;
  outDir?: string;
  publicRead?: boolean;
  newId?: IdGenerator;
}

const PublishRequest = z.strictObject({ period: Period });

export function reportsRouter(deps: ReportsRouterDeps): Router {
  const router = Router();
  const rendered = new Map<string, RenderedFile[]>();
  const listing = reportListing(deps.store);
  const wrap =
    (f: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
      f(req, res).catch(next);
    };

  router.post(
    '/reports',
    allow('admin'),
    wrap(async (req, res) => {
      const parsed = PublishRequest.safeParse(req.body ?? {});
      if (!parsed.success)
        return sendProblem(
          res,
          badRequest(
            'the request is not valid',
            parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'period', message: i.message })),
          ),
        );
      const { period } = parsed.data;
      const now = deps.clock.now();
      if (!hasEnded(period, now))
        return sendProblem(
          res,
          new Problem(409, `${period} has not ended yet: a report is published once its period is over`),
        );
      const actor = req.actor;
      if (!actor) return sendProblem(res, new Problem(401, 'sign in to publish'));
      try {
        const result = await publish(deps.store, period, {
          actor,
          now,
          ...(deps.outDir === undefined ? {} : { outDir: deps.outDir }),
          ...(deps.newId ? { newId: deps.newId } : {}),
        });
        if (result.event) listing.note(result.event);
        res.status(result.published ? 201 : 200).json({
          ...result.record,
          published: result.published,
          ...(result.event ? { eventPosition: result.event.position } : {}),
        });
      } catch (e) {
        if (e instanceof ReportPeriodError) return sendProblem(res, badRequest(e.message));
        throw e;
      }
    }),
  );

  router.get(
    '/reports',
    allowRead(deps.publicRead ?? false),
    wrap(async (_req, res) => {
      res.json({ reports: await listing.all() });
    }),
  );

  router.get(
    '/reports/:period',
    allowRead(deps.publicRead ?? false),
    wrap(async (req, res) => {
      const period = String(req.params.period);
      if (!isPeriod(period))
        return sendProblem(
          res,
          badRequest('the period must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD', [
            { path: 'period', message: 'is not a period' },
          ]),
        );
      const published = await publishedReport(deps.store, period);
      if (!published) return sendProblem(res, notFoundProblem(`no report has been published for ${period}`));
      let files = rendered.get(period);
      if (!files) {
        files = renderReport(await buildReport(deps.store, period, published.record.position));
        rendered.set(period, files);
      }
      const wantsMarkdown = req.accepts(['text/html', 'text/markdown']) === 'text/markdown';
      const file = files.find((f) => (wantsMarkdown ? f.name.endsWith('.md') : f.name.endsWith('.html')));
      if (!file)
        return sendProblem(
          res,
          notFoundProblem(`the report for ${period} has no ${wantsMarkdown ? 'Markdown' : 'HTML'} file`),
        );
      res.setHeader('Vary', 'Accept');
      res.type(file.contentType).send(file.body);
    }),
  );

  return router;
}

/** The published reports, found once by scanning the ledger and then kept up to date from live$ and publishes. */
function reportListing(store: EventStore) {
  let known: Map<string, ReportRecord & { publishedAt: string }> | null = null;
  const note = (e: StoredEvent) => {
    if (known && e.type === 'ReportPublished') {
      const d = e.data as ReportRecord;
      if (!known.has(d.period)) known.set(d.period, { ...d, publishedAt: e.recordedAt });
    }
  };
  store.live$.subscribe({
    next: note,
    error: () => {
      known = null;
    },
  });
  return {
    note,
    async all() {
      await store.tail();
      if (!known) {
        const found = new Map<string, ReportRecord & { publishedAt: string }>();
        for await (const page of store.readPages({ pageSize: 5_000 })) {
          for (const e of page)
            if (e.type === 'ReportPublished' && e.streamId.startsWith('report-'))
              found.set((e.data as ReportRecord).period, { ...(e.data as ReportRecord), publishedAt: e.recordedAt });
        }
        known = found;
      }
      return [...known.values()].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
    },
  };
}
