import busboy from 'busboy';
import type { NextFunction, Request, Response, Router } from 'express';
import { importMeasurements, CSV_COLUMNS } from '../app/measurement-import.js';
import { isDomainError } from '../domain/errors.js';
import type { WebContext } from './context.js';

/**
 * Figures from a spreadsheet: a CSV file uploaded (multipart/form-data, read with busboy) or pasted, imported as
 * the API's /measurements/import does — every row checked, all rows or none, every bad row listed by its line.
 */
const PATH = '/measurements/import';
const LIMIT = 1024 * 1024;
const WHAT = 'import figures from a spreadsheet';

declare module 'express-serve-static-core' {
  interface Request {
    /** The text of a file uploaded with a multipart form (import-form.ts). */
    uploaded?: { name: string; text: string; tooLarge: boolean };
  }
}

/**
 * Reads a multipart body into req.body (its fields, the CSRF token among them) and req.uploaded (the file), so the
 * CSRF check that follows sees the token. Registered before the CSRF check; asks the policy first, so nobody who
 * may not import can make the server read a file.
 */
export function multipartImport(ctx: WebContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || req.path !== PATH || !req.is('multipart/form-data')) return next();
    if (ctx.refuse(req, res, { do: 'import-measurements' }, WHAT)) return;
    const fields: Record<string, string> = {};
    let file: Request['uploaded'];
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: LIMIT, fields: 10, fieldSize: LIMIT } });
    } catch (e) {
      return next(e);
    }
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      const f = { name: info.filename ?? '', text: '', tooLarge: false };
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        f.tooLarge = true;
      });
      stream.on('end', () => {
        f.text = Buffer.concat(chunks).toString('utf8');
        if (f.name || f.text) file = f;
      });
    });
    bb.on('error', (e) => next(e));
    bb.on('close', () => {
      req.body = fields;
      if (file) req.uploaded = file;
      next();
    });
    req.pipe(bb);
  };
}

export function importForm(router: Router, ctx: WebContext): void {
  const show = (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    ctx.page(
      req,
      res,
      'forms/import',
      {
        title: `${extra.errorList ? 'Error: ' : ''}Import figures from a spreadsheet`,
        columns: CSV_COLUMNS.join(','),
        breadcrumbs: [{ href: '/', label: 'City overview' }],
        ...extra,
      },
      status,
    );
  router.get(PATH, (req, res) => {
    if (ctx.refuse(req, res, { do: 'import-measurements' }, WHAT)) return;
    const count = Number(req.query.imported);
    show(req, res, Number.isInteger(count) && count > 0 ? { imported: count } : {});
  });
  router.post(PATH, async (req, res) => {
    if (ctx.refuse(req, res, { do: 'import-measurements' }, WHAT)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pasted = typeof body.csv === 'string' ? body.csv : '';
    const upload = req.uploaded;
    const fail = (messages: string[], field = 'file') =>
      show(
        req,
        res,
        { errorList: messages.map((message) => ({ href: `#${field}`, message })), values: { csv: pasted } },
        400,
      );
    if (upload?.tooLarge)
      return fail(['The file must be smaller than 1 MB. Import a larger one with journey import measurements.']);
    const text = upload && upload.text.trim() !== '' ? upload.text : pasted;
    if (text.trim() === '') return fail(['Select a CSV file, or paste its rows']);
    try {
      const result = await importMeasurements(ctx.deps.ledger, req.actor!, text);
      res.redirect(303, `${PATH}?imported=${result.imported}`);
    } catch (e) {
      if (isDomainError(e) && e.kind === 'forbidden') return ctx.outOfScope(req, res, e.message, WHAT);
      if (!isDomainError(e)) throw e;
      const lines = e.errors.length > 0 ? e.errors : [{ path: '', message: e.message }];
      // Every bad row, by its line, as the API lists them; nothing was recorded.
      fail(lines.map((l) => (l.path ? `${l.path.replace(/^line/, 'Line')}: ${l.message}` : l.message)));
    }
  });
}
