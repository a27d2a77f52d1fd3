/**
 * Product proofs: a non-interactive sigma proof that three Pedersen commitments
 * `C_x = x·G + r_x·H`, `C_y = y·G + r_y·H`, `C_z = z·G + r_z·H` satisfy `z = x·y`.
 *
 * Protocol: the multiplication proof of Cramer and Damgård ("Zero-Knowledge Proofs for Finite
 * Field Arithmetic, or: Can Zero-Knowledge Be for Free?", CRYPTO 1998), which is an instance of
 * Maurer's unified sigma protocol for a group homomorphism ("Unifying Zero-Knowledge Proofs of
 * Knowledge", AFRICACRYPT 2009, the multiplication-proof example). With `r' = r_z − x·r_y` the
 * statement is `C_z = x·C_y + r'·H`, so the prover shows knowledge of `(x, r_x, y, r_y, r')` with
 *
 *     C_x = x·G + r_x·H,   C_y = y·G + r_y·H,   C_z = x·C_y + r'·H
 *
 * (the same `x` in the first and third equation is what ties the product to `C_x`):
 * - nonces `a_x, b_x, a_y, b_y, b_z`; `A_x = a_x·G + b_x·H`, `A_y = a_y·G + b_y·H`,
 *   `A_z = a_x·C_y + b_z·H`;
 * - challenge `c` from the transcript;
 * - responses `s_x = a_x + c·x`, `s_rx = b_x + c·r_x`, `s_y = a_y + c·y`, `s_ry = b_y + c·r_y`,
 *   `s_rz = b_z + c·r'`;
 * - verifier: `s_x·G + s_rx·H = A_x + c·C_x`, `s_y·G + s_ry·H = A_y + c·C_y`,
 *   `s_x·C_y + s_rz·H = A_z + c·C_z`.
 *
 * Special soundness: two accepting transcripts with different challenges give `x, r_x, y, r_y, r'`
 * with `C_z = x·C_y + r'·H = x·y·G + (x·r_y + r')·H`; since nobody knows `log_G H` (CRY-06), `C_z`
 * commits to `x·y`. Honest-verifier zero knowledge is the usual simulation (pick responses and `c`,
 * solve for the nonces).
 *
 * The relation is proven modulo ℓ. It holds over the integers when `x, y, z` are in [0, 2^64)
 * — which a range proof must establish for commitments made by others — because then
 * `x·y < 2^128 < ℓ`.
 *
 * Fiat–Shamir (CRY-07): the transcript (domain {@link PRODUCT_PROTOCOL}) absorbs the binding's
 * domain and context, the generator set, the proof kind, the relation text, `C_x`, `C_y`, `C_z` in
 * that order, then `A_x`, `A_y`, `A_z`, before the challenge. The order matters: the proof is for
 * `C_x`'s opening times `C_y`'s, and does not verify with the two swapped.
 *
 * Verification checks the three equations at once: a verifier-chosen random 128-bit weight for
 * the second and third, one multi-scalar multiplication (a false proof passes with probability
 * about 2^-127).
 *
 * Wire format (exactly 257 bytes, anything else is refused):
 * `0x05 ‖ A_x(32) ‖ A_y(32) ‖ A_z(32) ‖ s_x(32) ‖ s_rx(32) ‖ s_y(32) ‖ s_ry(32) ‖ s_rz(32)`.
 * Points are canonical and not the identity; scalars are canonical (< ℓ) (CRY-08).
 *
 * {@link addProductVerification} adds the three equations to a combined MSM instead (relation
 * proofs check all their parts, and a batch all its proofs, in one MSM).
 *
 * Does NOT prove ranges (see `range-proof.ts`), division, or products of more than two values.
 * @module
 */
import {
  assertBytes,
  assertValue,
  commit,
  decodeCommitment,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  modOrder,
  mulSecret,
  randomScalar,
  type Opening,
} from './commitment.ts';
import { verifyGuard, ZkError, type VerifyResult } from './errors.ts';
import { PEDERSEN_G, PEDERSEN_H, type Point } from './generators.ts';
import { MsmAccumulator, randomWeight, type PointDecoder } from './inner-product.ts';
import { type ProofBinding, bindingTranscript } from './sigma.ts';
import type { Transcript } from './transcript.ts';

/** The transcript domain of product proofs (version 1). */
export const PRODUCT_PROTOCOL = 'covenant:zk:product:v1';
/** The one-byte tag of a product proof (after opening 0x01, equality 0x02, linear 0x03, range 0x04). */
export const PRODUCT_PROOF_TAG = 0x05;
/** Exact encoded size of a product proof: tag, three points, five scalars. */
export const PRODUCT_PROOF_SIZE = 1 + 3 * 32 + 5 * 32;

