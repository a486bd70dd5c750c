import type { Command } from 'commander';
import type { KeyObject } from 'node:crypto';
import { keyIdOf } from '../store/merkle/signing.js';
import { readWitnessFile, WitnessFileError } from '../store/merkle/witness.js';
import type { BrokenEvent, HeldHeads } from '../store/verify.js';
import { verifyLedgerAndTree, type EventRef, type TreeCheck, type Witness } from '../store/verify-tree.js';
import { checkpointsFile, CliError, publicKeyOrError, usingStore, withStoreOption } from './common.js';

interface VerifyOptions {
  store?: string;
  witness?: string | true;
  publicKey?: string;
}

/**
 * journey verify [--witness [file]] [--public-key <pem>]: every hash chain, the ledger digest and the Merkle tree
 * recomputed from the events, held to every tree head the ledger holds (TreeHeadSigned events and published
 * reports', their signatures checked with the public key); with a witness, also to every signed tree head kept
 * elsewhere. Exit 1 names the first break.
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
      'the public key signed tree heads must be signed with (default: LEDGER_SIGNING_KEY’s)',
    )
    .action(async (opts: VerifyOptions) => {
      const publicKey = publicKeyOrError(opts.publicKey);
      const witness = opts.witness === undefined ? undefined : loadWitness(opts.witness, publicKey);
      let result;
      try {
        result = await usingStore(
          opts,
          (store) =>
            verifyLedgerAndTree(store, { ...(witness ? { witness } : {}), ...(publicKey ? { publicKey } : {}) }),
          { readOnly: true },
        );
      } catch (e) {
        if (e instanceof WitnessFileError) throw new CliError(`witness refused: ${e.message}`);
        throw e;
      }
      const { chain, tree } = result;
      // A witness kept outside outranks the heads the ledger holds: it names the first event its heads still vouch for.
      if (tree?.firstBroken) return broken(tree.firstBroken.event, tree.firstBroken.reason);
      if (!chain.ok && chain.firstBroken) return broken(chain.firstBroken);
      process.stdout.write(
        `intact: ${chain.events} events in ${chain.streams} streams, position ${chain.position}, digest ${chain.digest}\n`,
      );
      process.stdout.write(heldLine(chain.heads, publicKey));
      if (tree) process.stdout.write(treeLines(tree));
    });
}

function loadWitness(file: string | true, publicKey: KeyObject | undefined): Witness {
  const source = file === true ? checkpointsFile() : file;
  if (!publicKey)
    throw new CliError(
      '--witness needs the public key the heads were signed with: --public-key <pem> (as the ledger publishes it)',
    );
  try {
    return { source, heads: readWitnessFile(source), publicKey };
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

/** What verify says of the tree heads the ledger itself holds (DESIGN: without a key, it says they are unsigned). */
function heldLine(h: HeldHeads, publicKey: KeyObject | undefined): string {
  if (h.total === 0) return 'tree heads in the ledger: none (no TreeHeadSigned event, no published report)\n';
  const unsigned = h.total - h.signed;
  const kinds = `${h.total} in the ledger (${h.signed} signed${unsigned > 0 ? `, ${unsigned} unsigned` : ''})`;
  if (h.signed === 0)
    return `tree heads: ${kinds}, all match the events; tree heads are unsigned (no LEDGER_SIGNING_KEY when they were made)\n`;
  return h.unchecked > 0 || !publicKey
    ? `tree heads: ${kinds}, all match the events; signatures not checked: give --public-key <pem>\n`
    : `tree heads: ${kinds}, all match the events, every signature verified with key ${keyIdOf(publicKey)}\n`;
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
