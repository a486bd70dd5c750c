import { z } from 'zod';
import { Instant } from '../../events/primitives.js';
import { isHexHash } from './hash.js';

/** `{ treeSize, rootHash }`: the Merkle tree of the first treeSize events in ledger order (docs/decisions.md). */
export interface TreeHead {
  treeSize: number;
  rootHash: string;
}

/** A tree head signed with the ledger's Ed25519 key: what a witness keeps and a report prints. */
export interface SignedTreeHead extends TreeHead {
  signedAt: string;
  /** Base64 Ed25519 signature over signedTreeHeadMessage. */
  signature: string;
  /** Hex SHA-256 of the public key's SPKI DER form: which key signed. */
  keyId: string;
}

const Hash = z.string().refine(isHexHash, 'must be 64 lowercase hex digits');
const Base64Signature = z
  .string()
  .regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a base64 Ed25519 signature (64 bytes, 88 characters)');

/** A signed tree head as JSON (witness lines, `--tree-head` files; part of TreeHeadSigned and ReportPublished). */
export const SignedTreeHeadSchema = z.strictObject({
  treeSize: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  rootHash: Hash,
  signedAt: Instant,
  signature: Base64Signature,
  keyId: Hash,
});
