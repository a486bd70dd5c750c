import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The one configuration: every environment variable the ledger reads, read here once, validated, into one typed
 * object. The CLI's flags override it (src/cli/); nothing else reads `process.env`.
 *
 *   PORT              port for `journey serve` (default 3000)
 *   HOST              address it listens on (default 127.0.0.1, this machine only; the container sets 0.0.0.0)
 *   LEDGER_STORE      store URL: sqlite:<file> | sqlite::memory: | esdb://… (default sqlite:./data/ledger.db)
 *   PUBLIC_READ       true: anonymous visitors may read journeys, indicators and published reports
 *   SESSION_SECRET    signs the web session cookie (default: random per process, sessions end on restart)
 *   COOKIE_SECURE     true: cookies marked Secure (behind HTTPS)
 *   REPORTS_DIR       where published report files are written and read (default ./reports)
 *   REPORT_SCHEDULER  off: the server does not publish the last quarter's report by itself
 *   LOG_LEVEL         pino level (default info)
 *   TRUST_PROXY       which proxies in front may name the client's address (X-Forwarded-For), as Express's
 *                     `trust proxy`: a hop count (1 = the one proxy in front), loopback / linklocal / uniquelocal,
 *                     addresses or subnets (10.0.0.0/8), or a comma-separated list of these; default: none, the
 *                     client is the peer. Failed-token limits count per client address.
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
  TRUST_PROXY: z.string().optional(),
});

/** Express's `trust proxy`: false (no proxy), a hop count, or a list of names, addresses and subnets. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A subnet a proxy may sit in: an address with an optional prefix length (10.0.0.0/8, fd00::/8). */
function isSubnet(s: string): boolean {
  const [address = '', prefix, ...rest] = s.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY as Express takes it; `true` (trust every proxy) is refused: it lets any client choose its address. */
export function parseTrustProxy(value: string | undefined): TrustProxy | string {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  if (v === 'true')
    return "true trusts every proxy, so any client could choose its own address: give a hop count (1), loopback, or the proxies' addresses";
  const list = v.split(',').map((x) => x.trim());
  const bad = list.filter((x) => !PROXY_NAMES.has(x) && !isSubnet(x));
  return bad.length === 0
    ? list
    : `${bad.map((b) => JSON.stringify(b)).join(', ')} is not a hop count, loopback, linklocal, uniquelocal, an address or a subnet`;
}

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
  trustProxy: TrustProxy;
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
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (typeof trustProxy === 'string') throw new ConfigError(`the environment is not valid: TRUST_PROXY: ${trustProxy}`);
  const reportsDir = e.REPORTS_DIR ?? './reports';
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '127.0.0.1',
    storeUrl: e.LEDGER_STORE ?? DEFAULT_STORE_URL,
    publicRead: e.PUBLIC_READ,
    sessionSecret: e.SESSION_SECRET,
    secureCookies: e.COOKIE_SECURE,
    reportsDir,
    reportScheduler: e.REPORT_SCHEDULER !== 'off',
    logLevel: e.LOG_LEVEL ?? 'info',
    checkpointsFile: e.CHECKPOINTS_FILE ?? join(reportsDir, 'checkpoints.jsonl'),
    signingKeyFile: e.LEDGER_SIGNING_KEY || undefined,
    trustProxy,
  };
}
