import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { periodLabel } from '../period.js';
import { Instant, Period } from '../primitives.js';

/** The ledger's own events: published reports and signed tree heads (the access roster is catalogue/access.ts). */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha-256 in hex');

/** A hash in a tree head: lowercase hex, as every hash of the ledger. */
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
/** A number of events: the size of a prefix of the ledger in ledger order (a Merkle tree size). */
const TreeSize = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Signature = z
  .string()
  .regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a base64 Ed25519 signature (64 bytes, 88 characters)');

/**
 * A tree head signed with the ledger's Ed25519 key (docs/decisions.md, "Witnessed ledger"): the RFC 9162 root of the
 * first treeSize events, the instant it was signed, the signature over the canonical JSON of { treeSize, rootHash,
 * signedAt }, and the id of the key (hex SHA-256 of its public key). Witness lines and `--tree-head` files too.
 */
export const SignedTreeHeadSchema = z.strictObject({
  treeSize: TreeSize,
  rootHash: Hex64,
  signedAt: Instant,
  signature: Signature,
  keyId: Hex64,
});

/** A report's tree head: signed when the ledger has a signing key, else only the size and root it was made at. */
const ReportTreeHead = z.union([SignedTreeHeadSchema, z.strictObject({ treeSize: TreeSize, rootHash: Hex64 })]);

/**
 * Appended by publishing (src/reports/publish.ts) straight to report-{period}: no command asks for it. The report's
 * cut is `treeHead.treeSize`, the first N events in ledger order, the same in every store; `position` is the cut's
 * last event where the report was published, for that store's own use only (docs/decisions.md, "Reports survive a
 * migration").
 */
const ReportPublished = describeEvent({
  type: 'ReportPublished',
  stream: 'report',
  schema: z.strictObject({
    period: Period,
    position: z.string().regex(/^\d+$/),
    treeHead: ReportTreeHead,
    digest: Sha256,
    files: z.array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/), sha256: Sha256 })).min(1),
  }),
  sentence: (d) => `Report for ${periodLabel(d.period)} published, made from the first ${d.treeHead.treeSize} entries`,
});

/**
 * Appended by `journey sign-head` and by the server (at start and daily) straight to the `ledger` stream: the head of
 * the ledger as it stood before this event, signed. The same head is a line of the witness file (CHECKPOINTS_FILE).
 */
const TreeHeadSigned = describeEvent({
  type: 'TreeHeadSigned',
  stream: 'ledger',
  schema: SignedTreeHeadSchema,
  sentence: (d) => `Tree head of the first ${d.treeSize} entries signed by key ${d.keyId.slice(0, 16)}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const LEDGER = [ReportPublished, TreeHeadSigned] as const;
