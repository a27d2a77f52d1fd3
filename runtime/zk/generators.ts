/**
 * Pedersen generators over ristretto255, derived nothing-up-my-sleeve (CRY-06).
 *
 * Every generator is `hash_to_ristretto255(PEDERSEN_SEED ‖ ":" ‖ label)` with the domain
 * separation tag {@link GENERATOR_DST} (RFC 9380 Appendix B: expand_message_xmd with SHA-512 to 64
 * bytes, then the RFC 9496 §4.3.4 element derivation). The output of a hash-to-curve is a random
 * oracle point: nobody, including us, knows the discrete log of `H` relative to `G` or of any
 * vector generator relative to another, which is what makes the commitments binding. The seed
 * and labels are public and the derivation is re-done independently in the tests.
 *
 * Labels: `"G"` and `"H"` for the value and blinding generators; `"G/<i>"` and `"H/<i>"`
 * (decimal `i ≥ 0`) for the vector generators a later Bulletproofs range proof needs.
 *
 * Does NOT commit or prove (see `commitment.ts`, `sigma.ts`).
 * @module
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { createHash } from 'node:crypto';
import { ZkError } from './errors.ts';

/** A ristretto255 group element (noble's `RistrettoPoint`). */
export type Point = InstanceType<typeof ristretto255.Point>;
/** The ristretto255 point constructor. */
export const RistrettoPoint = ristretto255.Point;
/** The prime group order ℓ = 2^252 + 27742317777372353535851937790883648493. */
export const GROUP_ORDER: bigint = ristretto255.Point.Fn.ORDER;

/** Public seed every Covenant generator is derived from (version 1). */
export const PEDERSEN_SEED = 'covenant:pedersen:v1';
/** RFC 9380 §3.1 domain separation tag of the generator derivation. */
export const GENERATOR_DST = 'covenant:pedersen:v1:ristretto255_XMD:SHA-512_R255MAP_RO_';
/** Most vector generators one call may ask for (64-bit range proofs aggregated 64 ways need 4096). */
export const MAX_VECTOR_GENERATORS = 4096;

const utf8 = new TextEncoder();

/**
 * Derives the generator with the given label: `hash_to_ristretto255(seed ":" label, DST)`.
 * @example
 * ```ts
 * const g = deriveGenerator('G'); // equals PEDERSEN_G
 * ```
 */
export function deriveGenerator(label: string): Point {
  if (typeof label !== 'string' || label.length === 0) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"label" expected a non-empty string');
  const p = ristretto255_hasher.hashToCurve(utf8.encode(`${PEDERSEN_SEED}:${label}`), { DST: GENERATOR_DST });
  // A random-oracle output is the identity with probability 1/ℓ; checked anyway (CRY-06, CRY-08).
  if (p.is0()) throw new ZkError('ZK_ERR_IDENTITY_POINT', `Generator "${label}" is the identity`);
  return p;
}

/** Fixed-base window for the two commitment generators (8 bits: ~0.1 ms per multiply, measured). */
const FIXED_BASE_WINDOW = 8;

/** The value generator `G` of `C = v·G + r·H`, with fixed-base tables attached. */
export const PEDERSEN_G: Point = deriveGenerator('G').precompute(FIXED_BASE_WINDOW, false);
/** The blinding generator `H` of `C = v·G + r·H`, with fixed-base tables attached. */
export const PEDERSEN_H: Point = deriveGenerator('H').precompute(FIXED_BASE_WINDOW, false);

/**
 * 32-byte identifier of the generator set, `SHA-512/256("covenant:generators:v1" ‖ G ‖ H)`; every
 * transcript absorbs it so a proof made against other generators cannot verify against these.
 */
export const GENERATOR_SET_ID: Uint8Array = createHash('sha512-256')
  .update('covenant:generators:v1')
  .update(PEDERSEN_G.toBytes())
  .update(PEDERSEN_H.toBytes())
  .digest();

const vectorCache: Record<'G' | 'H', Point[]> = { G: [], H: [] };

/**
 * The first `count` vector generators of family `"G"` or `"H"` (labels `"G/0"`, `"G/1"`, …),
 * derived on first use and cached.
 * @example
 * ```ts
 * const gs = vectorGenerators('G', 64);
 * ```
 */
export function vectorGenerators(family: 'G' | 'H', count: number): readonly Point[] {
  if (family !== 'G' && family !== 'H') throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"family" expected "G" or "H", got "${String(family)}"`);
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_VECTOR_GENERATORS) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"count" expected an integer in [0, ${MAX_VECTOR_GENERATORS}], got ${String(count)}`);
  }
  const cache = vectorCache[family];
  while (cache.length < count) cache.push(deriveGenerator(`${family}/${cache.length}`));
  return cache.slice(0, count);
}
