import type { Command } from 'commander';
import { signLedgerHead } from '../app/tree-heads.js';
import { systemClock, uuidV7, type Clock } from '../clock.js';
import { readSigningKey, writeKeyPair } from '../store/merkle/key-files.js';
import { headSigner } from '../store/merkle/signer.js';
import { authorised, checkpointsFile, CliError, group, signingKeyFile, usingStore, withStoreOption } from './common.js';

/** journey key generate [--out dir]: the Ed25519 key pair that signs tree heads (docs/decisions.md). */
export function registerKey(program: Command): void {
  group(program, 'key', 'the key that signs tree heads')
    .command('generate')
    .description('write a new Ed25519 key pair for signed tree heads (the private key readable by its owner only)')
    .option('--out <dir>', 'directory to write the key pair to', './keys')
    .action((opts: { out: string }) => {
      let written;
      try {
        written = writeKeyPair(opts.out);
      } catch (e) {
        throw new CliError(e instanceof Error ? e.message : String(e));
      }
      process.stdout.write(
        `key ${written.keyId}\n` +
          `private key: ${written.privateKeyFile} (mode 0600): set LEDGER_SIGNING_KEY to it where heads are signed, and keep it off the ledger's machine otherwise\n` +
          `public key:  ${written.publicKeyFile}: publish it; witnesses check signed tree heads with it\n`,
      );
    });
}

/**
 * journey sign-head: sign the ledger's current tree head now with LEDGER_SIGNING_KEY (or --key), append it to the
 * witness file (CHECKPOINTS_FILE, or --witness) and record it as a TreeHeadSigned event. Prints the signed head as
 * JSON, the form `journey proof verify --tree-head` takes.
 */
export function registerSignHead(program: Command, clock: Clock = systemClock): void {
  withStoreOption(
    program
      .command('sign-head')
      .description(
        'sign the current tree head now: a line of the witness file (CHECKPOINTS_FILE) and a TreeHeadSigned event',
      ),
  )
    .option('--key <pem>', 'the private key to sign with (default: LEDGER_SIGNING_KEY)')
    .option('--witness <file>', 'the witness file to append the head to (default: CHECKPOINTS_FILE)')
    .action(async (opts: { store?: string; key?: string; witness?: string }) => {
      const keyFile = opts.key ?? signingKeyFile();
      if (!keyFile)
        throw new CliError(
          'no signing key: set LEDGER_SIGNING_KEY to the private key file (journey key generate writes one) or give --key <pem>',
        );
      let signer;
      try {
        signer = headSigner(readSigningKey(keyFile), opts.witness ?? checkpointsFile());
      } catch (e) {
        throw new CliError(e instanceof Error ? e.message : String(e));
      }
      const actor = authorised({ do: 'sign-head' });
      const { head, event } = await usingStore(opts, (store) =>
        signLedgerHead(store, { signer, clock, newId: uuidV7, actor }),
      );
      process.stdout.write(`${JSON.stringify(head)}\n`);
      process.stderr.write(
        `signed the tree head of the first ${head.treeSize} entries with key ${head.keyId}; recorded as entry ${event.ordinal + 1} and in ${opts.witness ?? checkpointsFile()}\n`,
      );
    });
}
