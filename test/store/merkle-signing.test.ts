import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkTreeHeadSignature,
  generateSigningKeyPair,
  keyIdOf,
  parsePrivateKey,
  parsePublicKey,
  signedTreeHeadMessage,
  signTreeHead,
} from '../../src/store/merkle/signing.js';
import { readPublicKey, readSigningKey, writeKeyPair } from '../../src/store/merkle/key-files.js';
import { appendToWitness, parseWitness, readWitnessFile } from '../../src/store/merkle/witness.js';

/*
 * A throwaway test key and its known answers, made with OpenSSL 3.0, not with this code:
 *   openssl genpkey -algorithm ed25519 -out test-key.pem && openssl pkey -in test-key.pem -pubout -out test-key.pub.pem
 *   printf '%s' '{"rootHash":"0c81…588d","signedAt":"2026-11-29T12:00:00.000Z","treeSize":7}' > msg.txt
 *   openssl pkeyutl -sign -inkey test-key.pem -rawin -in msg.txt | base64 -w0
 *   openssl pkey -pubin -in test-key.pub.pem -outform DER | sha256sum
 */
const TEST_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBbt+s6J9kFfHzVAK+W6ECO/s/otzj4FxcXaUiNk3IEp
-----END PRIVATE KEY-----
`;
const TEST_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJgX8V4kZpv5NdYtOZ0fSoBIHVkgYu9Ng8Gqf2Rekzh8=
-----END PUBLIC KEY-----
`;
const TEST_KEY_ID = '3281204fa552c9b1dc49b512fc95737ee7cd35af6758a1a7256cae1bda61894f';
const HEAD = { treeSize: 7, rootHash: '0c81987f75d6996491309991da68af48923adde91de36c6936de0364747d588d' };
const SIGNED_AT = '2026-11-29T12:00:00.000Z';
const SIGNATURE = '5gT31g01M2AB0zznmavJG5K7+klk4Bpy98Y7bpu05cc9c7HUsqkvmVcTBw+IgX6KtL0i45U9hl2cBghi5XQJAA==';

const privateKey = parsePrivateKey(TEST_PRIVATE_KEY, 'test key');
const publicKey = parsePublicKey(TEST_PUBLIC_KEY, 'test public key');

describe('signed tree heads', () => {
  it('signs the canonical JSON of { treeSize, rootHash, signedAt } exactly as OpenSSL does', () => {
    expect(signedTreeHeadMessage({ ...HEAD, signedAt: SIGNED_AT }).toString()).toBe(
      `{"rootHash":"${HEAD.rootHash}","signedAt":"${SIGNED_AT}","treeSize":7}`,
    );
    expect(signTreeHead(HEAD, SIGNED_AT, privateKey)).toEqual({
      ...HEAD,
      signedAt: SIGNED_AT,
      signature: SIGNATURE,
      keyId: TEST_KEY_ID,
    });
  });

  it('names the key by the SHA-256 of its SPKI DER form, from either half of the pair', () => {
    expect(keyIdOf(publicKey)).toBe(TEST_KEY_ID);
    expect(keyIdOf(privateKey)).toBe(TEST_KEY_ID);
  });

  it('verifies with the public key, and names what is wrong with an altered head or another key', () => {
    const signed = signTreeHead(HEAD, SIGNED_AT, privateKey);
    expect(checkTreeHeadSignature(signed, publicKey)).toEqual({ ok: true });
    for (const altered of [
      { ...signed, treeSize: 8 },
      { ...signed, rootHash: 'f'.repeat(64) },
      { ...signed, signedAt: '2026-11-30T12:00:00.000Z' },
    ])
      expect(checkTreeHeadSignature(altered, publicKey)).toMatchObject({ ok: false, reason: /does not verify/ });
    const other = generateSigningKeyPair();
    const otherKey = parsePublicKey(other.publicKeyPem, 'other');
    expect(checkTreeHeadSignature(signed, otherKey)).toMatchObject({
      ok: false,
      reason: new RegExp(`signed by key ${TEST_KEY_ID}, not by the given key ${other.keyId}`),
    });
    // A forger who also rewrites keyId still needs the private key.
    expect(checkTreeHeadSignature({ ...signed, keyId: other.keyId }, otherKey)).toMatchObject({ ok: false });
  });

  it('accepts only Ed25519 keys, and never a private key where the public one is asked for', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => parsePrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'k.pem')).toThrow(
      /k.pem is a rsa key; tree heads are signed with Ed25519/,
    );
    expect(() => parsePublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'p.pem')).toThrow(
      /rsa key/,
    );
    expect(() => parsePublicKey(TEST_PRIVATE_KEY, 'p.pem')).toThrow(/holds a private key/);
    expect(() => parsePrivateKey('not a key', 'k.pem')).toThrow(/k.pem is not a PEM private key/);
    expect(() => parsePublicKey('not a key', 'p.pem')).toThrow(/p.pem is not a PEM public key/);
  });
});

