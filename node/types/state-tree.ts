/**
 * The state tree: an authenticated map from (contract address, state key) to value whose root
 * depends only on the SET of entries (history independent: the same state gives the same root
 * however it was reached), updated per block in time proportional to the changed keys × tree depth,
 * with inclusion and non-inclusion proofs.
 *
 * Design: a sparse Merkle tree over 256-bit paths `keyHash = H(address, key)` in which every
 * subtree holding exactly one leaf is replaced by that leaf and every subtree holding none by the
 * constant `EMPTY` hash: the logical tree of Diem's Jellyfish Merkle tree (Gao, Hu et al., "Jellyfish
 * Merkle Tree", Diem whitepaper 2021, §2: "a subtree with only one leaf is replaced by that leaf";
 * diem `storage/jellyfish-merkle`, `SparseMerkleProof::verify`) and the "compact sparse Merkle tree"
 * of Faraz Haider (2018, ePrint 2018/955). Leaf, node and empty hashes carry distinct domain tags.
 * The tree is a function of the set, so applying changes in any order, or building from scratch,
 * gives the same nodes; docs/transactions.md, "State root", is the normative definition with test
 * vectors.
 *
 * Trees are immutable (persistent, path copying): {@link updateStateTree} returns a new version
 * sharing every untouched subtree with the old one, which stays valid, so a block producer can
 * compute the root of a speculative state without disturbing the committed tree.
 *
 * It does NOT store values (only their hashes), persist anything, or know the chain store; the
 * binary RFC 6962 tree of transactions and receipts is `merkle.ts`.
 * @module
 */
import { hash } from 'node:crypto';
import { NodeError } from '../errors.ts';
import { isHex } from './_encoding.ts';

/** Domain tags of the state tree, v1 (consensus data: a changed definition gets new tags). */
export const STATE_TREE_TAGS = {
  key: 'covenant:state-key:v1',
  value: 'covenant:state-value:v1',
  leaf: 'covenant:state-leaf:v1',
  node: 'covenant:state-node:v1',
  empty: 'covenant:state-empty:v1',
} as const;

/** Bits in a key hash, so the deepest possible node level. */
export const STATE_TREE_DEPTH = 256;

const HASH_BYTES = 32;
const ADDRESS_BYTES = 20;

/**
 * A sha256 digest held as a 32-character string, one character per byte (latin1). Inside the tree
 * hashes are kept this way rather than as `Uint8Array`s: V8 stores such a string in about 40 bytes
 * of heap, compares it natively, and node:crypto returns it without an `ArrayBuffer` per digest;
 * building a 200k-entry tree took 1.7 s with `Buffer` digests and well under half that with these
 * (measured). Hex at every public boundary ({@link StateProof}, roots).
 */
export type BinaryHash = string;

/** The empty tree. */
export interface StateTreeEmpty {
  readonly kind: 'empty';
  readonly hash: BinaryHash;
  readonly size: 0;
}

/** A subtree holding exactly one entry. */
export interface StateTreeLeaf {
  readonly kind: 'leaf';
  readonly keyHash: BinaryHash;
  readonly valueHash: BinaryHash;
  /** The leaf hash of `keyHash`, `valueHash`. */
  readonly hash: BinaryHash;
  readonly size: 1;
}

/** A subtree holding two or more entries: under `left` bit `depth` of the key hash is 0, under `right` 1. */
export interface StateTreeNode {
  readonly kind: 'node';
  readonly left: StateTree;
  readonly right: StateTree;
  /** The node hash of `left.hash`, `right.hash`. */
  readonly hash: BinaryHash;
  /** Number of entries below. */
  readonly size: number;
}

/** An immutable state tree (or subtree). */
export type StateTree = StateTreeEmpty | StateTreeLeaf | StateTreeNode;

/** A change at the hash level: set `keyHash` to `valueHash`, or delete it (`valueHash` undefined). */
export interface StateTreeUpdate {
  readonly keyHash: BinaryHash;
  readonly valueHash: BinaryHash | undefined;
}

