import type { Command } from 'commander';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readPublicKey, readSigningKey } from '../store/merkle/key-files.js';
import { DEFAULT_STORE_URL, loadConfig, type Config } from '../server/config.js';
import { openStore, type OpenStoreOptions } from '../store/open.js';
import type { EventStore } from '../store/port.js';
import { operatorActor } from '../app/tokens.js';
import { accessPolicy, type AccessPolicy, type Action } from '../domain/policy.js';
import type { Actor } from '../events/index.js';

/** The configuration (src/server/config.ts), read when a command runs; the command's flags override it. */
export const settings = (): Config => loadConfig();

/** Every command takes --store <url>, falling back to LEDGER_STORE, then the embedded default. */
export const withStoreOption = (cmd: Command): Command =>
  cmd.option('--store <url>', `store URL (default: LEDGER_STORE or ${DEFAULT_STORE_URL})`);

export const storeUrl = (opts: { store?: string }): string => opts.store ?? settings().storeUrl;

/** The witness file of signed tree heads: CHECKPOINTS_FILE, or checkpoints.jsonl beside the reports (REPORTS_DIR). */
export const checkpointsFile = (): string => settings().checkpointsFile;

/** The PEM file of the Ed25519 key that signs tree heads (LEDGER_SIGNING_KEY), when one is configured. */
export const signingKeyFile = (): string | undefined => settings().signingKeyFile;

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

/** Errors are one clear line and a non-zero exit. */
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

/**
 * The actor a command acts as (the operator at the machine, unless given), once the access policy has said yes:
 * the CLI asks the same policy as the API and the pages.
 */
export function authorised(
  action: Action,
  actor: Actor = operatorActor(),
  policy: AccessPolicy = accessPolicy({ publicRead: false }),
): Actor {
  const verdict = policy.authorise(actor, action);
  if (!verdict.allowed)
    throw new CliError(`not allowed: ${verdict.outOfScope ?? `it needs ${verdict.roles.join(' or ')}`}`);
  return actor;
}

/** The public key to check signatures with: --public-key, else LEDGER_SIGNING_KEY's public half, else none. */
export function publicKeyOrError(file: string | undefined): KeyObject | undefined {
  try {
    if (file) return readPublicKey(file);
    const keyFile = signingKeyFile();
    return keyFile ? createPublicKey(readSigningKey(keyFile)) : undefined;
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}
