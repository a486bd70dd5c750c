import type { Command } from 'commander';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readPublicKey, readSigningKey } from '../store/merkle/key-files.js';
import { readWitnessFile, WitnessFileError } from '../store/merkle/witness.js';
import type { BrokenEvent } from '../store/verify.js';
import { verifyLedgerAndTree, type EventRef, type TreeCheck, type Witness } from '../store/verify-tree.js';
import { checkpointsFile, CliError, signingKeyFile, usingStore, withStoreOption } from './common.js';

interface VerifyOptions {
  store?: string;
  witness?: string | true;
  publicKey?: string;
}

/**
 * journey verify [--witness [file]] [--public-key <pem>]: every hash chain, the ledger digest and the Merkle tree
 * recomputed from the events; with a witness, every signed tree head kept elsewhere. Exit 1 names the first break.
 */
export function registerVerify(program: Command): void {
  withStoreOption(
    program
      .command('verify')
      .description(
        'recompute every hash chain, the ledger digest and the Merkle tree; exit 1 and name the first broken event',
      ),
  )
    .option('--witness [file]', 'also check every signed tree head in this file (default: CHECKPOINTS_FILE)')
    .option(
      '--public-key <pem>',
      'the public key the witnessed heads must be signed with (default: LEDGER_SIGNING_KEY’s)',
    )
    .action(async (opts: VerifyOptions) => {
      const witness = opts.witness === undefined ? undefined : loadWitness(opts.witness, opts.publicKey);
      let result;
      try {
        result = await usingStore(opts, (store) => verifyLedgerAndTree(store, witness ? { witness } : {}), {
          readOnly: true,
        });
      } catch (e) {
        if (e instanceof WitnessFileError) throw new CliError(`witness refused: ${e.message}`);
        throw e;
      }
      const { chain, tree } = result;
      if (!chain.ok && chain.firstBroken) return broken(chain.firstBroken);
      if (tree?.firstBroken) return broken(tree.firstBroken.event, tree.firstBroken.reason);
      process.stdout.write(
        `intact: ${chain.events} events in ${chain.streams} streams, position ${chain.position}, digest ${chain.digest}\n`,
      );
      if (tree) process.stdout.write(treeLines(tree));
    });
}

function loadWitness(file: string | true, publicKeyFile: string | undefined): Witness {
  const source = file === true ? checkpointsFile() : file;
  let publicKey: KeyObject;
  try {
    const keyFile = signingKeyFile();
    if (publicKeyFile) publicKey = readPublicKey(publicKeyFile);
    else if (keyFile) publicKey = createPublicKey(readSigningKey(keyFile));
    else
      throw new Error(
        '--witness needs the public key the heads were signed with: --public-key <pem> (as the ledger publishes it)',
      );
    return { source, heads: readWitnessFile(source), publicKey };
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

function broken(event: BrokenEvent | EventRef | undefined, reason = (event as BrokenEvent).reason): void {
  const where = event ? `stream ${event.streamId} revision ${event.revision} position ${event.position}: ` : '';
  process.stderr.write(`BROKEN: ${where}${reason}\n`);
  process.exitCode = 1;
}

function treeLines(tree: TreeCheck): string {
  const stored =
    tree.stored === 'matches'
      ? '; the stored tree matches the events'
      : tree.stored === 'none'
        ? ''
        : `; the stored tree covers only the first ${tree.stored.coversOnly} events (it is completed at the next write)`;
  const lines = [`tree: ${tree.treeSize} events, root ${tree.rootHash}${stored}`];
  lines.push(
    tree.witness
      ? `witness ${tree.witness.source}: ${tree.witness.heads} signed tree heads of key ${tree.witness.keyId} (up to ${tree.witness.largest} events), all match the ledger`
      : 'tree heads: none checked; give --witness <file> --public-key <pem> to check the ledger against signed heads kept elsewhere',
  );
  return lines.map((l) => `${l}\n`).join('');
}
