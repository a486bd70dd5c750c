import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { StoredEvent } from '../events/envelope.js';
import type { ReadAllOptions } from './port.js';
import { COLUMNS, rawRowReader, type RawEventRow } from './sqlite-schema.js';

/**
 * A whole-ledger read with the SQLite stepping on another thread (docs/decisions.md, "Cold reports"): a worker opens
 * the file read-only and reads pages ahead, at most AHEAD of them waiting, while the caller turns the rows into events
 * (JSON.parse) and folds them. The rows cross as arrays of strings and numbers, which copy cheaply; parsed events
 * would cost as much to copy as to parse, so parsing stays with the caller. The worker reads committed events only,
 * as a second connection to a WAL file does.
 */
const AHEAD = 3;

const WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const Database = require(w.driver);
const db = new Database(w.file, { readonly: true, fileMustExist: true });
const page = db.prepare('SELECT ' + w.columns + ' FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?').raw(true);
let after = w.after;
let credit = w.ahead;
let done = false;
const pump = () => {
  while (credit > 0 && !done) {
    const rows = page.all(after, w.to, w.size);
    credit -= 1;
    done = rows.length < w.size;
    if (rows.length > 0) after = rows[rows.length - 1][0];
    parentPort.postMessage({ rows, done });
  }
  if (done) db.close();
};
parentPort.on('message', () => { credit += 1; pump(); });
pump();
`;

type Message = { rows: RawEventRow[]; done: boolean };

/** The pages of `file` after `options.after` up to `options.to`, in position order; stops the worker when left early. */
export async function* readAheadPages(file: string, options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      columns: COLUMNS,
      after: Number(options.after ?? 0),
      to: options.to === undefined ? Number.MAX_SAFE_INTEGER : Number(options.to),
      size: options.pageSize ?? 1000,
      ahead: AHEAD,
    },
  });
  const arrived: Message[] = [];
  let failed: unknown = null;
  let wake: (() => void) | null = null;
  const nudge = () => {
    wake?.();
    wake = null;
  };
  let finished = false;
  worker.on('message', (m: Message) => {
    finished ||= m.done;
    arrived.push(m);
    nudge();
  });
  worker.on('error', (e) => {
    failed = e;
    nudge();
  });
  worker.on('exit', (code) => {
    if (!finished) failed ??= new Error(`the read-ahead worker stopped with code ${code} before the last page`);
    nudge();
  });
  const toEvent = rawRowReader();
  try {
    for (;;) {
      const m = arrived.shift();
      if (m === undefined) {
        if (failed !== null) throw failed;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (!m.done) worker.postMessage(0);
      if (m.rows.length > 0) yield m.rows.map(toEvent);
      if (m.done) return;
    }
  } finally {
    await worker.terminate();
  }
}
