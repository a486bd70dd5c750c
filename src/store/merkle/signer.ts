import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { readSigningKey } from './key-files.js';
import { keyIdOf, signTreeHead } from './signing.js';
import type { SignedTreeHead, TreeHead } from './tree-head.js';
import { appendToWitness } from './witness.js';

/**
 * Whatever signs tree heads for this process (LEDGER_SIGNING_KEY): every head it signs is also appended to the
 * witness file (CHECKPOINTS_FILE) before anyone is told of it, so the file holds every signed head, those of reports
 * included (docs/decisions.md, "Witnessed ledger").
 */
export interface HeadSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** The head signed at `signedAt`, already kept in the witness file. */
  sign(head: TreeHead, signedAt: string): SignedTreeHead;
}

export function headSigner(privateKey: KeyObject, witnessFile: string): HeadSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign(head, signedAt) {
      const signed = signTreeHead(head, signedAt, privateKey);
      appendToWitness(witnessFile, signed);
      return signed;
    },
  };
}

/** The signer of the configuration: none without a key file, which the ledger works without (heads unsigned). */
export const configuredSigner = (keyFile: string | undefined, witnessFile: string): HeadSigner | undefined =>
  keyFile === undefined ? undefined : headSigner(readSigningKey(keyFile), witnessFile);
