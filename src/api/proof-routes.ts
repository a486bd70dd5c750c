import { Router, type Request } from 'express';
import { z } from 'zod';
import type { ReadSources } from '../../projections/contexts.js';
import { liveContext } from '../../projections/contexts.js';
import { publishedReports } from '../../projections/published-reports.js';
import { signedHeads } from '../app/tree-heads.js';
import type { AccessPolicy } from '../domain/policy.js';
import { TreeRangeError } from '../store/merkle/ledger-tree.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import { guard } from './auth.js';
import { badRequest, fieldErrors, notFoundProblem, Problem } from './problem.js';

/** A count or a number of events as a query gives it: a whole number, at most 15 digits (below 2^53). */
const Whole = (what: string) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,14})$/, `must be ${what} (a whole number)`)
    .transform(Number);

export const TreeHeadQuery = z.strictObject({
  treeSize: Whole('a number of events').optional(),
});
export const InclusionQuery = z.strictObject({
  position: z
    .string()
    .regex(/^(0|[1-9]\d{0,29})$/, "must be a ledger position (this store's, a whole number)")
    .optional(),
  entry: Whole('an entry number').optional(),
  treeSize: Whole('a number of events').optional(),
});
export const ConsistencyQuery = z.strictObject({
  from: Whole('a number of events'),
  to: Whole('a number of events').optional(),
});

function parse<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const q = schema.safeParse(req.query);
  if (!q.success) throw badRequest('the query is not valid', fieldErrors(q.error, 'query'));
  return q.data;
}

/**
 * The witnessed ledger's routes (docs/decisions.md, "Witnessed ledger"): the latest signed tree head (or the one of
 * a size), the public key that checks it (both public with PUBLIC_READ: a witness outside needs them), and RFC 9162
 * inclusion and consistency proofs (roles as for /api/ledger/verify). A number that names nothing in the ledger is a
 * 404, a combination that cannot be (an entry beyond the tree asked for) a 400.
 */
export function proofRouter(sources: ReadSources, policy: AccessPolicy, signer: HeadSigner | undefined): Router {
  const { store } = sources;
  const router = Router();
  const readsHeads = guard(policy, () => ({ do: 'read', what: 'tree-heads' }));
  const readsLedger = guard(policy, () => ({ do: 'read', what: 'ledger' }));
  const size = async () => (await store.tree.treeHead()).treeSize;
  const inLedger = async (n: number | undefined, what: string): Promise<number> => {
    const events = await size();
    if (n === undefined) return events;
    if (n > events) throw notFoundProblem(`the ledger has ${events} events: there is no ${what} of ${n}`);
    return n;
  };

  router.get('/ledger/tree-head', readsHeads, async (req, res) => {
    const { treeSize } = parse(TreeHeadQuery, req);
    const reports = publishedReports.query.all((await liveContext(sources)).states.reports);
    const heads = await signedHeads(store, reports);
    const head = treeSize === undefined ? heads.at(-1) : heads.filter((h) => h.treeSize === treeSize).at(-1);
    if (!head)
      throw notFoundProblem(
        treeSize === undefined
          ? 'no tree head has been signed yet: the ledger signs heads only with a signing key (LEDGER_SIGNING_KEY)'
          : `no tree head of ${treeSize} events has been signed`,
      );
    res.json(head);
  });

  router.get('/ledger/public-key', readsHeads, (req, res) => {
    if (!signer)
      throw notFoundProblem('this ledger has no signing key (LEDGER_SIGNING_KEY): its tree heads are unsigned');
    const pem = signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    res.setHeader('Vary', 'Accept');
    if (req.accepts(['application/x-pem-file', 'application/json']) === 'application/json')
      res.json({ keyId: signer.keyId, algorithm: 'Ed25519', publicKey: pem });
    else res.type('application/x-pem-file').send(pem);
  });

  router.get('/ledger/proof/inclusion', readsLedger, async (req, res) => {
    const q = parse(InclusionQuery, req);
    if ((q.position === undefined) === (q.entry === undefined))
      throw badRequest('give the event by position or by entry number, one of them', [
        { path: 'query.position', message: 'give position or entry, not both or neither' },
      ]);
    if (q.entry === 0) throw badRequest('entry numbers start at 1', [{ path: 'query.entry', message: 'must be ≥ 1' }]);
    const treeSize = await inLedger(q.treeSize, 'tree');
    let leafIndex: number;
    if (q.position !== undefined) {
      const at = await store.tree.leafIndexOf(q.position);
      if (at === null) throw notFoundProblem(`the ledger holds no event at position ${q.position}`);
      leafIndex = at;
    } else {
      leafIndex = (q.entry as number) - 1;
      if (leafIndex >= (await size())) throw notFoundProblem(`the ledger has no entry ${q.entry}`);
    }
    if (leafIndex >= treeSize)
      throw badRequest(`entry ${leafIndex + 1} is not in the tree of the first ${treeSize} entries`, [
        { path: 'query.treeSize', message: `must be at least ${leafIndex + 1}` },
      ]);
    const proof = await ranged(() => store.tree.inclusionProof(leafIndex, treeSize));
    res.json({ ...proof, entry: proof.leafIndex + 1 });
  });

  router.get('/ledger/proof/consistency', readsLedger, async (req, res) => {
    const q = parse(ConsistencyQuery, req);
    const to = await inLedger(q.to, 'tree');
    if (q.from < 1 || q.from > to)
      throw badRequest(`a consistency proof goes from 1 to ${to} events, not from ${q.from}`, [
        { path: 'query.from', message: `must be from 1 to ${to}` },
      ]);
    res.json(await ranged(() => store.tree.consistencyProof(q.from, to)));
  });
  return router;
}

/** A size the ledger moved away from between the check and the proof (events removed under us) is still a 404. */
async function ranged<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof TreeRangeError) throw new Problem(404, e.message);
    throw e;
  }
}
