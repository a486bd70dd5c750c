import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { generateSigningKeyPair, parsePrivateKey, parsePublicKey } from './signing.js';

/** The file names `journey key generate` writes: the private key for LEDGER_SIGNING_KEY, the public key to publish. */
const PRIVATE_KEY_FILE = 'ledger-signing-key.pem';
const PUBLIC_KEY_FILE = 'ledger-signing-key.pub.pem';

const readPem = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the ${what} ${file}: ${(e as Error).message}`);
  }
};

export const readSigningKey = (file: string): KeyObject => parsePrivateKey(readPem(file, 'signing key'), file);
export const readPublicKey = (file: string): KeyObject => parsePublicKey(readPem(file, 'public key'), file);

/**
 * A new key pair in `dir`: the private key readable by its owner only (0600), the public key by all. Never
 * overwrites a key: a lost key would orphan every head it signed.
 */
export function writeKeyPair(dir: string): { privateKeyFile: string; publicKeyFile: string; keyId: string } {
  const privateKeyFile = join(dir, PRIVATE_KEY_FILE);
  const publicKeyFile = join(dir, PUBLIC_KEY_FILE);
  for (const file of [privateKeyFile, publicKeyFile])
    if (existsSync(file)) throw new Error(`${file} exists already: a key is never overwritten (move it away first)`);
  const pair = generateSigningKeyPair();
  mkdirSync(dir, { recursive: true });
  // 'wx': a file that appeared since the check above is still never overwritten.
  writeFileSync(privateKeyFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicKeyFile, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  return { privateKeyFile, publicKeyFile, keyId: pair.keyId };
}
