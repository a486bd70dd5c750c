import { join } from 'node:path';
import { z } from 'zod';

/**
 * The one configuration: every environment variable the ledger reads, read here once, validated, into one typed
 * object. The CLI's flags override it (src/cli/); nothing else reads `process.env`.
 *
 *   PORT              port for `journey serve` (default 3000)
 *   HOST              address it listens on (default 0.0.0.0)
 *   LEDGER_STORE      store URL: sqlite:<file> | sqlite::memory: | esdb://… (default sqlite:./data/ledger.db)
 *   PUBLIC_READ       true: anonymous visitors may read journeys, indicators and published reports
 *   SESSION_SECRET    signs the web session cookie (default: random per process, sessions end on restart)
 *   COOKIE_SECURE     true: cookies marked Secure (behind HTTPS)
 *   REPORTS_DIR       where published report files are written and read (default ./reports)
 *   REPORT_SCHEDULER  off: the server does not publish the last quarter's report by itself
 *   LOG_LEVEL         pino level (default info)
 *   CHECKPOINTS_FILE  the witness file of signed tree heads (default checkpoints.jsonl in REPORTS_DIR)
 *   LEDGER_SIGNING_KEY  the PEM file of the Ed25519 key that signs tree heads (default: none, heads unsigned)
 */
export const DEFAULT_STORE_URL = 'sqlite:./data/ledger.db';

const flag = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((v) => v === 'true');

const Env = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a port number')
    .optional(),
  HOST: z.string().min(1).optional(),
  LEDGER_STORE: z.string().min(1).optional(),
  PUBLIC_READ: flag,
  SESSION_SECRET: z.string().min(1).optional(),
  COOKIE_SECURE: flag,
  REPORTS_DIR: z.string().min(1).optional(),
  REPORT_SCHEDULER: z.enum(['on', 'off', '']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  CHECKPOINTS_FILE: z.string().min(1).optional(),
  LEDGER_SIGNING_KEY: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  storeUrl: string;
  publicRead: boolean;
  sessionSecret: string | undefined;
  secureCookies: boolean;
  reportsDir: string;
  reportScheduler: boolean;
  logLevel: string;
  checkpointsFile: string;
  signingKeyFile: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the environment once; a value that is set but not valid is an error naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`the environment is not valid: ${issues.join('; ')}`);
  }
  const e = parsed.data;
  const reportsDir = e.REPORTS_DIR ?? './reports';
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '0.0.0.0',
    storeUrl: e.LEDGER_STORE ?? DEFAULT_STORE_URL,
    publicRead: e.PUBLIC_READ,
    sessionSecret: e.SESSION_SECRET,
    secureCookies: e.COOKIE_SECURE,
    reportsDir,
    reportScheduler: e.REPORT_SCHEDULER !== 'off',
    logLevel: e.LOG_LEVEL ?? 'info',
    checkpointsFile: e.CHECKPOINTS_FILE ?? join(reportsDir, 'checkpoints.jsonl'),
    signingKeyFile: e.LEDGER_SIGNING_KEY || undefined,
  };
}