/** A change at the entry level (a runtime `StateDiffEntry` is one): `value` undefined deletes. */
export interface StateTreeEntry {
  /** Contract address, 40 lowercase hex digits. */
  readonly address: string;
  readonly key: string;
  readonly value: string | undefined;
}

/** The leaf a proof's path ends at, as hex. */
export interface StateProofLeaf {
  readonly keyHash: string;
  readonly valueHash: string;
}

/**
 * A proof about one key against a root. The path of the key's hash is walked from the root until
 * it reaches a leaf or an empty subtree; `siblings` are the other children on the way, deepest
 * first (as in `MerkleProof` and Diem's `SparseMerkleProof`), and `leaf` is the leaf reached
 * (absent: an empty subtree). The key is present iff `leaf.keyHash` is its key hash; a leaf with
 * another key hash on the key's path, or no leaf, proves absence.
 */
export interface StateProof {
  /** Lowercase hex sha256 digests, deepest first; at most {@link STATE_TREE_DEPTH}. */
  readonly siblings: readonly string[];
  readonly leaf?: StateProofLeaf;
}

/** `lp(utf8(tag))`, the prefix of every tagged hash (the `taggedHash` framing of node/types). */
function tagPrefix(tag: string): Buffer {
  const t = Buffer.from(tag, 'utf8');
  const out = Buffer.alloc(4 + t.length);
  out.writeUInt32BE(t.length, 0);
  t.copy(out, 4);
  return out;
}

/** A reusable frame `lp(tag) ‖ …` grown on demand; hashing is synchronous, so sharing one is safe. */
class Frame {
  readonly prefix: number;
  buf: Buffer;
  constructor(tag: string, size: number) {
    const p = tagPrefix(tag);
    this.prefix = p.length;
    this.buf = Buffer.alloc(Math.max(size, p.length));
    p.copy(this.buf, 0);
  }
  reserve(size: number): Buffer {
    if (this.buf.length < size) {
      const b = Buffer.alloc(Math.max(size, 2 * this.buf.length));
      this.buf.copy(b, 0, 0, this.prefix);
      this.buf = b;
    }
    return this.buf;
  }
}

function pairFrame(tag: string): Frame {
  const f = new Frame(tag, 0);
  const buf = f.reserve(f.prefix + 2 * (4 + HASH_BYTES));
  buf.writeUInt32BE(HASH_BYTES, f.prefix);
  buf.writeUInt32BE(HASH_BYTES, f.prefix + 4 + HASH_BYTES);
  return f;
}

const KEY_FRAME = new Frame(STATE_TREE_TAGS.key, 256);
const VALUE_FRAME = new Frame(STATE_TREE_TAGS.value, 256);
const LEAF_FRAME = pairFrame(STATE_TREE_TAGS.leaf);
const NODE_FRAME = pairFrame(STATE_TREE_TAGS.node);

function sha256(data: Uint8Array): BinaryHash {
  return hash('sha256', data, 'binary');
}

/** `sha256(lp(tag) ‖ lp(a) ‖ lp(b))` for two 32-byte binary hashes. */
function hashPair(frame: Frame, a: BinaryHash, b: BinaryHash): BinaryHash {
  const buf = frame.buf;
  buf.write(a, frame.prefix + 4, 'latin1');
  buf.write(b, frame.prefix + 8 + HASH_BYTES, 'latin1');
  return sha256(buf);
}

function checkHash(h: unknown, field: string): BinaryHash {
  if (typeof h !== 'string' || h.length !== HASH_BYTES) throw new NodeError('NODE_ERR_INVALID_MERKLE', `"${field}" expected a 32-byte binary hash`, { field });
  return h;
}

function toBinary(hex: string): BinaryHash {
  return Buffer.from(hex, 'hex').toString('latin1');
}

function binaryToHex(h: BinaryHash): string {
  return Buffer.from(h, 'latin1').toString('hex');
}

