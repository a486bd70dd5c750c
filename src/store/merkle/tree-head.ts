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
