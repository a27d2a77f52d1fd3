/**
 * node/types/merkle.ts: test vectors, agreement with a direct transcription of RFC 6962 §2.1,
 * order independence, sensitivity to every byte, inclusion proofs and tampered proofs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { NodeError } from '../../../node/errors.ts';
import { EMPTY_MERKLE_ROOT, type MerkleLeaf, merkleLeafHash, merkleProof, merkleRoot, verifyMerkleProof } from '../../../node/types/index.ts';

function leaf(k: string, v: string): MerkleLeaf {
  return { key: utf8ToBytes(k), value: utf8ToBytes(v) };
}

function leaves(n: number): MerkleLeaf[] {
  return Array.from({ length: n }, (_, i) => leaf(`k${String(i).padStart(3, '0')}`, `v${i}`));
}

function u32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** RFC 6962 §2.1 MTH, transcribed directly, with noble's sha256 and data = lp(key) ‖ lp(value). */
function referenceRoot(ls: readonly MerkleLeaf[]): string {
  const sorted = [...ls].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  const mth = (d: readonly MerkleLeaf[]): Uint8Array => {
    if (d.length === 0) return sha256(new Uint8Array(0));
    if (d.length === 1) {
      const l = d[0] as MerkleLeaf;
      return sha256(concatBytes(new Uint8Array([0]), u32(l.key.length), l.key, u32(l.value.length), l.value));
    }
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return sha256(concatBytes(new Uint8Array([1]), mth(d.slice(0, k)), mth(d.slice(k))));
  };
  return bytesToHex(mth(sorted));
}

const leafArb = fc.record({ key: fc.uint8Array({ maxLength: 6 }), value: fc.uint8Array({ maxLength: 6 }) });
const uniqueLeaves = (min: number) => fc.uniqueArray(leafArb, { minLength: min, maxLength: 24, selector: (l) => bytesToHex(l.key) });

describe('merkleRoot()', () => {
  it('the empty set has root sha256("") (RFC 6962 §2.1)', () => {
    expect(EMPTY_MERKLE_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleRoot([])).toBe(EMPTY_MERKLE_ROOT);
  });

  it('test vectors (computed once and committed)', () => {
    expect(merkleRoot(leaves(1))).toBe(VECTORS[1]);
    expect(merkleRoot(leaves(2))).toBe(VECTORS[2]);
    expect(merkleRoot(leaves(3))).toBe(VECTORS[3]);
    expect(merkleRoot(leaves(7))).toBe(VECTORS[7]);
    expect(merkleRoot([leaf('', '')])).toBe(VECTORS[0]);
  });

  it('agrees with a direct transcription of RFC 6962 for 0 to 40 leaves', () => {
    for (let n = 0; n <= 40; n++) expect(merkleRoot(leaves(n))).toBe(referenceRoot(leaves(n)));
  });

  it('a single leaf is its leaf hash, 0x00-prefixed (domain separation from nodes)', () => {
    const l = leaf('a', 'b');
    expect(merkleRoot([l])).toBe(bytesToHex(merkleLeafHash(l.key, l.value)));
    expect(merkleRoot([l])).toBe(bytesToHex(sha256(concatBytes(new Uint8Array([0, 0, 0, 0, 1]), utf8ToBytes('a'), u32(1), utf8ToBytes('b')))));
  });

  it('does not depend on input order (fast-check)', () => {
    fc.assert(fc.property(uniqueLeaves(0), fc.infiniteStream(fc.nat()), (ls, rnd) => {
      const shuffled: MerkleLeaf[] = [...ls];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = (rnd.next().value as number) % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as MerkleLeaf, shuffled[i] as MerkleLeaf];
      }
      expect(merkleRoot(shuffled)).toBe(merkleRoot(ls));
      expect(merkleRoot(ls)).toBe(referenceRoot(ls));
    }), { numRuns: 300 });
  });

  it('changes when any single byte of any key or value changes (fast-check)', () => {
    fc.assert(fc.property(uniqueLeaves(1), fc.nat(), fc.nat(), fc.boolean(), fc.integer({ min: 1, max: 255 }), (ls, li, bi, inKey, x) => {
      const target = ls[li % ls.length] as MerkleLeaf;
      const field = inKey ? target.key : target.value;
      if (field.length === 0) return;
      const changed = Uint8Array.from(field);
      changed[bi % changed.length] = (changed[bi % changed.length] as number) ^ x;
      const other: MerkleLeaf = inKey ? { key: changed, value: target.value } : { key: target.key, value: changed };
      const next: MerkleLeaf[] = ls.map((l): MerkleLeaf => (l === target ? other : l));
      if (inKey && ls.some((l) => bytesToHex(l.key) === bytesToHex(changed))) return; // would duplicate a key
      expect(merkleRoot(next)).not.toBe(merkleRoot(ls));
    }), { numRuns: 500 });
  });

  it('moving bytes between key and value changes the root (length prefixes)', () => {
    expect(merkleRoot([leaf('ab', 'c')])).not.toBe(merkleRoot([leaf('a', 'bc')]));
  });

  it('refuses duplicate keys and non-byte leaves', () => {
    const e = (() => { try { merkleRoot([leaf('a', '1'), leaf('a', '2')]); } catch (x) { return x as NodeError; } return undefined; })();
    expect(e?.code).toBe('NODE_ERR_INVALID_MERKLE');
    expect(() => merkleRoot([{ key: 'a', value: 'b' } as unknown as MerkleLeaf])).toThrow(NodeError);
  });
});

