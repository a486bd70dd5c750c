import { openSqliteStore } from '../src/store/sqlite.js';
import { mulberry32 } from '../src/demo/prng.js';
import { type BenchConfig, type Measurement, nowMs, repeatToMedian } from './harness.js';
import { readLedgerInfo } from './prepare.js';

/**
 * An inclusion proof at the prepared ledger's size (1,000,000 events in the full run, 100,000 with --quick): the
 * proof of a random entry in the tree of every event, as GET /api/ledger/proof/inclusion asks the store's tree for it
 * (docs/decisions.md, "What the tree costs"). The first tree head is timed apart: on a ledger written without the
 * tree it builds the stored subtrees once.
 */
export async function oursInclusionProof(config: BenchConfig): Promise<Measurement> {
  const info = readLedgerInfo(config);
  const store = openSqliteStore({ file: config.ledgerFile, checkpointMs: 0 });
  const t0 = nowMs();
  const { treeSize } = await store.tree.treeHead();
  const firstHeadMs = nowMs() - t0;
  if (treeSize !== info.events) throw new Error(`the tree holds ${treeSize} of ${info.events} events`);
  const random = mulberry32(17);
  let pathLength = 0;
  const m = await repeatToMedian(
    async () => {
      const leaf = random.int(0, treeSize - 1);
      const t = nowMs();
      const proof = await store.tree.inclusionProof(leaf, treeSize);
      const ms = nowMs() - t;
      pathLength = proof.auditPath.length;
      return ms;
    },
    { warmups: 50, repeats: 501, unit: 'ms' },
  );
  const consistency = nowMs();
  await store.tree.consistencyProof(Math.floor(treeSize / 3), treeSize);
  const consistencyMs = nowMs() - consistency;
  await store.close();
  const sorted = [...m.samples].sort((a, b) => a - b);
  return {
    ...m,
    extra: {
      events: treeSize,
      auditPath: pathLength,
      p99Ms: Number((sorted[Math.floor(sorted.length * 0.99)] ?? NaN).toFixed(3)),
      firstTreeHeadMs: Math.round(firstHeadMs),
      consistencyProofMs: Number(consistencyMs.toFixed(3)),
    },
  };
}