/**
 * `keyHash = sha256(lp("covenant:state-key:v1") ‖ lp(address, 20 bytes) ‖ lp(key bytes))`, the
 * 256-bit path of an entry, from raw bytes (the store's scan); see {@link stateKeyHash}.
 */
export function stateKeyHashOfBytes(address: Uint8Array, key: Uint8Array): BinaryHash {
  if (address.length !== ADDRESS_BYTES) throw new NodeError('NODE_ERR_INVALID_MERKLE', `"address" expected ${ADDRESS_BYTES} bytes, got ${address.length}`, { field: 'address' });
  const at = KEY_FRAME.prefix;
  const buf = KEY_FRAME.reserve(at + 8 + ADDRESS_BYTES + key.length);
  buf.writeUInt32BE(ADDRESS_BYTES, at);
  buf.set(address, at + 4);
  buf.writeUInt32BE(key.length, at + 4 + ADDRESS_BYTES);
  buf.set(key, at + 8 + ADDRESS_BYTES);
  return sha256(buf.subarray(0, at + 8 + ADDRESS_BYTES + key.length));
}

function keyHashOf(address: string, key: string): BinaryHash {
  if (!isHex(address, ADDRESS_BYTES)) throw new NodeError('NODE_ERR_INVALID_MERKLE', `"address" expected 40 lowercase hex digits, got ${JSON.stringify(String(address).slice(0, 80))}`, { field: 'address' });
  if (typeof key !== 'string') throw new NodeError('NODE_ERR_INVALID_MERKLE', '"key" expected a string', { field: 'key' });
  const at = KEY_FRAME.prefix;
  const buf = KEY_FRAME.reserve(at + 8 + ADDRESS_BYTES + 3 * key.length);
  buf.writeUInt32BE(ADDRESS_BYTES, at);
  buf.write(address, at + 4, 'hex');
  // Lone surrogates become U+FFFD here exactly as in Buffer.from(key, 'utf8') (the store's key bytes).
  const n = buf.write(key, at + 8 + ADDRESS_BYTES, 'utf8');
  buf.writeUInt32BE(n, at + 4 + ADDRESS_BYTES);
  return sha256(buf.subarray(0, at + 8 + ADDRESS_BYTES + n));
}

/** `valueHash = sha256(lp("covenant:state-value:v1") ‖ lp(value bytes))`, from raw bytes. */
export function stateValueHashOfBytes(value: Uint8Array): BinaryHash {
  const at = VALUE_FRAME.prefix;
  const buf = VALUE_FRAME.reserve(at + 4 + value.length);
  buf.writeUInt32BE(value.length, at);
  buf.set(value, at + 4);
  return sha256(buf.subarray(0, at + 4 + value.length));
}

function valueHashOf(value: string): BinaryHash {
  if (typeof value !== 'string') throw new NodeError('NODE_ERR_INVALID_MERKLE', '"value" expected a string', { field: 'value' });
  const at = VALUE_FRAME.prefix;
  const buf = VALUE_FRAME.reserve(at + 4 + 3 * value.length);
  const n = buf.write(value, at + 4, 'utf8');
  buf.writeUInt32BE(n, at);
  return sha256(buf.subarray(0, at + 4 + n));
}

/**
 * The key hash of (`address`, `key`) as hex: `address` is 40 lowercase hex digits, `key` is hashed
 * as UTF-8. Throws `NODE_ERR_INVALID_MERKLE` on a malformed address.
 * @example stateKeyHash('00'.repeat(20), 's/total')
 */
export function stateKeyHash(address: string, key: string): string {
  return binaryToHex(keyHashOf(address, key));
}

/** The value hash of `value` (its UTF-8 bytes) as hex. */
export function stateValueHash(value: string): string {
  return binaryToHex(valueHashOf(value));
}

