import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { systemClock, uuidV7, type Clock, type IdGenerator } from '../clock.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import type { EventStore } from '../store/port.js';
import { startProjections, type ProjectionRuntime } from '../../projections/runtime.js';
import { createApp } from './app.js';
import type { TrustProxy } from './config.js';

export interface ServerOptions {
  store: EventStore;
  /** 0 = any free port (tests). */
  port?: number;
  host?: string;
  clock?: Clock;
  newId?: IdGenerator;
  logger?: Logger;
  publicRead?: boolean;
  /** Where published report files are written (REPORTS_DIR); the pages read them there too. */
  reportsDir?: string;
  reportFilesDir?: string;
  sessionSecret?: string;
  secureCookies?: boolean;
  trustProxy?: TrustProxy;
  /** The projections' runtime; when not given, one is started (and caught up before listening) and stopped on close. */
  runtime?: ProjectionRuntime;
  /** How long close() lets in-flight requests finish before cutting connections. */
  shutdownGraceMs?: number;
  /** Signs tree heads (LEDGER_SIGNING_KEY). */
  signer?: HeadSigner;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * A real HTTP server on the API. close() stops accepting, lets in-flight requests finish (up to the grace
 * period), then resolves; the caller closes the store (journey serve does, after this).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const ownRuntime = options.runtime ? null : startProjections(options.store);
  const runtime = options.runtime ?? (ownRuntime as ProjectionRuntime);
  await runtime.ready;
  const app = createApp({
    store: options.store,
    clock: options.clock ?? systemClock,
    newId: options.newId ?? uuidV7,
    ...(options.logger ? { logger: options.logger } : {}),
    publicRead: options.publicRead ?? false,
    runtime,
    ...(options.reportsDir === undefined ? {} : { reportsDir: options.reportsDir }),
    ...(options.reportFilesDir === undefined ? {} : { reportFilesDir: options.reportFilesDir }),
    ...(options.sessionSecret === undefined ? {} : { sessionSecret: options.sessionSecret }),
    ...(options.secureCookies === undefined ? {} : { secureCookies: options.secureCookies }),
    ...(options.signer ? { signer: options.signer } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          ownRuntime?.stop();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
