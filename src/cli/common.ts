import { join } from 'node:path';
import type { Command } from 'commander';
import { openStore, DEFAULT_STORE_URL, type OpenStoreOptions } from '../store/open.js';
import type { EventStore } from '../store/port.js';

/** Every command takes --store <url>, falling back to LEDGER_STORE, then the embedded default. */
export const withStoreOption = (cmd: Command): Command =>
  cmd.option('--store <url>', `store URL (default: LEDGER_STORE or ${DEFAULT_STORE_URL})`);

export const storeUrl = (opts: { store?: string }): string =>
  opts.store ?? process.env.LEDGER_STORE ?? DEFAULT_STORE_URL;

/** The witness file of signed tree heads: CHECKPOINTS_FILE, or checkpoints.jsonl beside the reports (REPORTS_DIR). */
export const checkpointsFile = (): string =>
  process.env.CHECKPOINTS_FILE ?? join(process.env.REPORTS_DIR ?? './reports', 'checkpoints.jsonl');

/** The PEM file of the Ed25519 key that signs tree heads (LEDGER_SIGNING_KEY), when one is configured. */
export const signingKeyFile = (): string | undefined => process.env.LEDGER_SIGNING_KEY || undefined;

/** Open the store, run the work, always close the store (so the WAL is checkpointed and handles released). */
export async function usingStore<T>(
  opts: { store?: string },
  work: (store: EventStore) => Promise<T>,
  options: OpenStoreOptions = {},
): Promise<T> {
  const store = await openStore(storeUrl(opts), options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Errors are one clear line and a non-zero exit (DESIGN §10). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A command group (`import`, `export`, `token`, `report`…) shared by several modules: found, or made once. */
export function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