describe('merkleProof() and verifyMerkleProof()', () => {
  it('every leaf of trees of 1 to 40 leaves has a proof that verifies, and only for its own key and value', () => {
    for (let n = 1; n <= 40; n++) {
      const ls = leaves(n);
      const root = merkleRoot(ls);
      for (const l of ls) {
        const p = merkleProof(ls, l.key);
        expect(p).toBeDefined();
        if (p === undefined) return;
        expect(verifyMerkleProof(root, l.key, l.value, p)).toBe(true);
        expect(verifyMerkleProof(root, l.key, utf8ToBytes('other'), p)).toBe(false);
        if (n > 1) expect(verifyMerkleProof(root, utf8ToBytes('zz'), l.value, p)).toBe(false);
      }
    }
  });

  it('a proof for a missing key is undefined', () => {
    expect(merkleProof(leaves(5), utf8ToBytes('nope'))).toBeUndefined();
  });

  it('tampered proofs fail (fast-check over sibling bytes, index, size, root)', () => {
    fc.assert(fc.property(uniqueLeaves(2), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 15 }), (ls, li, si, ci, x) => {
      const l = ls[li % ls.length] as MerkleLeaf;
      const root = merkleRoot(ls);
      const p = merkleProof(ls, l.key);
      if (p === undefined) throw new Error('missing proof');
      expect(verifyMerkleProof(root, l.key, l.value, p)).toBe(true);
      const flip = (h: string): string => h.slice(0, ci) + (parseInt(h[ci] as string, 16) ^ x).toString(16) + h.slice(ci + 1);
      const s = si % p.siblings.length;
      expect(verifyMerkleProof(root, l.key, l.value, { ...p, siblings: p.siblings.map((h, i) => (i === s ? flip(h) : h)) })).toBe(false);
      expect(verifyMerkleProof(flip(root), l.key, l.value, p)).toBe(false);
      expect(verifyMerkleProof(root, l.key, l.value, { ...p, siblings: p.siblings.slice(0, -1) })).toBe(false);
      expect(verifyMerkleProof(root, l.key, l.value, { ...p, siblings: [...p.siblings, p.siblings[0] as string] })).toBe(false);
      // `index` and `size` are not authenticated by the root alone (RFC 9162 §2.1.3: a proof for leaf 0
      // of 3 also verifies as leaf 0 of 4); what a proof shows is that (key, value) is a leaf, and
      // keys are inside the leaf hash, so position carries no meaning on its own.
    }), { numRuns: 300 });
  });

  it('malformed proofs are false, never a throw', () => {
    const ls = leaves(4);
    const root = merkleRoot(ls);
    const l = ls[1] as MerkleLeaf;
    const good = merkleProof(ls, l.key);
    if (good === undefined) throw new Error('missing proof');
    const bad: unknown[] = [null, {}, { ...good, index: -1 }, { ...good, index: 4 }, { ...good, index: 1.5 }, { ...good, size: 2 ** 40 },
      { ...good, siblings: ['zz'] }, { ...good, siblings: 'x' }, { ...good, siblings: [good.siblings[0]?.toUpperCase(), good.siblings[1]] }];
    for (const p of bad) expect(verifyMerkleProof(root, l.key, l.value, p as never)).toBe(false);
    expect(verifyMerkleProof('00', l.key, l.value, good)).toBe(false);
  });
});

/** Roots of leaves(n) (keys k000…, values v0…) and, at 0, of the one leaf ('', ''). */
const VECTORS: Record<number, string> = {
  0: '3e7077fd2f66d689e0cee6a7cf5b37bf2dca7c979af356d0a31cbc5c85605c7d',
  1: 'e698b8d9590e50dc6c991f54e55405c3fb073503782948bbf700639d12e4ca6f',
  2: '507b1c196048d6fb27b405b2d5296805fa3e006ed789354b6f177042c24702f7',
  3: '88deea6679719da1612bba985a725964db3607b3501710b25651c54db0293335',
  7: '2fd24be2e48ec02880ec9db01f412cf98cced75a870c44d7dcf8569681c8c3a8',
};
