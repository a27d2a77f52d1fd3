/**
 * A naive second implementation of the state root (docs/transactions.md, State root), written from
 * the recursive definition for the tests to check node/types/state-tree.ts against: noble's sha256
 * instead of node:crypto, byte arrays instead of binary strings, whole-set recursion over the key
 * hashes sorted as 256-bit numbers instead of an incremental persistent tree.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

function u32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** `sha256(lp(utf8 tag) ‖ lp(part)…)`. */
function tagged(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const t = utf8ToBytes(tag);
  return sha256(concatBytes(u32(t.length), t, ...parts.flatMap((p) => [u32(p.length), p])));
}

export const refEmpty = (): Uint8Array => tagged('covenant:state-empty:v1');
export const refKeyHash = (address: string, key: string): Uint8Array => tagged('covenant:state-key:v1', hexToBytes(address), utf8ToBytes(key));
export const refValueHash = (value: string): Uint8Array => tagged('covenant:state-value:v1', utf8ToBytes(value));
export const refLeafHash = (kh: Uint8Array, vh: Uint8Array): Uint8Array => tagged('covenant:state-leaf:v1', kh, vh);
export const refNodeHash = (l: Uint8Array, r: Uint8Array): Uint8Array => tagged('covenant:state-node:v1', l, r);

function bitAt(h: Uint8Array, d: number): number {
  return ((h[d >> 3] as number) >> (7 - (d % 8))) & 1;
}

/** A leaf of the reference: key hash and value hash as bytes. */
export interface RefLeaf {
  readonly kh: Uint8Array;
  readonly vh: Uint8Array;
}

/**
 * root(S, d) = EMPTY if S is empty; leafHash(k, v) if S = {(k, v)}; otherwise
 * nodeHash(root(S₀, d+1), root(S₁, d+1)) where Sᵦ holds the leaves whose key hash has bit d = b.
 */
export function refRootOfLeaves(leaves: readonly RefLeaf[]): string {
  const sorted = [...leaves].sort((a, b) => Buffer.compare(a.kh, b.kh));
  for (let i = 1; i < sorted.length; i++) if (Buffer.compare((sorted[i - 1] as RefLeaf).kh, (sorted[i] as RefLeaf).kh) === 0) throw new Error('duplicate key hash');
  const root = (s: readonly RefLeaf[], d: number): Uint8Array => {
    if (s.length === 0) return refEmpty();
    if (s.length === 1) return refLeafHash((s[0] as RefLeaf).kh, (s[0] as RefLeaf).vh);
    // Sorted as numbers, the bit-d = 0 half comes first.
    let split = 0;
    while (split < s.length && bitAt((s[split] as RefLeaf).kh, d) === 0) split++;
    return refNodeHash(root(s.slice(0, split), d + 1), root(s.slice(split), d + 1));
  };
  return bytesToHex(root(sorted, 0));
}

/** The reference root of a whole state given as entries. */
export function refStateRoot(entries: readonly { readonly address: string; readonly key: string; readonly value: string }[]): string {
  return refRootOfLeaves(entries.map((e) => ({ kh: refKeyHash(e.address, e.key), vh: refValueHash(e.value) })));
}
