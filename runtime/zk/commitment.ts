/**
 * Pedersen commitments `C = v·G + r·H` over ristretto255 and the strict byte encodings of points
 * and scalars used everywhere in `runtime/zk` (CRY-08).
 *
 * - Points are 32-byte canonical ristretto255 encodings (RFC 9496 §4.3.1 decode rejects
 *   non-canonical field elements, negative `s` and non-square results); {@link decodePoint} also
 *   re-encodes and compares, and refuses the identity unless the caller allows it.
 * - Scalars are 32-byte little-endian integers strictly below the group order ℓ; there is exactly
 *   one encoding of each scalar, so a proof cannot be malleated by adding ℓ.
 * - Values are integers in [0, 2^64) (money in minor units, decimals scaled to integers).
 *
 * Does NOT prove anything about the committed value (see `sigma.ts`); in particular a commitment
 * made by someone else may hide any scalar, not only a 64-bit value, until a range proof says so.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { ZkError } from './errors.ts';
import { GROUP_ORDER, PEDERSEN_G, PEDERSEN_H, RistrettoPoint, type Point } from './generators.ts';

/** Bytes in an encoded point or scalar. */
export const ENCODED_LENGTH = 32;
/** Exclusive upper bound of committed values: they are 64-bit unsigned integers. */
export const VALUE_LIMIT = 1n << 64n;