/** The three commitments of a product statement `z = x·y`, 32 bytes each. */
export interface ProductCommitments {
  readonly x: Uint8Array;
  readonly y: Uint8Array;
  readonly z: Uint8Array;
}

/** The openings of the three commitments. */
export interface ProductOpenings {
  readonly x: Opening;
  readonly y: Opening;
  readonly z: Opening;
}

/** Parameters of {@link proveProduct}. */
export interface ProveProductParameters {
  readonly binding: ProofBinding;
  readonly commitments: ProductCommitments;
  readonly openings: ProductOpenings;
}

/** Parameters of {@link verifyProduct}. */
export interface VerifyProductParameters {
  readonly binding: ProofBinding;
  readonly commitments: ProductCommitments;
  readonly proof: Uint8Array;
}

/** A strictly decoded product proof. */
export interface ProductProof {
  readonly kind: 'product';
  readonly nonceX: Point;
  readonly nonceY: Point;
  readonly nonceZ: Point;
  readonly sX: bigint;
  readonly sRx: bigint;
  readonly sY: bigint;
  readonly sRy: bigint;
  readonly sRz: bigint;
}

function startTranscript(binding: ProofBinding): Transcript {
  return bindingTranscript(PRODUCT_PROTOCOL, 'product', binding);
}

