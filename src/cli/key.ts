import type { Command } from 'commander';
import { writeKeyPair } from '../store/merkle/key-files.js';
import { CliError, group } from './common.js';

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
