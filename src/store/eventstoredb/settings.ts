import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString.js';
import { describeEsdbUrl } from './mapping.js';
import { MAX_APPEND_SIZE } from './size.js';

/** What the adapter takes from a store URL: the client's connection string and the ledger's own settings. */
export interface EsdbSettings {
  /** The URL without the ledger's own parameters, as the client parses it. */
  connectionString: string;
  /** For logs and errors: the URL without credentials. */
  description: string;
  /** The ledger's namespace on a shared server (`streamPrefix=`): every stream is stored as prefix + name. */
  streamPrefix: string;
  /** The server's MaxAppendSize (`maxAppendSize=`, default 1 MiB): bigger appends are refused before writing. */
  maxAppendSize: number;
  /** How long any call may go without an answer (`defaultDeadline=`, default 10 s). */
  deadlineMs: number;
}

/** The client's own default deadline (client 6.2.1 Client/index.js). */
export const DEFAULT_DEADLINE_MS = 10_000;

/** The ledger's own URL parameters: the client would warn about them and ignore them, so they are taken out. */
const OWN = ['streamPrefix', 'maxAppendSize'] as const;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

class EsdbSettingsError extends Error {
  override readonly name = 'EsdbSettingsError';
}

/**
 * Reads an esdb:// or esdb+discover:// URL. Refuses, with what to do instead, the settings that would make the
 * ledger misbehave without saying so:
 * - `throwOnAppendFailure=false`: the client then answers a wrong expected revision with `{ success: false }`
 *   instead of an error, and the ledger's optimistic concurrency relies on that error;
 * - `tlsVerifyCert=false`: client 6.2.1 ignores it (Client/parseConnectionString.js says so and verifies the
 *   certificate anyway), so a self-signed server would fail later with a confusing TLS error.
 */
export function parseEsdbSettings(url: string): EsdbSettings {
  const description = describeEsdbUrl(url);
  const [base, query = ''] = splitOnce(url, '?');
  const own = new Map<string, string>();
  const rest: string[] = [];
  for (const pair of query.split('&').filter((p) => p !== '')) {
    const [key = '', value = ''] = splitOnce(pair, '=');
    const mine = OWN.find((k) => k.toLowerCase() === key.toLowerCase());
    if (mine) own.set(mine, decodeURIComponent(value));
    else rest.push(pair);
  }
  for (const pair of rest) {
    const [key = '', value = ''] = splitOnce(pair, '=');
    const flat = key.toLowerCase().replace(/[_-]/g, '');
    if (flat === 'throwonappendfailure' && value.trim() === 'false')
      throw new EsdbSettingsError(
        `store URL ${description}: throwOnAppendFailure=false is not supported: the ledger needs the client to report a wrong expected revision as an error (leave the setting out)`,
      );
    if (flat === 'tlsverifycert' && value.trim() === 'false')
      throw new EsdbSettingsError(
        `store URL ${description}: tlsVerifyCert=false has no effect in @eventstore/db-client 6.2.1 (the server's certificate is verified anyway): give the certificate authority with tlsCAFile=<path to ca.crt>, or use tls=false for a local insecure node`,
      );
  }
  const connectionString = rest.length > 0 ? `${base}?${rest.join('&')}` : base;
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(connectionString);
  } catch (err) {
    throw new EsdbSettingsError(
      `store URL ${description} is not a valid EventStoreDB connection string: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const streamPrefix = own.get('streamPrefix') ?? '';
  if (streamPrefix !== '' && !PREFIX.test(streamPrefix))
    throw new EsdbSettingsError(
      `store URL ${description}: streamPrefix must be 1–64 letters, digits or _ . : - and start with a letter or digit (EventStoreDB keeps streams starting with $ for itself)`,
    );
  const size = own.get('maxAppendSize');
  const maxAppendSize = size === undefined ? MAX_APPEND_SIZE : Number(size);
  if (!Number.isSafeInteger(maxAppendSize) || maxAppendSize < 1024)
    throw new EsdbSettingsError(
      `store URL ${description}: maxAppendSize must be the server's MaxAppendSize in bytes (at least 1024), not ${JSON.stringify(size)}`,
    );
  return {
    connectionString,
    description,
    streamPrefix,
    maxAppendSize,
    deadlineMs: parsed.defaultDeadline ?? DEFAULT_DEADLINE_MS,
  };
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}
