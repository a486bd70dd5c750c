import type { KeyObject } from 'node:crypto';
import { keyIdOf } from './merkle/signing.js';
import type { EventStore } from './port.js';
import { TreeVerifier, type TreeCheck, type Witness } from './tree-verifier.js';
import { verifyLedger, type VerifyResult } from './verify.js';

export type { EventRef, TreeCheck, Witness } from './tree-verifier.js';

/**
 * `journey verify` with the tree: every chain and the digest (verifyLedger), and in the same pass the Merkle tree
 * recomputed from the events, compared with the store's stored tree and with every witnessed signed head; then the
 * heads the ledger itself holds (TreeHeadSigned events, published reports'), their signatures checked with the
 * witness's public key (or `publicKey`) when one is given.
 */
export async function verifyLedgerAndTree(
  store: EventStore,
  options: { witness?: Witness; publicKey?: KeyObject; onProgress?: (events: number) => void } = {},
): Promise<{ chain: VerifyResult; tree?: TreeCheck }> {
  const w = options.witness;
  const heads = w?.heads.map((head, i) => ({ head, where: `${w.source} line ${i + 1}` })) ?? [];
  // A tree kept in memory was built from the very events verify reads: only a kept file is compared with them.
  const tree = new TreeVerifier(store.tree.kept === 'file' ? store.tree : undefined, heads, {
    from: 'witness',
    ...(w
      ? {
          publicKey: w.publicKey,
          witness: {
            source: w.source,
            keyId: keyIdOf(w.publicKey),
            heads: heads.length,
            largest: Math.max(0, ...w.heads.map((h) => h.treeSize)),
          },
        }
      : {}),
  });
  const publicKey = options.publicKey ?? w?.publicKey;
  const chain = await verifyLedger(store, {
    onPage: (page) => tree.feed(page),
    ...(publicKey ? { publicKey } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  // Every event was read when only a held head failed: the witness's check is made too, and may name the event closer.
  if (!chain.ok && chain.firstBroken?.check !== 'held-heads') return { chain };
  return { chain, tree: await tree.finish(store) };
}
