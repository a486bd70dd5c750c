import type { Command } from 'commander';
import { PROJECTION_NAMES, type ProjectionKey } from '../../projections/index.js';
import { startProjections } from '../../projections/runtime.js';
import { CliError, usingStore, withStoreOption } from './common.js';
import { progressBar } from './progress.js';

/**
 * `journey rebuild`: replays every projection from the whole ledger through the same runtime a starting server
 * uses (catch-up in pages), with a progress bar, then prints events/s and each projection's share of the time.
 * A projection that fails on an event is named with the event's position, and the exit code is 1.
 */
export function registerRebuild(program: Command): void {
  withStoreOption(
    program
      .command('rebuild')
      .description('replay every projection from the whole ledger, with a progress bar and events/s'),
  )
    .option('--page-size <n>', 'events read and folded per page', '2000')
    .action(async (opts: { store?: string; pageSize: string }) => {
      const pageSize = Number(opts.pageSize);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000)
        throw new CliError('--page-size must be a whole number from 1 to 100000');
      await usingStore(opts, async (store) => {
        const last = Number(await store.lastPosition());
        const bar = progressBar('rebuilding', Math.max(last, 1));
        const started = performance.now();
        const runtime = startProjections(store, {
          pageSize,
          onPage: (position) => bar.update(Math.min(Number(position), last)),
        });
        try {
          await runtime.ready;
        } finally {
          runtime.stop();
          bar.stop();
        }
        const seconds = (performance.now() - started) / 1000;
        const events = runtime.folded();
        const perSecond = seconds > 0 ? Math.round(events / seconds) : events;
        const fmt = (n: number) => n.toLocaleString('en-GB');
        process.stdout.write(
          `rebuilt ${Object.keys(PROJECTION_NAMES).length} projections from ${fmt(events)} events in ${seconds.toFixed(2)} s: ${fmt(perSecond)} events/s (position ${runtime.position()})\n`,
        );
        const timings = runtime.timings();
        process.stdout.write(
          `${(Object.keys(timings) as ProjectionKey[]).map((k) => `${PROJECTION_NAMES[k]} ${Math.round(timings[k])} ms`).join(' · ')}\n`,
        );
        const failures = runtime.failures();
        if (failures.length > 0) {
          for (const f of failures.slice(0, 10))
            process.stderr.write(
              `FAILED: ${f.projection} at position ${f.position} (${f.type} ${f.eventId}): ${f.message}\n`,
            );
          throw new CliError(
            `${failures.length}${failures.length >= 1000 ? '+' : ''} projection failures; the first are listed above`,
          );
        }
      });
    });
}
