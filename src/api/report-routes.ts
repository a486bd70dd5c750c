import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { heavyOf, liveContext, type ReadSources } from '../../projections/contexts.js';
import { publishedReports } from '../../projections/published-reports.js';
import type { IdGenerator } from '../clock.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import type { AccessPolicy } from '../domain/policy.js';
import { hasEnded, isPeriod, Period } from '../events/index.js';
import { buildReport } from '../reports/model.js';
import { publish, publishedReport, ReportPeriodError } from '../reports/publish.js';
import { renderReport, type RenderedFile } from '../reports/render.js';
import { guard } from './auth.js';
import { badRequest, notFoundProblem, Problem, sendProblem, unsupportedMediaType } from './problem.js';
import { jsonBody } from './write-routes.js';

/**
 * /api/reports: POST { period } publishes (admin); GET lists the published reports (the published-reports
 * projection); GET /:period answers the published report, re-rendered from its recorded cut and tree head (the
 * same bytes as published), as HTML by default or Markdown with `Accept: text/markdown`. Mount under /api after `authenticate`.
 */
export interface ReportRoutesDeps {
  sources: ReadSources;
  policy: AccessPolicy;
  outDir?: string;
  newId?: IdGenerator;
  signer?: HeadSigner;
}

const PublishRequest = z.strictObject({ period: Period });

export function reportsRouter(deps: ReportRoutesDeps): Router {
  const { store, clock } = deps.sources;
  const heavy = heavyOf(deps.sources);
  const router = Router();
  const rendered = new Map<string, RenderedFile[]>();
  const wrap =
    (f: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
      f(req, res).catch(next);
    };
  const reads = guard(deps.policy, () => ({ do: 'read', what: 'reports' }));

  router.post(
    '/reports',
    guard(deps.policy, () => ({ do: 'publish-report' })),
    jsonBody,
    wrap(async (req, res) => {
      if (!req.is('application/json')) throw unsupportedMediaType('application/json: {"period":"2025-Q4"}');
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
      const now = clock.now();
      if (!hasEnded(period, now))
        return sendProblem(
          res,
          new Problem(409, `${period} has not ended yet: a report is published once its period is over`),
        );
      const actor = req.actor;
      if (!actor) return sendProblem(res, new Problem(401, 'sign in to publish'));
      try {
        const result = await heavy(() =>
          publish(store, period, {
            actor,
            now,
            ...(deps.outDir === undefined ? {} : { outDir: deps.outDir }),
            ...(deps.newId ? { newId: deps.newId } : {}),
            ...(deps.signer ? { signer: deps.signer } : {}),
          }),
        );
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
    reads,
    wrap(async (_req, res) => {
      const ctx = await liveContext(deps.sources);
      res.json({ reports: publishedReports.query.all(ctx.states.reports) });
    }),
  );

  router.get(
    '/reports/:period',
    reads,
    wrap(async (req, res) => {
      const period = String(req.params.period);
      if (!isPeriod(period))
        return sendProblem(
          res,
          badRequest('the period must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD', [
            { path: 'period', message: 'is not a period' },
          ]),
        );
      const published = await publishedReport(store, period);
      if (!published) return sendProblem(res, notFoundProblem(`no report has been published for ${period}`));
      let files = rendered.get(period);
      if (!files) {
        const { treeHead } = published.record;
        files = renderReport({ ...(await heavy(() => buildReport(store, period, treeHead.treeSize))), treeHead });
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
