import type { Command } from 'commander';
import type { StoredEvent } from '../events/envelope.js';
import { openStore } from '../store/open.js';
import type { EventStore } from '../store/port.js';
import { ChainVerifier, verifyLedger, type VerifyResult } from '../store/verify.js';
import { CliError, storeUrl, withStoreOption } from './common.js';
import { progressBar } from './progress.js';

export interface MigrationResult {
  /** Events copied by this run. */
  copied: number;
  /** Events the target already held from an earlier, interrupted run (not read again). */
  alreadyThere: number;
  source: VerifyResult;
  target: VerifyResult;
  /** The target verifies intact and its digest is the source's. */
  same: boolean;
}

export interface MigrateOptions {
  pageSize?: number;
  onProgress?(done: number, total: number): void;
  /** Called after each page is written (tests use it to interrupt a migration part-way). */
  afterPage?(copied: number): void | Promise<void>;
}

/**
 * Copy a whole ledger into another store, keeping every id, revision, time, actor and hash (DESIGN §4), then
 * verify the target and compare its digest with the source's.
 *
 * - The source is checked first (every chain, with the same checker as `journey verify`): a broken ledger is
 *   never copied. The copy runs up to the source's position at that moment (the cut), so writers that carry on
 *   during a migration do not make the digests disagree; running migrate again copies what came after.
 * - Resumable: events are restored in source position order, so the target holds a prefix of the source. Its last
 *   event is looked up in the source, and the copy continues after that event's source position. A restore skips
 *   any event already at its place, so even an overlap never duplicates.
 * - A target holding events that are not this ledger's prefix is refused before anything is written.
 */
export async function migrateLedger(
  source: EventStore,
  target: EventStore,
  options: MigrateOptions = {},
): Promise<MigrationResult> {
  const pageSize = options.pageSize ?? 1000;
  const resumeAfter = await resumePoint(source, target);

  const verifier = new ChainVerifier(source.densePositions);
  let alreadyThere = 0;
  for await (const page of source.readPages({ pageSize: 5000 })) {
    for (const e of page) {
      if (!verifier.check(e)) {
        const b = verifier.firstBroken;
        throw new CliError(
          `refused: the source ledger is broken at stream ${b?.streamId} revision ${b?.revision} position ${b?.position}: ${b?.reason}; nothing was copied`,
        );
      }
      if (resumeAfter !== null && BigInt(e.position) <= resumeAfter) alreadyThere += 1;
    }
  }
  const sourceResult = verifier.finish();
  const cut = sourceResult.position;
  const total = sourceResult.events;

  let copied = 0;
  options.onProgress?.(alreadyThere, total);
  if (total > alreadyThere) {
    const after = resumeAfter === null ? {} : { after: resumeAfter.toString() };
    for await (const page of source.readPages({ ...after, to: cut, pageSize })) {
      const { written, skipped } = await target.restore(page);
      copied += written;
      alreadyThere += skipped;
      options.onProgress?.(alreadyThere + copied, total);
      await options.afterPage?.(copied);
    }
  }

  const targetResult = await verifyLedger(target);
  const same =
    targetResult.ok && targetResult.digest === sourceResult.digest && targetResult.events === sourceResult.events;
  return { copied, alreadyThere, source: sourceResult, target: targetResult, same };
}

/**
 * Where an interrupted migration stopped: the source position of the target's last event, or null for an empty
 * target. The target's last event must be this ledger's (same id at the same stream and revision).
 */
async function resumePoint(source: EventStore, target: EventStore): Promise<bigint | null> {
  const last = BigInt(await target.lastPosition());
  if (last === 0n) return null;
  let lastEvent: StoredEvent | undefined;
  for await (const e of target.readAll({ after: (last - 1n).toString(), pageSize: 1 })) {
    lastEvent = e;
    break;
  }
  if (!lastEvent) return null;
  for await (const e of source.readStream(lastEvent.streamId, { fromRevision: lastEvent.revision })) {
    if (e.id === lastEvent.id && e.hash === lastEvent.hash) return BigInt(e.position);
    break;
  }
  throw new CliError(
    `refused: the target already holds events that are not this ledger's (its last event, ${lastEvent.streamId}@${lastEvent.revision} ` +
      `id ${lastEvent.id}, is not in the source there); migrate into an empty store`,
  );
}

/** `journey migrate --to <url>`: from --store (or LEDGER_STORE) into another store, resumable, verified. */
export function registerMigrate(program: Command): void {
  withStoreOption(
    program
      .command('migrate')
      .description(
        'copy every event (ids, order, times, actor, hashes) into another store, then verify it there; re-run to resume',
      ),
  )
    .requiredOption('--to <url>', 'the target store URL, e.g. esdb://localhost:2113?tls=false')
    .option('--page-size <n>', 'events per page', (v) => Number.parseInt(v, 10), 1000)
    .action(async (opts: { store?: string; to: string; pageSize: number }) => {
      const from = storeUrl(opts);
      if (from === opts.to) throw new CliError('refused: --to names the same store as the source');
      if (!Number.isSafeInteger(opts.pageSize) || opts.pageSize < 1)
        throw new CliError('--page-size must be a positive whole number');
      const source = await openStore(from);
      try {
        const target = await openStore(opts.to);
        try {
          let bar: ReturnType<typeof progressBar> | null = null;
          const result = await migrateLedger(source, target, {
            pageSize: opts.pageSize,
            onProgress: (done, total) => {
              bar ??= progressBar('migrating', total);
              bar.update(done);
            },
          });
          (bar as ReturnType<typeof progressBar> | null)?.stop();
          const t = result.target;
          const summary = `${result.copied} events copied (${result.alreadyThere} already there) from ${source.description} to ${target.description}`;
          if (!result.same) {
            const why = t.firstBroken
              ? `the target is broken at ${t.firstBroken.streamId}@${t.firstBroken.revision}: ${t.firstBroken.reason}`
              : `the target's digest ${t.digest} (${t.events} events) differs from the source's ${result.source.digest} (${result.source.events} events)`;
            throw new CliError(`${summary}, but ${why}`);
          }
          process.stdout.write(
            `${summary}; target verified: ${t.events} events in ${t.streams} streams, digest ${t.digest} (same as the source)\n`,
          );
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}
