import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { systemClock } from '../clock.js';
import { opensToPublic, type AccessPolicy, type Principal } from '../domain/policy.js';
import { scopeInWords } from '../events/index.js';
import { WRITE_ROUTES } from '../events/requests.js';
import { ROLE_WORDS, rolesInWords } from '../present/labels.js';
import type { WebContext, WebDeps } from './context.js';
import { decisionForms } from './decision-forms.js';
import { entryForms } from './entry-forms.js';
import { importForm, multipartImport } from './import-form.js';
import { gapForms } from './gap-forms.js';
import { indicatorForms } from './indicator-forms.js';
import { journeyForms } from './journey-forms.js';
import { listPages } from './list-pages.js';
import { pageRoutes } from './pages.js';
import { reportPages } from './report-pages.js';
import { createRenderer } from './render.js';
import { sessionMiddleware, SessionStore, signIn, signOut } from './session.js';
import { parseLoginForm } from './forms.js';

/** views/ and public/ sit at the repository root, whether this runs from src/ (tests) or dist/src/ (built). */
function rootDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, name)) && existsSync(join(dir, 'package.json'))) return join(dir, name);
    dir = dirname(dir);
  }
  throw new Error(`cannot find the ${name}/ folder above ${fileURLToPath(import.meta.url)}`);
}
/** Paths the web router never answers, so it can be mounted at / beside the API. */
const NOT_OURS = /^\/(?:api|healthz|readyz)(?:\/|$)/;

/** The journey or indicator a page shows, so its write links follow the policy's answer about it (scopes). */
function pageSubject(context: Record<string, unknown>): { journeyId?: string; indicatorId?: string } {
  const id = (x: unknown, key: string) =>
    x && typeof x === 'object' ? (x as Record<string, unknown>)[key] : undefined;
  const journeyId = id(context.journey, 'journeyId');
  if (typeof journeyId === 'string') return { journeyId };
  const indicatorId = id(context.indicator, 'indicatorId');
  return typeof indicatorId === 'string' ? { indicatorId } : {};
}

/** For the "you can record on" line (views/partials/records-on.hbs): a scoped contributor's journeys now. */
function recordsOn(policy: AccessPolicy, actor: Principal | undefined) {
  const journeys = policy.recordsOn(actor);
  return journeys && { journeys, scope: scopeInWords(actor?.scope) };
}