/** Throws `ZK_ERR_INVALID_ENCODING` unless `bytes` is a `Uint8Array` of `length` bytes. */
export function assertBytes(bytes: unknown, length: number | undefined, title: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"${title}" expected Uint8Array, got ${typeof bytes}`);
  if (length !== undefined && bytes.length !== length) {
    throw new ZkError('ZK_ERR_INVALID_ENCODING', `"${title}" expected ${length} bytes, got ${bytes.length}`);
  }
}

/** Options of {@link decodePoint}. */
export interface DecodePointOptions {
  /** Accept the identity element (default `false`: commitments and proof nonces never are). */
  readonly allowIdentity?: boolean;
}

/**
 * Decodes a canonical ristretto255 encoding. Throws `ZK_ERR_INVALID_ENCODING` for a wrong length,
 * `ZK_ERR_INVALID_POINT` for bytes that are not a canonical encoding, and `ZK_ERR_IDENTITY_POINT`
 * for the identity unless allowed.
 * @example
 * ```ts
 * const c = decodePoint(bytes, 'commitment');
 * ```
 */
export function decodePoint(bytes: Uint8Array, title: string, options: DecodePointOptions = {}): Point {
  assertBytes(bytes, ENCODED_LENGTH, title);
  let p: Point;
  try {
    p = RistrettoPoint.fromBytes(bytes);
  } catch (cause) {
    throw new ZkError('ZK_ERR_INVALID_POINT', `"${title}" is not a canonical ristretto255 encoding`, { cause });
  }
  // No re-encoding check: noble's decoder performs every RFC 9496 §4.3.1 check (s canonical,
  // s non-negative, was_square, t non-negative, y ≠ 0), and an encoding that passes them is the
  // unique canonical encoding of its element (RFC 9496 §4.3.1: "the decoding function rejects
  // all non-canonical encodings"). Re-encoding cost ~0.1 ms per point, half of every decoding;
  // test/runtime/zk/commitment.test.ts checks decode∘encode on random and near-miss bytes.
  if (options.allowIdentity !== true && p.is0()) throw new ZkError('ZK_ERR_IDENTITY_POINT', `"${title}" is the identity element`);
  return p;
}

/** Encodes a point canonically (32 bytes, RFC 9496 §4.3.2). */
export function encodePoint(p: Point): Uint8Array {
  return p.toBytes();
}

/** Options of {@link decodeScalar}. */
export interface DecodeScalarOptions {
  /** Accept zero (default `true`; blinding factors refuse it). */
  readonly allowZero?: boolean;
}

/**
 * Decodes a canonical scalar: 32 bytes, little-endian, strictly below ℓ. Throws
 * `ZK_ERR_INVALID_ENCODING` for a wrong length and `ZK_ERR_INVALID_SCALAR` for a value ≥ ℓ (or
 * zero when not allowed).
 * @example
 * ```ts
 * const s = decodeScalar(bytes, 'proof.s');
 * ```
 */
export function decodeScalar(bytes: Uint8Array, title: string, options: DecodeScalarOptions = {}): bigint {
  assertBytes(bytes, ENCODED_LENGTH, title);
  let n = 0n;
  for (let i = ENCODED_LENGTH - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  if (n >= GROUP_ORDER) throw new ZkError('ZK_ERR_INVALID_SCALAR', `"${title}" is not a canonical scalar (≥ the group order)`);
  if (n === 0n && options.allowZero === false) throw new ZkError('ZK_ERR_INVALID_SCALAR', `"${title}" is zero`);
  return n;
}

/** Encodes a scalar in [0, ℓ) as 32 bytes little-endian; throws `ZK_ERR_INVALID_SCALAR` otherwise. */
export function encodeScalar(s: bigint, title = 'scalar'): Uint8Array {
  assertScalar(s, title);
  const out = new Uint8Array(ENCODED_LENGTH);
  let n = s;
  for (let i = 0; i < ENCODED_LENGTH; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** Throws `ZK_ERR_INVALID_SCALAR` unless `s` is a bigint in [0, ℓ) (or [1, ℓ) when `nonZero`). */
export function assertScalar(s: unknown, title: string, nonZero = false): asserts s is bigint {
  if (typeof s !== 'bigint') throw new ZkError('ZK_ERR_INVALID_SCALAR', `"${title}" expected bigint, got ${typeof s}`);
  // Half-open [min, ℓ): ℓ itself is the zero scalar's second name and is refused.
  if (s < (nonZero ? 1n : 0n) || s >= GROUP_ORDER) {
    throw new ZkError('ZK_ERR_INVALID_SCALAR', `"${title}" expected a scalar in [${nonZero ? 1 : 0}, ℓ)`);
  }
}

/** Reduces a 64-byte little-endian string modulo ℓ (the "wide reduction": bias below 2^-250). */
export function scalarFromWide(bytes: Uint8Array): bigint {
  assertBytes(bytes, 64, 'wide scalar');
  let n = 0n;
  for (let i = 63; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n % GROUP_ORDER;
}

/** `x mod ℓ` in [0, ℓ), for any bigint (negative coefficients included). */
export function modOrder(x: bigint): bigint {
  const r = x % GROUP_ORDER;
  return r < 0n ? r + GROUP_ORDER : r;
}

/** A uniformly random non-zero scalar from `node:crypto` (64 bytes, wide reduction). */
export function randomScalar(): bigint {
  for (;;) {
    const s = scalarFromWide(randomBytes(64));
    if (s !== 0n) return s;
  }
}

/** Throws `ZK_ERR_VALUE_OUT_OF_RANGE` unless `v` is a bigint in [0, 2^64). */
export function assertValue(v: unknown, title = 'value'): asserts v is bigint {
  if (typeof v !== 'bigint') throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `"${title}" expected bigint, got ${typeof v}`);
  if (v < 0n || v >= VALUE_LIMIT) throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `"${title}" expected an integer in [0, 2^64), got ${v}`);
}

/** `s·P` for a secret scalar `s` (constant-time ladder; zero gives the identity). */
export function mulSecret(p: Point, s: bigint): Point {
  return s === 0n ? RistrettoPoint.ZERO : p.multiply(s);
}

/** `s·P` for a public scalar `s` (variable time: verification only). */
export function mulPublic(p: Point, s: bigint): Point {
  return p.multiplyUnsafe(modOrder(s));
}

/** An opening of a commitment: the value and the blinding factor. */
export interface Opening {
  readonly value: bigint;
  readonly blinding: bigint;
}

/**
 * Commits to `value` ∈ [0, 2^64) with blinding `blinding` ∈ [1, ℓ): `value·G + blinding·H`.
 * Zero blinding is refused: it would make the commitment a public function of the value.
 * @example
 * ```ts
 * const r = randomScalar();
 * const c = commit(1_000_00n, r);          // a Point
 * const bytes = encodePoint(c);            // 32 bytes for the wire
 * ```
 */
export function commit(value: bigint, blinding: bigint): Point {
  assertValue(value, 'value');
  assertScalar(blinding, 'blinding', true);
  return mulSecret(PEDERSEN_G, value).add(PEDERSEN_H.multiply(blinding));
}

/** Result of {@link createCommitment}: the encoded commitment and its opening. */
export interface CreateCommitmentResult {
  readonly commitment: Uint8Array;
  readonly opening: Opening;
}

/**
 * Commits to `value` with a fresh random blinding and returns the 32-byte commitment and opening.
 * @example
 * ```ts
 * const { commitment, opening } = createCommitment(250_00n);
 * ```
 */
export function createCommitment(value: bigint): CreateCommitmentResult {
  const blinding = randomScalar();
  return { commitment: encodePoint(commit(value, blinding)), opening: { value, blinding } };
}

/**
 * Decodes a commitment: a canonical, non-identity ristretto255 encoding (an honest commitment is
 * the identity with probability 1/ℓ, and the identity is the one point every attacker can open).
 */
export function decodeCommitment(bytes: Uint8Array, title = 'commitment'): Point {
  return decodePoint(bytes, title);
}

/**
 * Checks an opening against an encoded commitment (what a grantee does after decrypting a sealed
 * value). Never throws on bad bytes: answers `false`.
 * @example
 * ```ts
 * openCommitment(commitment, opening) // true
 * ```
 */
export function openCommitment(commitment: Uint8Array, opening: Opening): boolean {
  try {
    return decodeCommitment(commitment).equals(commit(opening.value, opening.blinding));
  } catch (e) {
    if (e instanceof ZkError) return false;
    throw e;
  }
}
