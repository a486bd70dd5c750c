import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  eventLeafHash,
  leafHash,
  LEAF_HASHING,
  merkleRoot,
  nodeHash,
} from '../../src/store/merkle/hash.js';
import { Frontier, subtreesOf } from '../../src/store/merkle/frontier.js';
import {
  consistencyPath,
  consistencyRanges,
  inclusionPath,
  inclusionRanges,
  treeRoot,
} from '../../src/store/merkle/proofs.js';
import { verifyConsistency, verifyInclusion } from '../../src/store/merkle/verify-proofs.js';
import { eventHashes, ledgerLeaves, memoryTree } from './merkle-fixtures.js';

/*
 * Known answers computed independently of this code, with Python's hashlib, straight from RFC 9162 §2.1:
 *
 *   import hashlib
 *   def leaf(i): return hashlib.sha256(b'\x00' + hashlib.sha256(b'event %d' % i).digest()).digest()
 *   def node(l, r): return hashlib.sha256(b'\x01' + l + r).digest()
 *   def mth(d):
 *       if len(d) == 0: return hashlib.sha256(b'').digest()
 *       if len(d) == 1: return d[0]
 *       k = 1
 *       while k * 2 < len(d): k *= 2
 *       return node(mth(d[:k]), mth(d[k:]))
 *   def path(m, d):
 *       if len(d) == 1: return []
 *       k = 1
 *       while k * 2 < len(d): k *= 2
 *       return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]
 *   def subproof(m, d, b):
 *       if m == len(d): return [] if b else [mth(d)]
 *       k = 1
 *       while k * 2 < len(d): k *= 2
 *       return subproof(m, d[:k], b) + [mth(d[k:])] if m <= k else subproof(m - k, d[k:], False) + [mth(d[:k])]
 *   leaves = [leaf(i) for i in range(100)]
 *   print(mth(leaves[:n]).hex(), [p.hex() for p in path(m, leaves[:n])], [p.hex() for p in subproof(m, leaves[:n], True)])
 */
const ROOTS: Record<number, string> = {
  1: 'fc7916dc7fb38243495ad6a5fc584290e076f9cfcb00641f86546f4a8e27028d',
  2: '81f5c95d6bef476e64b9599984e1033ec99eca3610a7750c7cca284764e35530',
  3: 'b5878acbf363bd1829743b285936426203732a0ca2f05971ca9f268a2f24872a',
  4: '794483d587dd2112ccf15e0e15988629c1a8894eb7c51eee8700f4c069037083',
  5: '4a8fe0d81faa6ef3d0d0b5a5df4d1292678b75514da768820615856c5614b055',
  6: 'eb3801b7a27946fbefcbf75c6deaceed91574e58063301b279743e96492d3aea',
  7: '0c81987f75d6996491309991da68af48923adde91de36c6936de0364747d588d',
  8: '1ec6deba4fe67c0c1a46665c64244f9a2086f9b6656e64c165510b957edecf4a',
  13: 'e632e7e6be29d473ee2db7185d16be51b1741dd2bab1f9e78c4392455a8439d0',
  100: 'f811b7693c3b57378a6d9183a0d0a6c75f33be6f066d9452e9fbdeff67574c27',
};

/** MTH(D[a:b]) of the same leaves, for the ranges RFC 9162 §2.1.5's worked example names. */
const MTH: Record<string, string> = {
  '0:1': 'fc7916dc7fb38243495ad6a5fc584290e076f9cfcb00641f86546f4a8e27028d', // a
  '1:2': '390145b17c0eb81ab29689daccd7c7973096d862d1fc20f13c6a50a867547057', // b
  '2:3': '844a329ebe8751c7fefa6a46cac076e69401ad5b04f8ddd016d23e4a2d8e10e7', // c
  '3:4': 'a58e5cfdb8779545e435555e821052621a96c1c68a5b9bba82a0d04e0cbb302b', // d
  '6:7': '28c0ce2299f78d3ec201a3dbe2e2cad2a1fde42c3f3969c8c93191d9d35eb589', // j
  '0:2': '81f5c95d6bef476e64b9599984e1033ec99eca3610a7750c7cca284764e35530', // g
  '2:4': '142ab973a5179883865d97260e51b25f3b9ef5cc9d436b749209520ed67337a2', // h
  '4:6': 'd5a2cc6cdab86d4572c68f45e79bf66e50f5b563246f37cda5f0596ac48fd61f', // i
  '0:4': '794483d587dd2112ccf15e0e15988629c1a8894eb7c51eee8700f4c069037083', // k
  '4:7': 'd84198705db40db27d7920c6b771bf5b6bbf80f6fc169071616cd600849c9599', // l
};