/** `sha256(lp("covenant:state-leaf:v1") ‖ lp(keyHash) ‖ lp(valueHash))`, hex in and out. */
export function stateLeafHash(keyHash: string, valueHash: string): string {
  if (!isHex(keyHash, HASH_BYTES) || !isHex(valueHash, HASH_BYTES)) throw new NodeError('NODE_ERR_INVALID_MERKLE', 'a leaf hashes two 32-byte hex digests');
  return binaryToHex(hashPair(LEAF_FRAME, toBinary(keyHash), toBinary(valueHash)));
}

/** `sha256(lp("covenant:state-node:v1") ‖ lp(left) ‖ lp(right))`, hex in and out. */
export function stateNodeHash(left: string, right: string): string {
  if (!isHex(left, HASH_BYTES) || !isHex(right, HASH_BYTES)) throw new NodeError('NODE_ERR_INVALID_MERKLE', 'a node hashes two 32-byte hex digests');
  return binaryToHex(hashPair(NODE_FRAME, toBinary(left), toBinary(right)));
}

/** The empty tree, whose hash is `sha256(lp("covenant:state-empty:v1"))`. */
export const EMPTY_STATE_TREE: StateTreeEmpty = Object.freeze({ kind: 'empty', hash: sha256(tagPrefix(STATE_TREE_TAGS.empty)), size: 0 });

/** The root of the empty state, as hex. */
export const EMPTY_STATE_ROOT: string = binaryToHex(EMPTY_STATE_TREE.hash);

/** Bit `depth` of `h`, most significant bit of byte 0 first. */
function bit(h: BinaryHash, depth: number): number {
  return (h.charCodeAt(depth >>> 3) >>> (7 - (depth & 7))) & 1;
}

function makeLeaf(keyHash: BinaryHash, valueHash: BinaryHash): StateTreeLeaf {
  return { kind: 'leaf', keyHash, valueHash, hash: hashPair(LEAF_FRAME, keyHash, valueHash), size: 1 };
}

/** The canonical parent of two subtrees: a subtree with at most one entry is that entry (or empty). */
function join(left: StateTree, right: StateTree): StateTree {
  if (left.kind === 'empty' && right.kind !== 'node') return right;
  if (right.kind === 'empty' && left.kind !== 'node') return left;
  return { kind: 'node', left, right, hash: hashPair(NODE_FRAME, left.hash, right.hash), size: left.size + right.size };
}

/** A working change: `leaf` undefined deletes `keyHash`. */
interface Item {
  readonly keyHash: BinaryHash;
  readonly leaf: StateTreeLeaf | undefined;
}

/** Puts the items of `[lo, hi)` whose bit `depth` is 0 first; returns the first index with bit 1. */
function partition(items: Item[], lo: number, hi: number, depth: number): number {
  let i = lo;
  let j = hi - 1;
  for (;;) {
    while (i <= j && bit((items[i] as Item).keyHash, depth) === 0) i++;
    while (i <= j && bit((items[j] as Item).keyHash, depth) === 1) j--;
    if (i >= j) return i;
    const t = items[i] as Item;
    items[i] = items[j] as Item;
    items[j] = t;
  }
}

/** The subtree at `depth` of the leaves `items[lo, hi)` (all present, distinct key hashes). */
function build(items: Item[], lo: number, hi: number, depth: number): StateTree {
  if (hi === lo) return EMPTY_STATE_TREE;
  if (hi - lo === 1) return (items[lo] as Item).leaf as StateTreeLeaf;
  // Distinct 256-bit hashes differ at some bit below 256; reaching it means two equal key hashes.
  if (depth === STATE_TREE_DEPTH) throw new NodeError('NODE_ERR_INVALID_MERKLE', `duplicate key hash ${binaryToHex((items[lo] as Item).keyHash)}`);
  const mid = partition(items, lo, hi, depth);
  return join(build(items, lo, mid, depth + 1), build(items, mid, hi, depth + 1));
}

