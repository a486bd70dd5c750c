import type { Clock } from '../clock.js';
import type { EventStore } from './port.js';
import { openSqliteStore } from './sqlite.js';
import { openEventStoreDbStore } from './eventstoredb.js';

export interface OpenStoreOptions {
  clock?: Clock;
  pollMs?: number;
  /** Where a store says what went wrong in the background (EventStoreDB: a dropped subscription); default stderr. */
  log?: (message: string) => void;
  /** Read only (journey verify): an existing ledger, opened without creating or writing anything (SQLite). */
  readOnly?: boolean;
}

/**
 * A store by its URL (the CLI's --store, LEDGER_STORE): sqlite:<file>, sqlite::memory:, esdb://…, esdb+discover://…
 * (EventStoreDB URLs also take the ledger's own streamPrefix= and maxAppendSize=; see docs/eventstoredb.md).
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<EventStore> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') throw new Error(`store URL ${url} names no file: use sqlite:./data/ledger.db or sqlite::memory:`);
    return openSqliteStore({ file, ...options });
  }
  if (url.startsWith('esdb://') || url.startsWith('esdb+discover://')) {
    const { clock, log } = options;
    return openEventStoreDbStore(url, { ...(clock ? { clock } : {}), ...(log ? { log } : {}) });
  }
  throw new Error(
    `unknown store URL ${redact(url)}: expected sqlite:<file>, sqlite::memory:, esdb://host:2113?tls=false or esdb+discover://…`,
  );
}

/** Store URLs may carry credentials (esdb://user:pass@host); never print them. */
export const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');