function decodeStatement(c: ProductCommitments): [Point, Point, Point] {
  if (typeof c !== 'object' || c === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"commitments" expected an object { x, y, z }');
  return [decodeCommitment(c.x, 'commitments.x'), decodeCommitment(c.y, 'commitments.y'), decodeCommitment(c.z, 'commitments.z')];
}

/** Absorbs the statement and the prover's first message, then draws the challenge. */
function challenge(t: Transcript, c: ProductCommitments, ax: Uint8Array, ay: Uint8Array, az: Uint8Array): bigint {
  t.append('Cx', c.x).append('Cy', c.y).append('Cz', c.z);
  t.append('Ax', ax).append('Ay', ay).append('Az', az);
  return t.challengeScalar('c');
}

/**
 * Strictly decodes a product proof: exact length, tag, canonical non-identity nonce points,
 * canonical scalars. Throws {@link ZkError}.
 */
export function decodeProductProof(bytes: Uint8Array): ProductProof {
  assertBytes(bytes, undefined, 'product proof');
  if (bytes.length !== PRODUCT_PROOF_SIZE) {
    throw new ZkError('ZK_ERR_INVALID_ENCODING', `"product proof" expected ${PRODUCT_PROOF_SIZE} bytes, got ${bytes.length}`);
  }
  if (bytes[0] !== PRODUCT_PROOF_TAG) {
    throw new ZkError('ZK_ERR_INVALID_ENCODING', `"product proof" expected tag 0x05, got 0x${(bytes[0] as number).toString(16).padStart(2, '0')}`);
  }
  const at = (i: number): Uint8Array => bytes.subarray(1 + 32 * i, 33 + 32 * i);
  return {
    kind: 'product',
    nonceX: decodePoint(at(0), 'product proof.A_x'),
    nonceY: decodePoint(at(1), 'product proof.A_y'),
    nonceZ: decodePoint(at(2), 'product proof.A_z'),
    sX: decodeScalar(at(3), 'product proof.s_x'),
    sRx: decodeScalar(at(4), 'product proof.s_rx'),
    sY: decodeScalar(at(5), 'product proof.s_y'),
    sRy: decodeScalar(at(6), 'product proof.s_ry'),
    sRz: decodeScalar(at(7), 'product proof.s_rz'),
  };
}

function checkOpening(commitment: Point, opening: Opening, title: string): void {
  if (typeof opening !== 'object' || opening === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" opening expected an object`);
  assertValue(opening.value, `${title}.value`);
  if (!commit(opening.value, opening.blinding).equals(commitment)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" does not match its opening`);
}

/**
 * Proves that `commitments.z` commits to the product of the values in `commitments.x` and
 * `commitments.y`. Throws {@link ZkError} if an opening does not match its commitment or
 * `z ≠ x·y` (the prover never makes a proof of a false statement).
 * @example
 * ```ts
 * const x = createCommitment(6n), y = createCommitment(7n), z = createCommitment(42n);
 * const proof = proveProduct({ binding,
 *   commitments: { x: x.commitment, y: y.commitment, z: z.commitment },
 *   openings: { x: x.opening, y: y.opening, z: z.opening } });
 * verifyProduct({ binding, commitments: { x: x.commitment, y: y.commitment, z: z.commitment }, proof }) // { ok: true }
 * ```
 */
export function proveProduct(p: ProveProductParameters): Uint8Array {
  const t = startTranscript(p.binding);
  const [cx, cy, cz] = decodeStatement(p.commitments);
  if (typeof p.openings !== 'object' || p.openings === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"openings" expected an object { x, y, z }');
  const { x, y, z } = p.openings;
  checkOpening(cx, x, 'commitments.x');
  checkOpening(cy, y, 'commitments.y');
  checkOpening(cz, z, 'commitments.z');
  if (x.value * y.value !== z.value) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'z ≠ x·y for these openings: the statement is false');
  const rPrime = modOrder(z.blinding - x.value * y.blinding);

  const ax = randomScalar();
  const bx = randomScalar();
  const ay = randomScalar();
  const by = randomScalar();
  const bz = randomScalar();
  // Secret scalars: constant-time ladders (C_y is public, a_x is not).
  const Ax = encodePoint(PEDERSEN_G.multiply(ax).add(PEDERSEN_H.multiply(bx)));
  const Ay = encodePoint(PEDERSEN_G.multiply(ay).add(PEDERSEN_H.multiply(by)));
  const Az = encodePoint(mulSecret(cy, ax).add(PEDERSEN_H.multiply(bz)));
  const c = challenge(t, p.commitments, Ax, Ay, Az);

  const out = new Uint8Array(PRODUCT_PROOF_SIZE);
  out[0] = PRODUCT_PROOF_TAG;
  const parts = [
    Ax,
    Ay,
    Az,
    encodeScalar(modOrder(ax + c * x.value)),
    encodeScalar(modOrder(bx + c * x.blinding)),
    encodeScalar(modOrder(ay + c * y.value)),
    encodeScalar(modOrder(by + c * y.blinding)),
    encodeScalar(modOrder(bz + c * rPrime)),
  ];
  parts.forEach((part, i) => out.set(part, 1 + 32 * i));
  return out;
}

/**
 * Adds the product proof's three checks to `acc`, each multiplied by its own weight
 * (`weights[0]` may be 1 when nothing else shares the MSM):
 *   E1 = s_x·G + s_rx·H − A_x − c·C_x
 *   E2 = s_y·G + s_ry·H − A_y − c·C_y
 *   E3 = s_x·C_y + s_rz·H − A_z − c·C_z
 * Throws `ZkError` on malformed input. `decode` decodes the commitments (a batch passes a caching
 * decoder).
 */
export function addProductVerification(
  p: VerifyProductParameters,
  weights: readonly [bigint, bigint, bigint],
  acc: MsmAccumulator,
  decode: PointDecoder = decodeCommitment,
): void {
  const t = startTranscript(p.binding);
  if (typeof p.commitments !== 'object' || p.commitments === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"commitments" expected an object { x, y, z }');
  const cx = decode(p.commitments.x, 'commitments.x');
  const cy = decode(p.commitments.y, 'commitments.y');
  const cz = decode(p.commitments.z, 'commitments.z');
  const pr = decodeProductProof(p.proof);
  const c = challenge(t, p.commitments, p.proof.subarray(1, 33), p.proof.subarray(33, 65), p.proof.subarray(65, 97));
  const [w1, w2, w3] = weights;
  acc.addFixed(PEDERSEN_G, w1 * pr.sX + w2 * pr.sY);
  acc.addFixed(PEDERSEN_H, w1 * pr.sRx + w2 * pr.sRy + w3 * pr.sRz);
  acc.add(cx, -w1 * c);
  acc.add(cy, w3 * pr.sX - w2 * c);
  acc.add(cz, -w3 * c);
  acc.add(pr.nonceX, -w1);
  acc.add(pr.nonceY, -w2);
  acc.add(pr.nonceZ, -w3);
}

/**
 * Verifies a product proof against the three commitments. Never throws on adversarial bytes:
 * answers `{ ok: false, code }` (`ZK_ERR_INVALID_ENCODING`, `…_INVALID_POINT`,
 * `…_IDENTITY_POINT`, `…_INVALID_SCALAR`, `…_INVALID_ARGUMENT`, `…_PROOF_REJECTED`).
 */
export function verifyProduct(p: VerifyProductParameters): VerifyResult {
  return verifyGuard(() => {
    // E1 + w2·E2 + w3·E3 == 0 with verifier-chosen random 128-bit w2, w3.
    const acc = new MsmAccumulator();
    addProductVerification(p, [1n, randomWeight(), randomWeight()], acc);
    return acc.isZero();
  });
}
