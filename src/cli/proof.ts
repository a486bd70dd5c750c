import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { eventLeafHash, isHexHash, LEAF_HASHING } from '../store/merkle/hash.js';
import { readPublicKey } from '../store/merkle/key-files.js';
import { checkTreeHeadSignature, keyIdOf } from '../store/merkle/signing.js';
import { SignedTreeHeadSchema } from '../events/index.js';
import type { SignedTreeHead } from '../store/merkle/tree-head.js';
import { verifyConsistency, verifyInclusion, type ProofCheck } from '../store/merkle/verify-proofs.js';
import { CliError, group } from './common.js';

const Size = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Hashes = z.array(z.string());
/** The proofs the ledger hands out (src/store/merkle/ledger-tree.ts); extra fields, such as position, are kept. */
const InclusionProofFile = z.looseObject({
  leafIndex: Size,
  treeSize: Size,
  leafHash: z.string(),
  auditPath: Hashes,
  eventHash: z.string().optional(),
  rootHash: z.string().optional(),
  leafHashing: z.string().optional(),
});
const ConsistencyProofFile = z.looseObject({ from: Size, to: Size, proof: Hashes });

interface ProofVerifyOptions {
  treeHead: string;
  publicKey: string;
  fromHead?: string;
}

/**
 * journey proof verify <proof.json> --tree-head <head.json> --public-key <pem> [--from-head <head.json>]: checks an
 * inclusion or consistency proof with nothing but signed tree heads and the public key, without the ledger.
 */
export function registerProof(program: Command): void {
  group(program, 'proof', 'check Merkle proofs of the ledger')
    .command('verify <proof>')
    .description('check an inclusion or consistency proof against signed tree heads, without the ledger')
    .requiredOption('--tree-head <file>', 'the signed tree head the proof is for (of the later tree, for consistency)')
    .requiredOption('--public-key <pem>', 'the public key the heads must be signed with')
    .option('--from-head <file>', 'for a consistency proof: the signed tree head of the earlier tree')
    .action((file: string, opts: ProofVerifyOptions) => {
      let message: string;
      try {
        message = check(readJson(file, 'proof'), opts);
      } catch (e) {
        throw new CliError(e instanceof Error ? e.message : String(e));
      }
      process.stdout.write(`verified: ${message}\n`);
    });
}

function check(proof: unknown, opts: ProofVerifyOptions): string {
  const publicKey = readPublicKey(opts.publicKey);
  const signed = (file: string): SignedTreeHead => {
    const parsed = SignedTreeHeadSchema.safeParse(readJson(file, 'tree head'));
    if (!parsed.success) throw new Error(`${file} is not a signed tree head: ${parsed.error.issues[0]?.message}`);
    holds(checkTreeHeadSignature(parsed.data, publicKey), `the tree head in ${file}`);
    return parsed.data;
  };
  const head = signed(opts.treeHead);
  const by = `signed at ${head.signedAt} by key ${keyIdOf(publicKey)}`;
  const inclusion = InclusionProofFile.safeParse(proof);
  if (inclusion.success) {
    const p = inclusion.data;
    if (p.treeSize !== head.treeSize)
      throw new Error(`the proof is for a tree of ${p.treeSize} events, the tree head for ${head.treeSize}`);
    if (p.leafHashing !== undefined && p.leafHashing !== LEAF_HASHING)
      throw new Error(`the proof makes leaves as "${p.leafHashing}"; this ledger makes them as "${LEAF_HASHING}"`);
    if (p.eventHash !== undefined && (!isHexHash(p.eventHash) || eventLeafHash(p.eventHash) !== p.leafHash))
      throw new Error(`leafHash is not made from eventHash as ${LEAF_HASHING}`);
    holds(verifyInclusion({ ...p, rootHash: head.rootHash }), 'the inclusion proof');
    return `entry ${p.leafIndex + 1} (leaf ${p.leafIndex}) is in the tree of ${head.treeSize} events ${by}`;
  }
  const consistency = ConsistencyProofFile.safeParse(proof);
  if (!consistency.success)
    throw new Error(
      'the proof is neither an inclusion proof (leafIndex, treeSize, leafHash, auditPath) nor a consistency proof (from, to, proof)',
    );
  const p = consistency.data;
  if (!opts.fromHead)
    throw new Error('a consistency proof needs --from-head <file>, the signed head of the earlier tree');
  const from = signed(opts.fromHead);
  if (p.from !== from.treeSize || p.to !== head.treeSize)
    throw new Error(
      `the proof goes from ${p.from} to ${p.to} events, the tree heads are of ${from.treeSize} and ${head.treeSize}`,
    );
  holds(
    verifyConsistency({ from: p.from, to: p.to, proof: p.proof, fromRoot: from.rootHash, toRoot: head.rootHash }),
    'the consistency proof',
  );
  return `the tree of ${head.treeSize} events ${by} extends the tree of ${from.treeSize} events signed at ${from.signedAt}`;
}

function holds(check: ProofCheck, what: string): void {
  if (!check.ok) throw new Error(`NOT VERIFIED: ${what}: ${check.reason}`);
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the ${what} ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`the ${what} ${file} is not JSON`);
  }
}