export function createWebRouter(deps: WebDeps): Router {
  const secret = deps.sessionSecret ?? randomBytes(32).toString('hex');
  const secure = deps.secureCookies ?? false;
  const render = createRenderer(deps.viewsDir ?? rootDir('views'));
  const router = express.Router();
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.session?.v ?? '',
    cookieName: 'jl_csrf',
    cookieOptions: { sameSite: 'strict', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const body: unknown = req.body;
      return body && typeof body === 'object' && typeof (body as Record<string, unknown>)._csrf === 'string'
        ? (body as Record<string, string>)._csrf
        : null;
    },
  });

  router.use((req, _res, next) => (NOT_OURS.test(req.path) ? next('router') : next()));
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
    }),
  );
  router.use('/static', express.static(deps.publicDir ?? rootDir('public'), { maxAge: '1h', index: false }));
  router.use(cookieParser(secret));
  router.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 200 }));
  const sessions = new SessionStore(() => (deps.clock ?? systemClock).now().getTime());
  router.use(sessionMiddleware(deps.auth, sessions, secure));

  const ctx: WebContext = {
    deps: { ...deps, clock: deps.clock ?? systemClock },
    render,
    page(req, res, view, context, status = 200) {
      const html = render(view, {
        ...context,
        actor: req.actor ?? null,
        csrfToken: generateCsrfToken(req, res),
        canChart: deps.policy.may(req.actor, { do: 'write', command: 'CharterJourney' }),
        canDefine: deps.policy.may(req.actor, { do: 'write', command: 'DefineIndicator', ...pageSubject(context) }),
        canImport: deps.policy.may(req.actor, { do: 'import-measurements' }),
        recordsOn: recordsOn(deps.policy, req.actor),
      });
      res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
    },
    problem(req, res, status, heading, message, hint) {
      ctx.page(
        req,
        res,
        'problem',
        { title: heading, heading, message, hint, signIn: status === 401 && !req.actor, next: req.originalUrl },
        status,
      );
    },
    can(req, subject = {}) {
      if (!req.actor) return {};
      return Object.fromEntries(
        WRITE_ROUTES.map((r) => [
          r.command,
          deps.policy.may(req.actor, { do: 'write', command: r.command, ...subject }),
        ]),
      );
    },
    outOfScope(req, res, why, what) {
      ctx.problem(
        req,
        res,
        403,
        'Not one of your journeys',
        `You may not ${what} here: ${why}.`,
        'Ask an administrator to widen your access if you should record here (journey token scope).',
      );
    },
    refuse(req, res, action, what) {
      const verdict = deps.policy.authorise(req.actor, action);
      if (verdict.allowed) return false;
      const closed = action.do === 'read' && opensToPublic(action.what) && !deps.policy.publicRead;
      const roles =
        action.do === 'read'
          ? `anyone signed in${closed ? ' (this ledger is not open to the public)' : ''}`
          : rolesInWords(verdict.roles);
      if (!req.actor) {
        ctx.problem(req, res, 401, 'Please sign in', `You need to sign in to ${what}.`, `This is open to ${roles}.`);
      } else if (verdict.outOfScope) {
        ctx.outOfScope(req, res, verdict.outOfScope, what);
      } else {
        const role = req.actor.role === 'system' ? 'the system' : ROLE_WORDS[req.actor.role];
        ctx.problem(
          req,
          res,
          403,
          'Not allowed with your role',
          `You are signed in as ${role}, and only ${roles} may ${what}.`,
          'Ask an administrator for a token with that role if you need it (journey token issue).',
        );
      }
      return true;
    },
  };

  // A multipart upload is read before the CSRF check, which needs its token (import-form.ts).
  router.use(multipartImport(ctx));
  router.use(doubleCsrfProtection);

  const signInLimiter = rateLimit({
    windowMs: deps.signInLimit?.windowMs ?? 15 * 60 * 1000,
    limit: deps.signInLimit?.limit ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) =>
      ctx.problem(
        req,
        res,
        429,
        'Too many sign-in attempts',
        'There have been too many sign-in attempts from your address.',
        'Wait a few minutes, then try again.',
      ),
  });
  const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?!\/)[^\s\\]*$/.test(n) ? n : '/');

  router.get('/login', (req, res) => ctx.page(req, res, 'login', { title: 'Sign in', next: safeNext(req.query.next) }));
  // The token is resolved first: a correct sign-in is never refused, whatever others' failures from its address; only
  // failures go through the limiter, which counts them and answers 429 past the limit.
  router.post('/login', async (req, res, nextHandler) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = parseLoginForm(body);
    const next = safeNext(body.next);
    const actor = form.ok ? await deps.auth.resolve(form.data.token).catch(() => null) : null;
    if (!form.ok || !actor) {
      const errors = form.ok ? { token: 'that token is not recognised, or its access was revoked' } : form.errors;
      await Promise.resolve(
        signInLimiter(req, res, () =>
          ctx.page(
            req,
            res,
            'login',
            { title: 'Sign in', next, errors, errorList: [{ field: 'token', message: errors.token }] },
            401,
          ),
        ),
      ).catch(nextHandler);
      return;
    }
    signIn(req, res, sessions, actor, secure);
    res.redirect(303, next);
  });
  router.post('/logout', (req, res) => {
    signOut(req, res, sessions, secure);
    res.redirect(303, '/');
  });

  // Forms first: /journeys/new and /indicators/new are forms, not the journey or indicator "new".
  journeyForms(router, ctx);
  entryForms(router, ctx);
  decisionForms(router, ctx);
  indicatorForms(router, ctx);
  gapForms(router, ctx);
  importForm(router, ctx);
  pageRoutes(router, ctx);
  listPages(router, ctx);
  reportPages(router, ctx);

  router.use((req: Request, res: Response) =>
    ctx.problem(req, res, 404, 'Page not found', `There is nothing at ${req.path}.`),
  );
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const code = (err as { code?: unknown })?.code;
    if (code === 'EBADCSRFTOKEN') {
      ctx.problem(
        req,
        res,
        403,
        'This form has expired',
        'The form was sent without a valid security token, so nothing was saved.',
        'Go back, reload the page and send the form again.',
      );
      return;
    }
    const status = (err as { status?: unknown })?.status;
    if (status === 413) {
      ctx.problem(req, res, 413, 'Too much text', 'The form sent more than 1 MB, so nothing was saved.');
      return;
    }
    console.error(err);
    ctx.problem(req, res, 500, 'Something went wrong', 'The page could not be shown. Nothing was saved.');
  });
  return router;
}
