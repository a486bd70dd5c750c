import type { Command } from 'commander';
import { pino } from 'pino';
import { serve } from '../server/serve.js';
import { redact } from '../store/open.js';
import { CliError, settings, storeUrl, withStoreOption } from './common.js';

interface ServeOptions {
  store?: string;
  port?: string;
  host?: string;
  demo?: boolean;
}

/**
 * journey serve: the API and the pages on --port (default PORT or 3000), over --store; wired by src/server/serve.ts.
 * Logs are pino JSON lines on stdout. SIGTERM/SIGINT: stop accepting, let in-flight requests finish, stop the
 * projections, close the store (its WAL checkpointed), exit 0.
 * --demo: a throwaway in-memory ledger seeded with the demo city, and an admin token printed to use it.
 */
export function registerServe(program: Command): void {
  withStoreOption(program.command('serve').description('run the HTTP API'))
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1, this machine only)')
    .option('--demo', 'a throwaway in-memory demo ledger, seeded, with an admin token printed')
    .action(async (opts: ServeOptions) => {
      const config = settings();
      if (opts.demo && opts.store !== undefined)
        throw new CliError(
          '--demo serves a throwaway in-memory ledger, so it takes no --store: to serve the demo city from a file, seed it with `journey demo --store <url>` and run `journey serve --store <url>`',
        );
      const port = opts.port === undefined ? config.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port must be a port number, not ${JSON.stringify(opts.port)}`);
      const logger = pino({ name: 'journey', level: config.logLevel });
      if (config.sessionSecret === undefined)
        logger.warn(
          'SESSION_SECRET is not set: cookies and form tokens are signed with a random secret made at start, so forms open in browsers stop working at every restart, and several processes cannot share visitors; set SESSION_SECRET (32 random bytes, e.g. openssl rand -hex 32)',
        );
      const url = storeUrl(opts);
      const serving = await serve({
        config,
        storeUrl: url,
        port,
        host: opts.host ?? config.host,
        demo: opts.demo === true,
        logger,
      }).catch((e: unknown) => {
        throw new CliError(e instanceof Error ? e.message : String(e));
      });
      logger.info(
        {
          url: serving.url,
          store: redact(opts.demo ? 'sqlite::memory:' : url),
          position: serving.position,
          publicRead: config.publicRead,
        },
        'journey ledger listening',
      );
      if (serving.demoToken) process.stdout.write(`demo admin token (throwaway): ${serving.demoToken}\n`);
      if (serving.demoPartnerTokens.length > 0) {
        const width = Math.max(...serving.demoPartnerTokens.map((p) => p.partner.length));
        process.stdout.write(
          `demo partner tokens (throwaway; each records only on the journeys naming its partner):\n${serving.demoPartnerTokens
            .map((p) => `  ${`${p.partner}:`.padEnd(width + 1)} ${p.token}\n`)
            .join('')}`,
        );
      }

      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'shutting down: finishing in-flight requests');
          void serving.stop().then(() => {
            logger.info('stopped');
            resolve();
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