const ranges = (rs: readonly (readonly [number, number])[]) => rs.map(([a, b]) => `${a}:${b}`);

describe('RFC 9162 hashing', () => {
  it('hashes leaves with 0x00 and nodes with 0x01 (hashlib: sha256(b"\\x00"), sha256(b"\\x00L123"), sha256(b"\\x01" + 32×00 + 32×ff))', () => {
    expect(leafHash(new Uint8Array())).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(leafHash(Buffer.from('L123'))).toBe('065323418b0eed80f9d9b4376dab8899da05f92cd6bc1ff89adef94410dd80be');
    expect(nodeHash('00'.repeat(32), 'ff'.repeat(32))).toBe(
      'bc6b943b820c449acf880d293c216a24a8066b153f87f2361fae2beda3a72641',
    );
    expect(merkleRoot([])).toBe(EMPTY_ROOT);
    expect(EMPTY_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it("makes an event's leaf from the 32 bytes of its hash, not from its 64 hex characters", () => {
    const [first] = eventHashes(1) as [string];
    expect(eventLeafHash(first)).toBe(leafHash(Buffer.from(first, 'hex')));
    expect(eventLeafHash(first)).not.toBe(leafHash(Buffer.from(first, 'utf8')));
    expect(eventLeafHash(first)).toBe(ROOTS[1]);
    expect(LEAF_HASHING).toMatch(/32 bytes of the event's hash/);
  });

  it('refuses an event hash that is not 64 hex digits', () => {
    expect(() => eventLeafHash('abc')).toThrow(/64 hex digits/);
    expect(() => eventLeafHash(`${'a'.repeat(62)}zz`)).toThrow(/64 hex digits/);
    expect(() => eventLeafHash(`x${'a'.repeat(63)}`)).toThrow(/64 hex digits/);
    expect(() => eventLeafHash('a'.repeat(65))).toThrow(/64 hex digits/);
  });
});

describe('tree roots (MTH) of hand-checked sizes', () => {
  const leaves = ledgerLeaves(100);
  const tree = memoryTree(leaves);
  for (const [size, root] of Object.entries(ROOTS).map(([n, r]) => [Number(n), r] as const)) {
    it(`size ${size}: definition, incremental frontier and stored subtrees agree with hashlib`, () => {
      expect(merkleRoot(leaves.slice(0, size))).toBe(root);
      expect(tree.roots[size]).toBe(root);
      expect(treeRoot(tree, size)).toBe(root);
    });
  }

  it('the frontier holds one subtree per 1 bit of the size, largest first', () => {
    expect(subtreesOf(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(subtreesOf(0, 0)).toEqual([]);
    expect(() => subtreesOf(2, 6)).toThrow(/not aligned/);
    const f = Frontier.of(13, [tree.subtree(3, 0), tree.subtree(2, 2), tree.subtree(0, 12)]);
    expect(f.root()).toBe(ROOTS[13]);
    expect(() => Frontier.of(13, [tree.subtree(3, 0)])).toThrow(/3 frontier subtrees/);
  });

  it('reports every subtree an append completes: leaf 7 completes 0/7, 1/3, 2/1 and 3/0', () => {
    const f = Frontier.of(7, [tree.subtree(2, 0), tree.subtree(1, 2), tree.subtree(0, 6)]);
    const seen: string[] = [];
    f.append(leaves[7] as string, (level, index) => seen.push(`${level}/${index}`));
    expect(seen).toEqual(['0/7', '1/3', '2/1', '3/0']);
    expect(f.root()).toBe(ROOTS[8]);
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  const leaves = ledgerLeaves(100);
  const tree = memoryTree(leaves);

  // RFC 9162 §2.1.5: in the tree of 7 leaves a…g the proof for a is [b, h, l], for d [c, g, l], for j [i, k].
  it("gives the RFC's worked example paths for a tree of 7", () => {
    expect(ranges(inclusionRanges(0, 7))).toEqual(['1:2', '2:4', '4:7']);
    expect(ranges(inclusionRanges(3, 7))).toEqual(['2:3', '0:2', '4:7']);
    expect(ranges(inclusionRanges(6, 7))).toEqual(['4:6', '0:4']);
    expect(inclusionPath(tree, 0, 7)).toEqual([MTH['1:2'], MTH['2:4'], MTH['4:7']]);
    expect(inclusionPath(tree, 3, 7)).toEqual([MTH['2:3'], MTH['0:2'], MTH['4:7']]);
    expect(inclusionPath(tree, 6, 7)).toEqual([MTH['4:6'], MTH['0:4']]);
  });

  it('gives hand-worked paths for sizes 1–8', () => {
    expect(inclusionRanges(0, 1)).toEqual([]);
    expect(ranges(inclusionRanges(1, 2))).toEqual(['0:1']);
    expect(ranges(inclusionRanges(2, 3))).toEqual(['0:2']);
    expect(ranges(inclusionRanges(0, 4))).toEqual(['1:2', '2:4']);
    expect(ranges(inclusionRanges(4, 5))).toEqual(['0:4']);
    expect(ranges(inclusionRanges(5, 6))).toEqual(['4:5', '0:4']);
    expect(ranges(inclusionRanges(5, 8))).toEqual(['4:5', '6:8', '0:4']);
  });

  it('matches hashlib for odd sizes 5, 13 and 100', () => {
    expect(inclusionPath(tree, 0, 5)).toEqual([
      '390145b17c0eb81ab29689daccd7c7973096d862d1fc20f13c6a50a867547057',
      '142ab973a5179883865d97260e51b25f3b9ef5cc9d436b749209520ed67337a2',
      '5a303f540cf9422b15446a945c7c78d27242002e9974b99f6cc3934ba71a64e6',
    ]);
    expect(inclusionPath(tree, 12, 13)).toEqual([
      '03c1f2961508bae9d99872596d11a425242c383ba37e3c660b2f697fc8bc7d97',
      '1ec6deba4fe67c0c1a46665c64244f9a2086f9b6656e64c165510b957edecf4a',
    ]);
    expect(inclusionPath(tree, 63, 100)).toEqual([
      '15c8e7ee562acfcbf7066f8636ee94ac4cdc961b20f16dca2b018652a06ccb48',
      '4bd7290ecb056a99ebfa6dbffb98d336da333c6dc4a1efa7d0483295061b520c',
      '01683f365b77e57f6241ddc72cad91404decff87978bf8e225eb9bcbd8a63b2e',
      '17ad0498b8901fbeadfb8eba645be314c518ab6d2fd7f99dd083a6408d4b5261',
      '87a47a29a3d0c910bae81fd5d26d57a23701c21fda1964cea9fac461ebe69117',
      '756796b3f942e2417e565117935b54f3e39e83141e03d784ad809fc3f744fd5e',
      '51777eddc004e03304302f4f356bf6fa02386db38de1c3e18960bb4505bc7360',
    ]);
    expect(inclusionPath(tree, 99, 100)).toEqual([
      '77cb116f63651c18b33a30c559f39f0f98e291490988ac5f01bdecd0f85fd0ba',
      'd6be728ae6770a6e243bad4073b4db6b3c16a85571ad9a71335abc039badc5ca',
      '069c30498cc18ca8b13912a1ed7a46c10a905b7509a8666fbdbe96b57dd07248',
      '71c999c7ac5214c1770aaaf3b7e7744f3e64f2036e00a980fbe1e2b6b17e1a52',
    ]);
  });

  it('every path of every tree up to 8 leaves verifies, and a neighbour’s leaf does not', () => {
    for (let n = 1; n <= 8; n += 1)
      for (let m = 0; m < n; m += 1) {
        const p = {
          leafIndex: m,
          treeSize: n,
          auditPath: inclusionPath(tree, m, n),
          rootHash: tree.roots[n] as string,
        };
        expect(verifyInclusion({ ...p, leafHash: leaves[m] as string })).toEqual({ ok: true });
        if (n > 1) expect(verifyInclusion({ ...p, leafHash: leaves[(m + 1) % n] as string }).ok).toBe(false);
      }
  });

  it('refuses a leaf outside the tree and malformed hashes, saying why', () => {
    expect(() => inclusionRanges(7, 7)).toThrow(/not in a tree of 7/);
    const good = { leafIndex: 2, treeSize: 5, leafHash: leaves[2] as string, rootHash: ROOTS[5] as string };
    const auditPath = inclusionPath(tree, 2, 5);
    expect(verifyInclusion({ ...good, auditPath })).toEqual({ ok: true });
    expect(verifyInclusion({ ...good, leafIndex: 5, auditPath })).toMatchObject({ reason: /not in a tree of 5/ });
    expect(verifyInclusion({ ...good, leafHash: 'xyz', auditPath })).toMatchObject({ reason: /leafHash is not/ });
    expect(verifyInclusion({ ...good, auditPath: [...auditPath, 'nope'] })).toMatchObject({
      reason: /path element 3/,
    });
    expect(verifyInclusion({ ...good, auditPath: auditPath.slice(1) })).toMatchObject({ ok: false });
    expect(verifyInclusion({ ...good, leafIndex: -1, auditPath })).toMatchObject({ reason: /whole numbers/ });
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  const leaves = ledgerLeaves(100);
  const tree = memoryTree(leaves);
  const roots = tree.roots;

  // RFC 9162 §2.1.5: from the tree of 3 to that of 7 the proof is [c, d, g, l]; from 4, [l]; from 6, [i, j, k].
  it("gives the RFC's worked example proofs", () => {
    expect(ranges(consistencyRanges(3, 7))).toEqual(['2:3', '3:4', '0:2', '4:7']);
    expect(ranges(consistencyRanges(4, 7))).toEqual(['4:7']);
    expect(ranges(consistencyRanges(6, 7))).toEqual(['4:6', '6:7', '0:4']);
    expect(consistencyPath(tree, 3, 7)).toEqual([MTH['2:3'], MTH['3:4'], MTH['0:2'], MTH['4:7']]);
    expect(consistencyPath(tree, 6, 7)).toEqual([MTH['4:6'], MTH['6:7'], MTH['0:4']]);
  });

  it('gives hand-worked proofs for sizes 1–8 and an empty one for equal sizes', () => {
    expect(consistencyRanges(5, 5)).toEqual([]);
    expect(ranges(consistencyRanges(1, 2))).toEqual(['1:2']);
    expect(ranges(consistencyRanges(1, 3))).toEqual(['1:2', '2:3']);
    expect(ranges(consistencyRanges(2, 3))).toEqual(['2:3']);
    expect(ranges(consistencyRanges(1, 8))).toEqual(['1:2', '2:4', '4:8']);
    expect(ranges(consistencyRanges(6, 8))).toEqual(['4:6', '6:8', '0:4']);
    expect(ranges(consistencyRanges(5, 8))).toEqual(['4:5', '5:6', '6:8', '0:4']);
  });

  it('matches hashlib for 5 → 13, 13 → 100 and 99 → 100', () => {
    expect(consistencyPath(tree, 5, 13)).toEqual([
      '5a303f540cf9422b15446a945c7c78d27242002e9974b99f6cc3934ba71a64e6',
      'f0a9582f38fff587292f3850ce5bfb145ef0c7a3ff1cfd928aa7e671b2292657',
      '1a787555cce0c4cf1308949c43759945621d008029dc7e1ff66e48bb191bd240',
      '794483d587dd2112ccf15e0e15988629c1a8894eb7c51eee8700f4c069037083',
      '5bf087cd202d2a810d83741a0d4d0e09a92403948787c772faee98dee173d556',
    ]);
    expect(consistencyPath(tree, 13, 100)).toEqual([
      '635702e8f9691dcf9c3c9e66943febce96fd42a510726c3e22fc59e1882f336b',
      '38f487ebb919d4e7bfef2f7b36c2ac1418f45dca1a7971068849a0efddfda651',
      '6d5f650c15d5f8dac02c80fa84b855eb688d75905dd0182d8d34148e0ce17ce1',
      '03c1f2961508bae9d99872596d11a425242c383ba37e3c660b2f697fc8bc7d97',
      '1ec6deba4fe67c0c1a46665c64244f9a2086f9b6656e64c165510b957edecf4a',
      '715427506c8aa0539430498e2c366bc2d4cd977965d0863bfc2898e9a97efb7a',
      'cb44acd389f84d68424810c7e74611cd1279e973acc42e1eff11721ca9fa6640',
      '51777eddc004e03304302f4f356bf6fa02386db38de1c3e18960bb4505bc7360',
    ]);
    expect(consistencyPath(tree, 99, 100)).toEqual([
      '77cb116f63651c18b33a30c559f39f0f98e291490988ac5f01bdecd0f85fd0ba',
      '4fbe71ee1b9e199d36ce378b839a7eefacac23e4b281720ce219e0bd07bfbcb6',
      'd6be728ae6770a6e243bad4073b4db6b3c16a85571ad9a71335abc039badc5ca',
      '069c30498cc18ca8b13912a1ed7a46c10a905b7509a8666fbdbe96b57dd07248',
      '71c999c7ac5214c1770aaaf3b7e7744f3e64f2036e00a980fbe1e2b6b17e1a52',
    ]);
    expect(roots[13]).toBe(ROOTS[13]);
  });

  it('every proof between trees of up to 8 leaves verifies, and fails against a neighbouring size’s root', () => {
    for (let n = 1; n <= 8; n += 1)
      for (let m = 1; m <= n; m += 1) {
        const p = { from: m, to: n, proof: consistencyPath(tree, m, n) };
        expect(verifyConsistency({ ...p, fromRoot: roots[m] as string, toRoot: roots[n] as string })).toEqual({
          ok: true,
        });
        if (m < n)
          expect(verifyConsistency({ ...p, fromRoot: roots[m + 1] as string, toRoot: roots[n] as string }).ok).toBe(
            false,
          );
      }
  });

  it('says why a proof cannot hold: shrinking, the empty tree, equal sizes with two roots', () => {
    const base = { fromRoot: roots[3] as string, toRoot: roots[5] as string, proof: consistencyPath(tree, 3, 5) };
    expect(verifyConsistency({ ...base, from: 5, to: 3 })).toMatchObject({ reason: /shrank/ });
    expect(verifyConsistency({ ...base, from: 0, to: 5, proof: [] })).toMatchObject({ reason: /empty tree/ });
    expect(
      verifyConsistency({ from: 4, to: 4, fromRoot: roots[4] as string, toRoot: roots[5] as string, proof: [] }),
    ).toMatchObject({ reason: /two different roots/ });
    expect(verifyConsistency({ ...base, from: 3, to: 5, proof: [] })).toMatchObject({ reason: /empty/ });
    expect(() => consistencyRanges(0, 5)).toThrow(/non-empty tree/);
    expect(() => consistencyRanges(6, 5)).toThrow(/at least as large/);
  });
});