/** `tree` (the subtree at `depth`) with the changes `items[lo, hi)` applied; `tree` is not modified. */
function update(tree: StateTree, items: Item[], lo: number, hi: number, depth: number): StateTree {
  if (hi === lo) return tree;
  if (tree.kind === 'node') {
    const mid = partition(items, lo, hi, depth);
    const left = update(tree.left, items, lo, mid, depth + 1);
    const right = update(tree.right, items, mid, hi, depth + 1);
    return left === tree.left && right === tree.right ? tree : join(left, right);
  }
  // An empty subtree or a single leaf: rebuild from the surviving leaves, which are few.
  const leaves: Item[] = [];
  let kept = tree.kind === 'leaf';
  for (let i = lo; i < hi; i++) {
    const it = items[i] as Item;
    if (tree.kind === 'leaf' && it.keyHash === tree.keyHash) {
      kept = false;
      // The same value keeps the very same leaf object, so an unchanged subtree stays shared.
      if (it.leaf !== undefined) leaves.push(it.leaf.valueHash === tree.valueHash ? { keyHash: tree.keyHash, leaf: tree } : it);
    } else if (it.leaf !== undefined) {
      leaves.push(it);
    }
  }
  if (kept) leaves.push({ keyHash: (tree as StateTreeLeaf).keyHash, leaf: tree as StateTreeLeaf });
  if (leaves.length === 1 && leaves[0]?.leaf === tree) return tree;
  return build(leaves, 0, leaves.length, depth);
}

/** Checked working items; leaf hashes are computed here, once per update. */
function toItems(updates: readonly StateTreeUpdate[]): Item[] {
  if (!Array.isArray(updates)) throw new NodeError('NODE_ERR_INVALID_MERKLE', '"updates" expected an array');
  const seen = new Set<BinaryHash>();
  return updates.map((u, i) => {
    const keyHash = checkHash(u.keyHash, `updates[${i}].keyHash`);
    if (seen.has(keyHash)) throw new NodeError('NODE_ERR_INVALID_MERKLE', `duplicate key hash ${binaryToHex(keyHash)} in updates`, { field: `updates[${i}].keyHash` });
    seen.add(keyHash);
    return { keyHash, leaf: u.valueHash === undefined ? undefined : makeLeaf(keyHash, checkHash(u.valueHash, `updates[${i}].valueHash`)) };
  });
}

/**
 * `tree` with `updates` applied (any order; one update per key hash, else
 * `NODE_ERR_INVALID_MERKLE`). Deleting an absent key is a no-op. Costs about `k·log₂(n)` node
 * hashes for `k` updates on `n` entries; `tree` itself is unchanged and stays valid (persistent).
 * @example
 * const t1 = updateStateTree(EMPTY_STATE_TREE, stateTreeUpdates([{ address, key: 's/n', value: '1' }]));
 */
export function updateStateTree(tree: StateTree, updates: readonly StateTreeUpdate[]): StateTree {
  const items = toItems(updates);
  return update(tree, items, 0, items.length, 0);
}

/** The tree of the entries `updates` (deletes are ignored), built in one pass: about `n` leaf and `1.44·n` node hashes. */
export function buildStateTree(updates: readonly StateTreeUpdate[]): StateTree {
  const items = toItems(updates).filter((it) => it.leaf !== undefined);
  return build(items, 0, items.length, 0);
}

/** One change from raw bytes (the store's scan): `value` undefined deletes. */
export function stateTreeUpdateOfBytes(address: Uint8Array, key: Uint8Array, value: Uint8Array | undefined): StateTreeUpdate {
  return { keyHash: stateKeyHashOfBytes(address, key), valueHash: value === undefined ? undefined : stateValueHashOfBytes(value) };
}

/** Entry-level changes as hash-level updates. Throws `NODE_ERR_INVALID_MERKLE` on a malformed address. */
export function stateTreeUpdates(entries: readonly StateTreeEntry[]): StateTreeUpdate[] {
  return entries.map((e) => ({ keyHash: keyHashOf(e.address, e.key), valueHash: e.value === undefined ? undefined : valueHashOf(e.value) }));
}

