import type { Command } from 'commander';
import { pino } from 'pino';
import { startProjections } from '../../projections/runtime.js';
import { startServer } from '../api/server.js';
import { systemClock, uuidV7 } from '../clock.js';
import { seedDemo } from '../demo/index.js';
import { reportScheduler } from '../reports/scheduler.js';
import { openStore, redact } from '../store/open.js';
import { CliError, storeUrl, withStoreOption } from './common.js';
import { demoNow } from './demo.js';
import { issueToken } from './token.js';

interface ServeOptions {
  store?: string;
  port?: string;
  host?: string;
  demo?: boolean;
}

/**
 * journey serve: the API (and whatever else mounts on the app) on --port (default PORT or 3000), over --store.
 * Logs are pino JSON lines on stdout. SIGTERM/SIGINT: stop accepting, let in-flight requests finish, stop the
 * projections, close the store (its WAL checkpointed), exit 0.
 * --demo: a throwaway in-memory ledger seeded with the demo city, and an admin token printed to use it.
 */
export function registerServe(program: Command): void {
  withStoreOption(program.command('serve').description('run the HTTP API'))
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 0.0.0.0)')
    .option('--demo', 'a throwaway in-memory demo ledger, seeded, with an admin token printed')
    .action(async (opts: ServeOptions) => {
      const port = Number(opts.port ?? process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port must be a port number, not ${JSON.stringify(opts.port ?? process.env.PORT)}`);
      const logger = pino({ name: 'journey', level: process.env.LOG_LEVEL ?? 'info' });
      const url = opts.demo ? 'sqlite::memory:' : storeUrl(opts);
      // Poll the file for other processes' appends (a CLI import or revocation shows up without a restart).
      const store = await openStore(url, { pollMs: 250, log: (m) => logger.warn(m) }).catch((e: unknown) => {
        throw new CliError(e instanceof Error ? e.message : String(e));
      });
      let demoToken: string | undefined;
      if (opts.demo) {
        const seeded = await seedDemo(store, { now: demoNow(undefined), journeys: 5, years: 6, seed: 1 });
        demoToken = (await issueToken(store, 'Demo administrator', 'admin')).token;
        logger.info({ events: seeded.written }, 'demo city seeded');
      }
      const reportsDir = opts.demo ? undefined : (process.env.REPORTS_DIR ?? './reports');
      const runtime = startProjections(store, {
        onError: (f) => logger.error({ failure: f }, 'projection failed on an event'),
      });
      await runtime.ready;
      const server = await startServer({
        store,
        runtime,
        port,
        host: opts.host ?? process.env.HOST ?? '0.0.0.0',
        clock: systemClock,
        newId: uuidV7,
        logger,
        publicRead: process.env.PUBLIC_READ === 'true',
        ...(reportsDir === undefined ? {} : { reportsDir }),
      });
      // Publishes the previous quarter once it has ended: at start and hourly. A throwaway demo keeps its reports in
      // the ledger only (no files); REPORT_SCHEDULER=off turns it off.
      const scheduler =
        process.env.REPORT_SCHEDULER === 'off'
          ? null
          : reportScheduler({
              store,
              clock: systemClock,
              newId: uuidV7,
              ...(reportsDir === undefined ? {} : { outDir: reportsDir }),
              log: (message) => logger.info(message),
            });
      scheduler?.start();
      logger.info(
        {
          url: server.url,
          store: redact(url),
          position: runtime.position(),
          publicRead: process.env.PUBLIC_READ === 'true',
        },
        'journey ledger listening',
      );
      if (demoToken) process.stdout.write(`demo admin token (throwaway): ${demoToken}\n`);

      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'shutting down: finishing in-flight requests');
          void (async () => {
            scheduler?.stop();
            await server.close();
            runtime.stop();
            await store.close();
            logger.info('stopped');
            resolve();
          })();
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
