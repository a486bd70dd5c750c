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
 * - Resumable: events are restored in source order, so the target holds a prefix of the source. The target's events
 *   are counted; its last event must be the source's event with the same ordinal (its place in ledger order), and
 *   the copy continues after that event's own source position. Positions belong to their store (an EventStoreDB
 *   position is a byte offset, readable only at an event's own), so nothing here computes with another store's
 *   positions. A restore skips any event already at its place, so even an overlap never duplicates.
 * - A target holding events that are not this ledger's prefix is refused before anything is written.
 */
export async function migrateLedger(
  source: EventStore,
  target: EventStore,
  options: MigrateOptions = {},
): Promise<MigrationResult> {
  const pageSize = options.pageSize ?? 1000;
  const held = await targetPrefix(target);

  const verifier = new ChainVerifier(source.densePositions);
  let resumeAfter: string | null = null;
  for await (const page of source.readPages({ pageSize: 5000 })) {
    for (const e of page) {
      if (!verifier.check(e)) {
        const b = verifier.firstBroken;
        throw new CliError(
          `refused: the source ledger is broken at stream ${b?.streamId} revision ${b?.revision} position ${b?.position}: ${b?.reason}; nothing was copied`,
        );
      }
      if (held.last && verifier.events === held.count) {
        if (!sameEvent(e, held.last)) throw notThisLedger(held.last);
        resumeAfter = e.position;
      }
    }
  }
  if (held.last && resumeAfter === null) throw notThisLedger(held.last);
  const sourceResult = verifier.finish();
  const cut = sourceResult.position;
  const total = sourceResult.events;

  let copied = 0;
  let alreadyThere = held.count;
  options.onProgress?.(alreadyThere, total);
  if (total > alreadyThere) {
    const after = resumeAfter === null ? {} : { after: resumeAfter };
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

/** How many events the target holds, and its last one (null when empty). */
async function targetPrefix(target: EventStore): Promise<{ count: number; last: StoredEvent | null }> {
  let count = 0;
  let last: StoredEvent | null = null;
  for await (const page of target.readPages({ pageSize: 5000 })) {
    count += page.length;
    last = page[page.length - 1] ?? last;
  }
  return { count, last };
}

const sameEvent = (a: StoredEvent, b: StoredEvent): boolean =>
  a.id === b.id && a.hash === b.hash && a.streamId === b.streamId && a.revision === b.revision;

const notThisLedger = (last: StoredEvent) =>
  new CliError(
    `refused: the target already holds events that are not this ledger's (its last event, ${last.streamId}@${last.revision} ` +
      `id ${last.id}, is not in the source there); migrate into an empty store`,
  );

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