/** The root of `tree` as 64 lowercase hex digits. */
export function stateTreeRoot(tree: StateTree): string {
  return binaryToHex(tree.hash);
}

/**
 * The state root of a whole state given as entries (every `value` defined), from scratch.
 * @example computeStateRoot([]) === EMPTY_STATE_ROOT
 */
export function computeStateRoot(entries: readonly StateTreeEntry[]): string {
  return stateTreeRoot(buildStateTree(stateTreeUpdates(entries)));
}

/**
 * The proof for (`address`, `key`) in `tree`: inclusion if present, absence otherwise (see
 * {@link StateProof}). One step per level, no hashing.
 * @example
 * const proof = stateTreeProof(tree, address, 's/n');
 * verifyStateProof(stateTreeRoot(tree), address, 's/n', '"7"', proof); // true if s/n is "7"
 */
export function stateTreeProof(tree: StateTree, address: string, key: string): StateProof {
  const keyHash = keyHashOf(address, key);
  const siblings: string[] = [];
  let t = tree;
  for (let depth = 0; t.kind === 'node'; depth++) {
    if (bit(keyHash, depth) === 0) {
      siblings.push(binaryToHex(t.right.hash));
      t = t.left;
    } else {
      siblings.push(binaryToHex(t.left.hash));
      t = t.right;
    }
  }
  siblings.reverse();
  return t.kind === 'leaf' ? { siblings, leaf: { keyHash: binaryToHex(t.keyHash), valueHash: binaryToHex(t.valueHash) } } : { siblings };
}

/**
 * Whether `proof` shows, against `root`, that (`address`, `key`) has `value`, or, with `value`
 * `undefined`, that the key is absent. Never throws: a malformed proof, root or address is `false`.
 *
 * As Diem's `SparseMerkleProof::verify`: the path ends at the leaf hash of (key hash, value hash)
 * for inclusion; for absence at `EMPTY` or at a leaf with ANOTHER key hash that shares the path's
 * prefix (the subtree of the path holds one entry, and it is not this key); the siblings are then
 * folded up along the key hash's bits. Distinct leaf and node tags make the path's shape binding.
 */
export function verifyStateProof(root: string, address: string, key: string, value: string | undefined, proof: StateProof): boolean {
  try {
    if (!isHex(root, HASH_BYTES) || typeof proof !== 'object' || proof === null || !Array.isArray(proof.siblings)) return false;
    const { siblings, leaf } = proof;
    if (siblings.length > STATE_TREE_DEPTH || !siblings.every((s) => isHex(s, HASH_BYTES))) return false;
    if (leaf !== undefined && (typeof leaf !== 'object' || leaf === null || !isHex(leaf.keyHash, HASH_BYTES) || !isHex(leaf.valueHash, HASH_BYTES))) return false;
    const keyHash = keyHashOf(address, key);
    let h: BinaryHash;
    if (value !== undefined) {
      const valueHash = valueHashOf(value);
      if (leaf === undefined || toBinary(leaf.keyHash) !== keyHash || toBinary(leaf.valueHash) !== valueHash) return false;
      h = hashPair(LEAF_FRAME, keyHash, valueHash);
    } else if (leaf === undefined) {
      h = EMPTY_STATE_TREE.hash;
    } else {
      const other = toBinary(leaf.keyHash);
      if (other === keyHash) return false;
      for (let d = 0; d < siblings.length; d++) if (bit(other, d) !== bit(keyHash, d)) return false;
      h = hashPair(LEAF_FRAME, other, toBinary(leaf.valueHash));
    }
    for (let j = 0; j < siblings.length; j++) {
      const s = toBinary(siblings[j] as string);
      h = bit(keyHash, siblings.length - 1 - j) === 0 ? hashPair(NODE_FRAME, h, s) : hashPair(NODE_FRAME, s, h);
    }
    return binaryToHex(h) === root;
  } catch {
    return false;
  }
}
