import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../events/canonical.js';
import type { SignedTreeHead, TreeHead } from './tree-head.js';
import type { ProofCheck } from './verify-proofs.js';

/**
 * Ed25519 signatures over tree heads, with Node's own crypto (docs/decisions.md, "Witnessed ledger"). Pure given the
 * key and the signing instant: Ed25519 signatures are deterministic.
 */

/** The key id: hex SHA-256 of the public key's SPKI DER encoding (as RFC 9162's log ID hashes the key). */
export const keyIdOf = (key: KeyObject): string =>
  sha256Hex((key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' }));

export interface SigningKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** A PEM key of the given kind that must be Ed25519; `source` names it in the errors. */
function parseEd25519(pem: string, source: string, kind: 'private' | 'public'): KeyObject {
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new Error(`${source} is not a PEM ${kind} key`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${source} is a ${key.asymmetricKeyType ?? 'secret'} key; tree heads are signed with Ed25519`);
  return key;
}

export const parsePrivateKey = (pem: string, source: string): KeyObject => parseEd25519(pem, source, 'private');

/** A private key is refused where the public one is asked for: it belongs with the signer only. */
export function parsePublicKey(pem: string, source: string): KeyObject {
  if (/PRIVATE KEY/.test(pem)) throw new Error(`${source} holds a private key; give the public key (.pub.pem)`);
  return parseEd25519(pem, source, 'public');
}

/** The signed bytes: the canonical JSON of { treeSize, rootHash, signedAt }, UTF-8. */
export const signedTreeHeadMessage = (h: TreeHead & { signedAt: string }): Buffer =>
  Buffer.from(canonicalJson({ treeSize: h.treeSize, rootHash: h.rootHash, signedAt: h.signedAt }), 'utf8');

export function signTreeHead(head: TreeHead, signedAt: string, privateKey: KeyObject): SignedTreeHead {
  const unsigned = { treeSize: head.treeSize, rootHash: head.rootHash, signedAt };
  return {
    ...unsigned,
    signature: sign(null, signedTreeHeadMessage(unsigned), privateKey).toString('base64'),
    keyId: keyIdOf(privateKey),
  };
}

/** Was this head signed by this key? The key id must name the key, and the signature verify over the message. */
export function checkTreeHeadSignature(head: SignedTreeHead, publicKey: KeyObject): ProofCheck {
  const keyId = keyIdOf(publicKey);
  if (head.keyId !== keyId) return { ok: false, reason: `signed by key ${head.keyId}, not by the given key ${keyId}` };
  const ok = verify(null, signedTreeHeadMessage(head), publicKey, Buffer.from(head.signature, 'base64'));
  return ok ? { ok: true } : { ok: false, reason: 'the signature does not verify: the head was altered or forged' };
}