describe('key files and the witness file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a key pair, the private key readable by its owner only, and never overwrites it', () => {
    const written = writeKeyPair(join(dir, 'keys'));
    expect(statSync(written.privateKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(written.publicKeyFile).mode & 0o777).toBe(0o644);
    expect(keyIdOf(readSigningKey(written.privateKeyFile))).toBe(written.keyId);
    expect(keyIdOf(readPublicKey(written.publicKeyFile))).toBe(written.keyId);
    const before = readFileSync(written.privateKeyFile, 'utf8');
    expect(() => writeKeyPair(join(dir, 'keys'))).toThrow(/exists already: a key is never overwritten/);
    expect(readFileSync(written.privateKeyFile, 'utf8')).toBe(before);
    expect(() => readSigningKey(join(dir, 'missing.pem'))).toThrow(/cannot read the signing key/);
  });

  it('appends one canonical line per head and reads them back', () => {
    const file = join(dir, 'witness', 'checkpoints.jsonl');
    const first = signTreeHead(HEAD, SIGNED_AT, privateKey);
    const second = signTreeHead({ treeSize: 8, rootHash: 'a'.repeat(64) }, '2026-11-30T12:00:00.000Z', privateKey);
    appendToWitness(file, first);
    appendToWitness(file, second);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      `{"keyId":"${TEST_KEY_ID}","rootHash":"${HEAD.rootHash}","signature":"${SIGNATURE}","signedAt":"${SIGNED_AT}","treeSize":7}`,
    );
    expect(readWitnessFile(file)).toEqual([first, second]);
  });

  it('refuses a witness file at its first bad line, naming it', () => {
    const good = JSON.stringify(signTreeHead(HEAD, SIGNED_AT, privateKey));
    const bad = (text: string) => () => parseWitness(text, 'w.jsonl');
    expect(bad(`${good}\nnot json\n`)).toThrow(/w.jsonl line 2 is not JSON/);
    expect(bad(`${good}\n\n${good}\n`)).toThrow(/w.jsonl line 2 is not JSON/);
    expect(bad(JSON.stringify({ ...JSON.parse(good), treeSize: -1 }))).toThrow(
      /line 1 is not a signed tree head: treeSize/,
    );
    expect(bad(JSON.stringify({ ...JSON.parse(good), rootHash: 'ABC' }))).toThrow(/rootHash: must be 64 lowercase hex/);
    expect(bad(JSON.stringify({ ...JSON.parse(good), signature: 'abc' }))).toThrow(/signature: must be a base64/);
    expect(bad(JSON.stringify({ ...JSON.parse(good), signedAt: 'yesterday' }))).toThrow(/signedAt/);
    expect(bad(JSON.stringify({ ...JSON.parse(good), extra: 1 }))).toThrow(/line 1 is not a signed tree head/);
    expect(parseWitness('', 'w.jsonl')).toEqual([]);
    writeFileSync(join(dir, 'w.jsonl'), `${good}\n`);
    expect(readWitnessFile(join(dir, 'w.jsonl'))).toHaveLength(1);
    expect(() => readWitnessFile(join(dir, 'absent.jsonl'))).toThrow(/cannot read the witness file/);
  });
});
