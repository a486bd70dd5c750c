import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { uuidV7, type IdGenerator } from '../clock.js';
import { hasEnded, isPeriod, streamIds, type Actor, type EventData, type StoredEvent } from '../events/index.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import { ConcurrencyError, type EventStore } from '../store/port.js';
import { buildReport, type ReportModel } from './model.js';
import { renderReport, type RenderedFile } from './render.js';

/**
 * Publishing: a report is rendered from the first N events in ledger order (its tree size; with a signing key, its
 * tree head signed and kept in the witness file first) and `ReportPublished` is appended to
 * `report-{period}` with expectedRevision 'no_stream', so a period is published exactly once even when several
 * servers (or a server and the CLI) try at the same moment: the loser gets a ConcurrencyError and changes nothing.
 */
export type ReportRecord = EventData<'ReportPublished'>;

export class ReportPeriodError extends Error {
  override readonly name = 'ReportPeriodError';
}

/** Periods come from URLs and the command line: only the Period schema's shapes, so no path can be smuggled in. */
export function assertPeriod(period: string): void {
  if (!isPeriod(period))
    throw new ReportPeriodError(
      `not a period: ${JSON.stringify(period).slice(0, 40)} (use YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)`,
    );
}

/** A report file name that stays inside its directory: no '.', '..', hidden files or separators. */
export const isSafeFileName = (name: string): boolean =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name) && !name.includes('..');

export async function publishedReport(
  store: EventStore,
  period: string,
): Promise<{ record: ReportRecord; event: StoredEvent } | null> {
  assertPeriod(period);
  for await (const e of store.readStream(streamIds.report(period))) {
    if (e.type === 'ReportPublished') return { record: e.data as ReportRecord, event: e };
  }
  return null;
}

export interface PublishOptions {
  actor: Actor;
  now: Date;
  /** Write the files here (as `<dir>/<name>`), after the append succeeded. */
  outDir?: string;
  newId?: IdGenerator;
  /** Render from the first `treeSize` events instead of every event. */
  treeSize?: number;
  /** Signs the report's tree head (LEDGER_SIGNING_KEY); without it the head is recorded unsigned. */
  signer?: HeadSigner;
  /** A warm fold of this period (reportFolder) to report from, instead of reading the ledger again. */
  folder?: { period: string; report(): Promise<ReportModel> };
  /** Publish nothing when no journey had been charted by the period's end (the scheduler's choice). */
  skipEmpty?: boolean;
}
export interface PublishResult {
  published: boolean;
  /** null only when skipEmpty found nothing to report. */
  record: ReportRecord | null;
  event: StoredEvent | null;
  files: RenderedFile[];
  model: ReportModel | null;
}

export async function publish(store: EventStore, period: string, options: PublishOptions): Promise<PublishResult> {
  assertPeriod(period);
  if (!hasEnded(period, options.now))
    throw new ReportPeriodError(`${period} has not ended yet: a report is published once its period is over`);
  const existing = await publishedReport(store, period);
  if (existing) return { published: false, record: existing.record, event: existing.event, files: [], model: null };
  const built =
    options.folder && options.folder.period === period && options.treeSize === undefined
      ? await options.folder.report()
      : await buildReport(store, period, options.treeSize);
  if (options.skipEmpty && built.journeys.length === 0)
    return { published: false, record: null, event: null, files: [], model: null };
  // The head of the cut is signed before the files are rendered: each file prints it (docs/decisions.md, "Reports").
  const model: ReportModel = options.signer
    ? { ...built, treeHead: options.signer.sign(built.treeHead, options.now.toISOString()) }
    : built;
  const files = renderReport(model);
  const record: ReportRecord = {
    period,
    position: model.position,
    treeHead: model.treeHead,
    digest: model.digest,
    files: files.map((f) => ({ name: f.name, sha256: f.sha256 })),
  };
  try {
    const result = await store.append(
      streamIds.report(period),
      [{ id: (options.newId ?? uuidV7)(), type: 'ReportPublished', data: record, actor: options.actor }],
      { expectedRevision: 'no_stream' },
    );
    if (options.outDir !== undefined) await writeFiles(options.outDir, files);
    return { published: true, record, event: result.events[0] ?? null, files, model };
  } catch (e) {
    if (!(e instanceof ConcurrencyError)) throw e;
    const winner = await publishedReport(store, period);
    if (!winner) throw e;
    return { published: false, record: winner.record, event: winner.event, files: [], model: null };
  }
}

/** Write each file atomically (temp file, then rename), so a reader never sees half a report. */
export async function writeFiles(dir: string, files: RenderedFile[]): Promise<string[]> {
  // Owner-only, like the ledger (docs/decisions.md, "Files are the owner's"): PUBLIC_READ serves them when wanted.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    await writeFile(`${path}.tmp`, f.body, { encoding: 'utf8', mode: 0o600 });
    await rename(`${path}.tmp`, path);
    paths.push(path);
  }
  return paths;
}
