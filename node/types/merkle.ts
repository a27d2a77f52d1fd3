/**
 * A binary Merkle tree over (key, value) leaves sorted by key bytes, with the tree shape, the
 * domain-separated hashing and the inclusion proofs of RFC 6962 §2.1 / RFC 9162 §2.1:
 * leaf hash `sha256(0x00 ‖ lp(key) ‖ lp(value))`, node hash `sha256(0x01 ‖ left ‖ right)`, the
 * left subtree holding the largest power of two of leaves smaller than the count, and the root of
 * the empty set `sha256("")`. Used for the transaction root and the receipt root.
 *
 * It does NOT keep a persistent or incremental tree (each call hashes all leaves), prove absence,
 * or prove consistency between two roots; the state root, which needs all three of the first, is
 * the sparse Merkle tree of `state-tree.ts`.
 * @module
 */
import { NodeError } from '../errors.ts';
import { isHex, lengthPrefixed, sha256, toHex } from './_encoding.ts';

/** One leaf: a key (unique in a tree) and its value. */
export interface MerkleLeaf {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/**
 * An inclusion proof (RFC 9162 §2.1.3): the leaf's index in key order, the leaf count, and the
 * sibling hashes from the leaf up. It proves that a (key, value) is a leaf; `index` and `size`
 * are not authenticated by the root alone.
 */
export interface MerkleProof {
  readonly index: number;
  readonly size: number;
  /** Lowercase hex sha256 digests, leaf level first. */
  readonly siblings: readonly string[];
}

/** RFC 6962 §2.1: the hash of an empty list is the hash of the empty string. */
export const EMPTY_MERKLE_ROOT = toHex(sha256(new Uint8Array(0)));

/** Most leaves in one tree (proof indices stay safe integers and the recursion shallow). */
export const MAX_MERKLE_LEAVES = 2 ** 32 - 1;

/** RFC 6962 §2.1: `sha256(0x00 ‖ data)` with `data = lp(key) ‖ lp(value)` (u32 big-endian lengths). */
export function merkleLeafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  const data = lengthPrefixed([key, value]);
  const buf = new Uint8Array(1 + data.length);
  buf[0] = 0x00;
  buf.set(data, 1);
  return sha256(buf);
}

/** RFC 6962 §2.1: `sha256(0x01 ‖ left ‖ right)`. */
export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/** Unsigned lexicographic order of byte strings (a shorter prefix first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Leaves sorted by key; duplicate keys are `NODE_ERR_INVALID_MERKLE`. */
function sortedLeaves(leaves: readonly MerkleLeaf[]): MerkleLeaf[] {
  if (leaves.length > MAX_MERKLE_LEAVES) throw new NodeError('NODE_ERR_INVALID_MERKLE', `more than ${MAX_MERKLE_LEAVES} leaves`);
  for (const l of leaves) {
    if (!(l.key instanceof Uint8Array) || !(l.value instanceof Uint8Array)) throw new NodeError('NODE_ERR_INVALID_MERKLE', 'leaf key and value must be Uint8Array');
  }
  const sorted = [...leaves].sort((a, b) => compareBytes(a.key, b.key));
  for (let i = 1; i < sorted.length; i++) {
    if (compareBytes((sorted[i - 1] as MerkleLeaf).key, (sorted[i] as MerkleLeaf).key) === 0) {
      throw new NodeError('NODE_ERR_INVALID_MERKLE', `duplicate leaf key ${toHex((sorted[i] as MerkleLeaf).key).slice(0, 80)}`);
    }
  }
  return sorted;
}

/** Largest power of two strictly below `n` (n ≥ 2), RFC 6962 §2.1 `k`. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 6962 §2.1 MTH over leaf hashes `h[lo, hi)`, hi > lo. */
function subtreeHash(h: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  if (hi - lo === 1) return h[lo] as Uint8Array;
  const k = splitPoint(hi - lo);
  return merkleNodeHash(subtreeHash(h, lo, lo + k), subtreeHash(h, lo + k, hi));
}

/**
 * The root over `leaves` in any order (they are sorted by key first), as lowercase hex.
 * Throws `NODE_ERR_INVALID_MERKLE` on duplicate keys.
 * @example merkleRoot([]) === EMPTY_MERKLE_ROOT
 */
export function merkleRoot(leaves: readonly MerkleLeaf[]): string {
  const sorted = sortedLeaves(leaves);
  if (sorted.length === 0) return EMPTY_MERKLE_ROOT;
  return toHex(subtreeHash(sorted.map((l) => merkleLeafHash(l.key, l.value)), 0, sorted.length));
}

/**
 * The inclusion proof of the leaf with key `key` (RFC 6962 §2.1.1 PATH), or `undefined` if no
 * leaf has that key.
 */
export function merkleProof(leaves: readonly MerkleLeaf[], key: Uint8Array): MerkleProof | undefined {
  const sorted = sortedLeaves(leaves);
  const index = sorted.findIndex((l) => compareBytes(l.key, key) === 0);
  if (index < 0) return undefined;
  const h = sorted.map((l) => merkleLeafHash(l.key, l.value));
  const siblings: string[] = [];
  // PATH(m, D[lo:hi]): recurse into the half holding m, then append the other half's hash.
  const path = (m: number, lo: number, hi: number): void => {
    if (hi - lo <= 1) return;
    const k = splitPoint(hi - lo);
    if (m < k) {
      path(m, lo, lo + k);
      siblings.push(toHex(subtreeHash(h, lo + k, hi)));
    } else {
      path(m - k, lo + k, hi);
      siblings.push(toHex(subtreeHash(h, lo, lo + k)));
    }
  };
  path(index, 0, sorted.length);
  return { index, size: sorted.length, siblings };
}

/**
 * Whether `proof` shows that (`key`, `value`) is a leaf of the tree with root `root`
 * (RFC 9162 §2.1.3.2). Never throws: a malformed proof or root is `false`.
 */
export function verifyMerkleProof(root: string, key: Uint8Array, value: Uint8Array, proof: MerkleProof): boolean {
  try {
    if (!isHex(root, 32) || typeof proof !== 'object' || proof === null || !Array.isArray(proof.siblings)) return false;
    const { index, size, siblings } = proof;
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size > MAX_MERKLE_LEAVES || index >= size) return false;
    if (siblings.length > 64 || !siblings.every((s) => isHex(s, 32))) return false;
    // Indices fit in 32 bits here, so the shifts below are exact.
    let fn = index;
    let sn = size - 1;
    let r = merkleLeafHash(key, value);
    for (const s of siblings) {
      if (sn === 0) return false;
      const p = new Uint8Array(Buffer.from(s, 'hex'));
      if ((fn & 1) === 1 || fn === sn) {
        r = merkleNodeHash(p, r);
        if ((fn & 1) === 0) {
          while ((fn & 1) === 0 && fn !== 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = merkleNodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn === 0 && toHex(r) === root;
  } catch {
    return false;
  }
}
