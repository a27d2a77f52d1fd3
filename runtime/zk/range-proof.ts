/**
 * Bulletproofs range proofs over Pedersen commitments (Bünz et al., "Bulletproofs: Short Proofs
 * for Confidential Transactions and More", IEEE S&P 2018): a proof that each of `m` commitments
 * `V_j = v_j·G + γ_j·H` (`commitment.ts`) opens to `v_j ∈ [0, 2^n)`, for `n ∈ {8, 16, 32, 64}` and
 * `m` a power of two with `n·m ≤ 4096` (§4.1 range proof, §4.3 aggregation, §4.2 with the
 * inner-product argument of `inner-product.ts`), made non-interactive with the Fiat–Shamir
 * transform of `transcript.ts` (§4.4).
 *
 * Generators: `G, H` are the commitment generators (the paper's `g, h`), `G_i = vectorGenerators('G')`
 * and `H_i = vectorGenerators('H')` the paper's `g, h` vectors, all nothing-up-my-sleeve (CRY-06).
 *
 * Transcript (CRY-07): domain `covenant:zk:range:v1`, then the binding's domain, context and
 * relation, the generator-set id, `n`, `m`, every commitment; then `A, S → y, z`;
 * `T1, T2 → x`; `τx, μ, t̂ → w`; each `L_j, R_j → u_j`. Nothing in a proof is left unhashed.
 *
 * Wire format (exact size {@link rangeProofSize}; anything else refused, CRY-08):
 * `0x04 ‖ A ‖ S ‖ T1 ‖ T2 ‖ τx ‖ μ ‖ t̂ ‖ (L_j ‖ R_j) for j < log₂(n·m) ‖ a ‖ b`, points 32-byte
 * canonical ristretto255 and never the identity, scalars 32-byte little-endian `< ℓ`.
 * 64-bit single: 673 bytes; 64-bit ×2: 737; ×4: 801.
 *
 * Verification is a single multi-scalar multiplication (§6.2): both checks of §4.2 — (65) on
 * `t̂` and the inner-product equation with `P` from (66)–(67) — are combined with a random
 * weight `c`; the generators `G, H, G_i, H_i` use cached wide wNAF tables (12-bit for `G, H`,
 * 10-bit for the first 64 vector generators) and the proof-dependent points share their doubling
 * chain (Straus) or, in large batches, go through Pippenger (`inner-product.ts`).
 * {@link verifyRangeBatch} adds several proofs with random 128-bit weights into one MSM (§6.2
 * "Batch verification"), decoding each distinct commitment once; {@link addRangeVerification}
 * lets relation proofs put their range proof into the same MSM as their sigma parts.
 *
 * Does NOT hide the prover's timing: `A` selects points by secret bits and BigInt arithmetic is
 * not constant time, so proofs should be made on the value owner's machine. Does NOT prove
 * ranges other than `[0, 2^n)` (shift the commitment for `[lo, lo + 2^n)`).
 * @module
 */
import { assertBytes, assertScalar, decodeCommitment, decodePoint, decodeScalar, encodeScalar, modOrder, mulSecret, randomScalar, type Opening } from './commitment.ts';
import { verifyGuard, ZkError, type VerifyResult } from './errors.ts';
import { MAX_VECTOR_GENERATORS, PEDERSEN_G, PEDERSEN_H, RistrettoPoint, vectorGenerators, type Point } from './generators.ts';
import { cachingDecoder, fadd, finv, fmul, fsub, innerProduct, innerProductVerificationScalars, log2Exact, msmPublic, MsmAccumulator, preferFixedWindow, proveInnerProduct, randomWeight, type PointDecoder } from './inner-product.ts';
import { bindingTranscript } from './sigma.ts';
import type { Transcript } from './transcript.ts';

/** The transcript domain of every range proof (version 1). */
export const RANGE_PROTOCOL = 'covenant:zk:range:v1';
/** The one-byte tag that starts an encoded range proof (sigma proofs use 0x01–0x03). */
export const RANGE_PROOF_TAG = 0x04;
/** Supported bit lengths `n`. */
export const RANGE_BIT_SIZES = [8, 16, 32, 64] as const;
/** A supported bit length. */
export type RangeBits = (typeof RANGE_BIT_SIZES)[number];
/** Most commitments aggregated into one proof (a power of two; `n·m` also ≤ 4096 generators). */
export const MAX_RANGE_AGGREGATION = 64;
/** Longest relation description bound into a range proof (bytes of UTF-8). */
export const MAX_RANGE_RELATION_BYTES = 4096;

/** What a range proof is bound to besides its commitments and `n` (rebuilt by the verifier, never taken from the sender). */
export interface RangeBinding {
  /** Domain tag naming the chain and protocol use, e.g. `"covenant:devnet:range:v1"`. */
  readonly domain: string;
  /** The call the proof is for (contract, method, transaction id…). */
  readonly context: Uint8Array | string;
  /** Optional statement text (e.g. the comparison this range check serves); default `""`. */
  readonly relation?: string;
}

/** Input of {@link proveRange}. */
export interface ProveRangeInput {
  readonly binding: RangeBinding;
  /** `n`: each value is proven to lie in `[0, 2^n)`. */
  readonly bits: RangeBits;
  /** `m` encoded commitments, `m` a power of two (1 for a single proof). */
  readonly commitments: readonly Uint8Array[];
  /** Their openings, in the same order. */
  readonly openings: readonly Opening[];
}

/** Input of {@link verifyRange}. */
export interface VerifyRangeInput {
  readonly binding: RangeBinding;
  readonly bits: RangeBits;
  readonly commitments: readonly Uint8Array[];
  readonly proof: Uint8Array;
}

/** A decoded range proof (points and scalars already checked, CRY-08). */
export interface RangeProof {
  readonly A: Point;
  readonly S: Point;
  readonly T1: Point;
  readonly T2: Point;
  readonly tauX: bigint;
  readonly mu: bigint;
  readonly tHat: bigint;
  readonly L: readonly Point[];
  readonly R: readonly Point[];
  readonly a: bigint;
  readonly b: bigint;
}


function checkShape(bits: unknown, count: unknown): { n: number; m: number; N: number; k: number } {
  if (!(RANGE_BIT_SIZES as readonly unknown[]).includes(bits)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"bits" expected one of ${RANGE_BIT_SIZES.join(', ')}, got ${String(bits)}`);
  const n = bits as number;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > MAX_RANGE_AGGREGATION || (count & (count - 1)) !== 0) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Expected a power-of-two number of commitments in [1, ${MAX_RANGE_AGGREGATION}], got ${String(count)}`);
  }
  const N = n * count;
  if (N > MAX_VECTOR_GENERATORS) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `bits × commitments must be at most ${MAX_VECTOR_GENERATORS}`);
  return { n, m: count, N, k: log2Exact(N) };
}

/**
 * Exact encoded size in bytes of a range proof for `bits` and `count` commitments:
 * `1 + 32·(9 + 2·log₂(bits·count))`.
 */
export function rangeProofSize(bits: RangeBits, count = 1): number {
  const { k } = checkShape(bits, count);
  return 1 + 32 * (9 + 2 * k);
}

function startTranscript(binding: RangeBinding, n: number, commitments: readonly Uint8Array[]): Transcript {
  if (typeof binding !== 'object' || binding === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"binding" expected an object');
  const relation = binding.relation ?? '';
  // CRY-07: domain, context, statement, generators, n, m and every commitment precede any challenge.
  const t = bindingTranscript(RANGE_PROTOCOL, 'range', { ...binding, relation }, MAX_RANGE_RELATION_BYTES)
    .appendU64('bits', n)
    .appendU64('commitment-count', commitments.length);
  commitments.forEach((c, i) => t.append(`V${i}`, c));
  return t;
}

/** Powers `[1, x, x², …, x^{count−1}]` mod ℓ. */
function powers(x: bigint, count: number): bigint[] {
  const out: bigint[] = new Array(count);
  let p = 1n;
  for (let i = 0; i < count; i++) {
    out[i] = p;
    p = fmul(p, x);
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A random non-zero scalar; the identity check below makes an honest nonce point non-identity. */
const nonce = randomScalar;

/**
 * Proves that every commitment opens to a value in `[0, 2^bits)`. Refuses (throws `ZkError`)
 * unless each opening matches its commitment and its value is a bigint in range: a value ≥ 2^n
 * or a negative one (which would be `ℓ − |v|` in the group) cannot be proven.
 * @example
 * ```ts
 * const { commitment, opening } = createCommitment(1_000_00n);
 * const proof = proveRange({ binding, bits: 64, commitments: [commitment], openings: [opening] });
 * ```
 */
export function proveRange(input: ProveRangeInput): Uint8Array {
  if (typeof input !== 'object' || input === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"input" expected an object');
  const { binding, bits, commitments, openings } = input;
  if (!Array.isArray(commitments) || !Array.isArray(openings) || commitments.length !== openings.length) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"commitments" and "openings" expected arrays of equal length');
  }
  const { n, m, N } = checkShape(bits, commitments.length);
  const limit = 1n << BigInt(n);
  const values: bigint[] = [];
  const gammas: bigint[] = [];
  commitments.forEach((cb, j) => {
    const title = `commitments[${j}]`;
    const V = decodeCommitment(cb, title);
    const o = openings[j] as Opening;
    if (typeof o !== 'object' || o === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" opening expected an object`);
    if (typeof o.value !== 'bigint' || o.value < 0n || o.value >= limit) {
      throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `"${title}" value expected an integer in [0, 2^${n}), got ${String(o.value)}`);
    }
    assertScalar(o.blinding, `${title}.blinding`, true);
    if (!mulSecret(PEDERSEN_G, o.value).add(PEDERSEN_H.multiply(o.blinding)).equals(V)) {
      throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" does not match its opening`);
    }
    values.push(o.value);
    gammas.push(o.blinding);
  });

  const Gs = vectorGenerators('G', N);
  const Hs = vectorGenerators('H', N);
  const t = startTranscript(binding, n, commitments);

  // §4.1 (39)–(41): a_L = bits of v (block j holds v_j, §4.3), a_R = a_L − 1^N.
  const aL: bigint[] = new Array(N);
  const aR: bigint[] = new Array(N);
  for (let j = 0; j < m; j++) {
    const v = values[j] as bigint;
    for (let i = 0; i < n; i++) {
      const bit = (v >> BigInt(i)) & 1n;
      aL[j * n + i] = bit;
      aR[j * n + i] = bit === 1n ? 0n : L_MINUS_ONE;
    }
  }
  // §4.1 (44): A = α·H + ⟨a_L, G⟩ + ⟨a_R, H⟩ — each term is +G_i (bit 1) or −H_i (bit 0).
  const alpha = nonce();
  let A = PEDERSEN_H.multiply(alpha);
  for (let i = 0; i < N; i++) A = A.add(aL[i] === 1n ? (Gs[i] as Point) : (Hs[i] as Point).negate());
  // §4.1 (45)–(47): S = ρ·H + ⟨s_L, G⟩ + ⟨s_R, H⟩.
  const sL = Array.from({ length: N }, nonce);
  const sR = Array.from({ length: N }, nonce);
  const rho = nonce();
  const S = PEDERSEN_H.multiply(rho).add(msmPublic([...Gs, ...Hs], [...sL, ...sR]));
  if (A.is0() || S.is0()) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Range proof nonce point is the identity (negligible); retry');
  t.append('A', A.toBytes()).append('S', S.toBytes());
  const y = t.challengeScalar('y');
  const z = t.challengeScalar('z');
  if (y === 0n || z === 0n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Zero range challenge (negligible); retry');

  // §4.1 (49)–(52) and §4.3 (71)–(72): l(X) = (a_L − z) + s_L·X,
  // r(X) = y^N ∘ (a_R + z + s_R·X) + Σ_j z^{2+j}·(0^{jn} ‖ 2^n ‖ 0^{(m−1−j)n}).
  const yPow = powers(y, N);
  const zPow = powers(z, m + 3); // z^0 … z^{m+2}
  const twoPow = powers(2n, n);
  const l0: bigint[] = new Array(N);
  const r0: bigint[] = new Array(N);
  const r1: bigint[] = new Array(N);
  for (let j = 0; j < m; j++) {
    const zj = zPow[2 + j] as bigint;
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      l0[k] = fsub(aL[k] as bigint, z);
      r0[k] = fadd(fmul(yPow[k] as bigint, fadd(aR[k] as bigint, z)), fmul(zj, twoPow[i] as bigint));
      r1[k] = fmul(yPow[k] as bigint, sR[k] as bigint);
    }
  }
  // t(X) = t0 + t1·X + t2·X² (§4.1 (53)–(56)).
  const t1 = fadd(innerProduct(l0, r1), innerProduct(sL, r0));
  const t2 = innerProduct(sL, r1);
  const tau1 = nonce();
  const tau2 = nonce();
  const T1 = mulSecret(PEDERSEN_G, t1).add(PEDERSEN_H.multiply(tau1));
  const T2 = mulSecret(PEDERSEN_G, t2).add(PEDERSEN_H.multiply(tau2));
  if (T1.is0() || T2.is0()) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Range proof nonce point is the identity (negligible); retry');
  t.append('T1', T1.toBytes()).append('T2', T2.toBytes());
  const x = t.challengeScalar('x');
  if (x === 0n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Zero range challenge (negligible); retry');

  // §4.1 (58)–(62), §4.3 (73): l, r, t̂, τx, μ.
  const l = l0.map((v, i) => fadd(v, fmul(sL[i] as bigint, x)));
  const r = r0.map((v, i) => fadd(v, fmul(r1[i] as bigint, x)));
  const tHat = innerProduct(l, r);
  let tauX = fadd(fmul(tau2, fmul(x, x)), fmul(tau1, x));
  for (let j = 0; j < m; j++) tauX = fadd(tauX, fmul(zPow[2 + j] as bigint, gammas[j] as bigint));
  const mu = fadd(alpha, fmul(rho, x));
  t.appendScalar('tau-x', tauX).appendScalar('mu', mu).appendScalar('t-hat', tHat);
  // §4.2: the inner product ⟨l, r⟩ = t̂ over (G, H' = y^{-i}·H), with Q = w·G bound by a fresh challenge.
  const w = t.challengeScalar('w');
  if (w === 0n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Zero range challenge (negligible); retry');
  const Q = PEDERSEN_G.multiplyUnsafe(w);
  const ipa = proveInnerProduct(t, Q, Gs, Hs, powers(finv(y), N), l, r);

  const parts: Uint8Array[] = [Uint8Array.of(RANGE_PROOF_TAG), A.toBytes(), S.toBytes(), T1.toBytes(), T2.toBytes(), encodeScalar(tauX), encodeScalar(mu), encodeScalar(tHat)];
  for (let j = 0; j < ipa.L.length; j++) parts.push((ipa.L[j] as Point).toBytes(), (ipa.R[j] as Point).toBytes());
  parts.push(encodeScalar(ipa.a), encodeScalar(ipa.b));
  return concat(parts);
}

const L_MINUS_ONE = RistrettoPoint.Fn.ORDER - 1n;

/**
 * Strictly decodes a range proof for `bits` and `count` commitments (CRY-08): exact length, the
 * tag, canonical non-identity points, canonical scalars `< ℓ`. Throws `ZkError`.
 */
export function decodeRangeProof(bytes: Uint8Array, bits: RangeBits, count = 1): RangeProof {
  const { k } = checkShape(bits, count);
  assertBytes(bytes, 1 + 32 * (9 + 2 * k), 'range proof');
  if (bytes[0] !== RANGE_PROOF_TAG) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"range proof" expected tag 0x04, got 0x${(bytes[0] as number).toString(16).padStart(2, '0')}`);
  let o = 1;
  const next = (): Uint8Array => bytes.subarray(o, (o += 32));
  const A = decodePoint(next(), 'proof.A');
  const S = decodePoint(next(), 'proof.S');
  const T1 = decodePoint(next(), 'proof.T1');
  const T2 = decodePoint(next(), 'proof.T2');
  const tauX = decodeScalar(next(), 'proof.tauX');
  const mu = decodeScalar(next(), 'proof.mu');
  const tHat = decodeScalar(next(), 'proof.tHat');
  const Ls: Point[] = [];
  const Rs: Point[] = [];
  for (let j = 0; j < k; j++) {
    Ls.push(decodePoint(next(), `proof.L${j}`));
    Rs.push(decodePoint(next(), `proof.R${j}`));
  }
  const a = decodeScalar(next(), 'proof.a');
  const b = decodeScalar(next(), 'proof.b');
  return { A, S, T1, T2, tauX, mu, tHat, L: Ls, R: Rs, a, b };
}

/**
 * The generators of a verification with vectors of length `N`, in MSM order `G, H, G_0‥G_{N−1},
 * H_0‥H_{N−1}`. The first time, asks for wide fixed-base tables where every verification spends
 * its time: 10-bit for the first 64 of each family (a 64-bit proof), 8-bit up to 256 (`G, H`
 * get 12-bit tables in `inner-product.ts`).
 */
function verifierGenerators(N: number): { readonly G: readonly Point[]; readonly H: readonly Point[] } {
  const G = vectorGenerators('G', N);
  const H = vectorGenerators('H', N);
  if (N > windowsUpTo) {
    preferFixedWindow([...G.slice(windowsUpTo, 64), ...H.slice(windowsUpTo, 64)], 10);
    preferFixedWindow([...G.slice(Math.max(windowsUpTo, 64), 256), ...H.slice(Math.max(windowsUpTo, 64), 256)], 8);
    windowsUpTo = Math.min(N, 256);
  }
  return { G, H };
}
let windowsUpTo = 0;

/**
 * Adds the combined check of §4.2 (65) and the inner-product equation (§3.1), scaled by `weight`,
 * to `acc`; `false` if a challenge is zero. Throws `ZkError` on malformed input. `decode` decodes
 * the commitments (a batch passes a caching decoder).
 */
export function addRangeVerification(input: VerifyRangeInput, weight: bigint, acc: MsmAccumulator, decode: PointDecoder = decodeCommitment): boolean {
  if (typeof input !== 'object' || input === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"input" expected an object');
  const { binding, bits, commitments, proof } = input;
  if (!Array.isArray(commitments)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"commitments" expected an array');
  const { n, m, N, k } = checkShape(bits, commitments.length);
  const V = commitments.map((c, j) => decode(c, `commitments[${j}]`));
  const p = decodeRangeProof(proof, bits, m);
  const t = startTranscript(binding, n, commitments);
  // Replay the prover's transcript from the proof's own bytes (every element is absorbed).
  let o = 1;
  const next = (): Uint8Array => proof.subarray(o, (o += 32));
  t.append('A', next()).append('S', next());
  const y = t.challengeScalar('y');
  const z = t.challengeScalar('z');
  t.append('T1', next()).append('T2', next());
  const x = t.challengeScalar('x');
  t.append('tau-x', next()).append('mu', next()).append('t-hat', next());
  const w = t.challengeScalar('w');
  if (y === 0n || z === 0n || x === 0n || w === 0n) return false;
  const Lb: Uint8Array[] = [];
  const Rb: Uint8Array[] = [];
  for (let j = 0; j < k; j++) {
    Lb.push(next());
    Rb.push(next());
  }
  const ipa = innerProductVerificationScalars(t, Lb, Rb, N, y);
  if (ipa === null) return false;

  const c = randomScalar(); // combines the t̂ check with the inner-product check
  const zPow = powers(z, m + 3);
  const yInv = ipa.alsoInverted;
  const yInvPow = powers(yInv, N);
  const twoPow = powers(2n, n);
  // δ(y, z) = (z − z²)·⟨1, y^N⟩ − Σ_j z^{3+j}·⟨1, 2^n⟩ (§4.1 (39), §4.3 (71)).
  const sumY = geometricSum(y, N);
  let delta = fmul(fsub(z, zPow[2] as bigint), sumY);
  const sum2 = modOrder((1n << BigInt(n)) - 1n);
  for (let j = 0; j < m; j++) delta = fsub(delta, fmul(zPow[3 + j] as bigint, sum2));

  const ab = fmul(p.a, p.b);
  const gens = verifierGenerators(N);
  acc.addFixed(PEDERSEN_G, fmul(weight, fadd(fmul(w, fsub(p.tHat, ab)), fmul(c, fsub(delta, p.tHat)))));
  acc.addFixed(PEDERSEN_H, fmul(weight, fsub(0n, fadd(p.mu, fmul(c, p.tauX)))));
  const negZ = fsub(0n, z);
  const wa = fmul(weight, p.a);
  const wb = fmul(weight, p.b);
  const wNegZ = fmul(weight, negZ);
  const wZ = fmul(weight, z);
  for (let j = 0; j < m; j++) {
    const zj = fmul(weight, zPow[2 + j] as bigint);
    for (let i = 0; i < n; i++) {
      const idx = j * n + i;
      acc.addFixed(gens.G[idx] as Point, fsub(wNegZ, fmul(wa, ipa.s[idx] as bigint)));
      // H_i: z + y^{-i}·(z^{2+j}·2^i − b·s_i⁻¹), with s_i⁻¹ = s_{N−1−i}.
      const inner = fsub(fmul(zj, twoPow[i] as bigint), fmul(wb, ipa.s[N - 1 - idx] as bigint));
      acc.addFixed(gens.H[idx] as Point, fadd(wZ, fmul(yInvPow[idx] as bigint, inner)));
    }
  }
  const cx = fmul(c, x);
  acc.add(p.A, weight);
  acc.add(p.S, fmul(weight, x));
  acc.add(p.T1, fmul(weight, cx));
  acc.add(p.T2, fmul(weight, fmul(cx, x)));
  const wc = fmul(weight, c);
  for (let j = 0; j < m; j++) {
    const Vj = V[j] as Point;
    // The padding commitment of relation proofs is H itself: a generator, not a one-off point.
    if (Vj.equals(PEDERSEN_H)) acc.addFixed(PEDERSEN_H, fmul(wc, zPow[2 + j] as bigint));
    else acc.add(Vj, fmul(wc, zPow[2 + j] as bigint));
  }
  ipa.uSquared.forEach((u2, j) => acc.add(p.L[j] as Point, fmul(weight, u2)));
  ipa.uInvSquared.forEach((ui2, j) => acc.add(p.R[j] as Point, fmul(weight, ui2)));
  return true;
}

/** `Σ_{i<N} y^i` mod ℓ. */
function geometricSum(y: bigint, count: number): bigint {
  let s = 0n;
  let p = 1n;
  for (let i = 0; i < count; i++) {
    s += p;
    p = fmul(p, y);
  }
  return s % RistrettoPoint.Fn.ORDER;
}

/**
 * Verifies a range proof for `commitments` (each in `[0, 2^bits)`) under `binding`. Never throws
 * on adversarial bytes: answers `{ ok: false, code }` (`ZK_ERR_INVALID_ENCODING`,
 * `ZK_ERR_INVALID_POINT`, `ZK_ERR_IDENTITY_POINT`, `ZK_ERR_INVALID_SCALAR`,
 * `ZK_ERR_PROOF_REJECTED`, `ZK_ERR_INVALID_ARGUMENT` for a bad shape).
 * @example
 * ```ts
 * verifyRange({ binding, bits: 64, commitments: [commitment], proof }) // { ok: true }
 * ```
 */
export function verifyRange(input: VerifyRangeInput): VerifyResult {
  return verifyGuard(() => {
    const acc = new MsmAccumulator();
    return addRangeVerification(input, 1n, acc) && acc.isZero();
  });
}

/**
 * Verifies several range proofs (any mix of `bits` and aggregation sizes) in one MSM: each
 * proof's equation is weighted by an independent random 128-bit scalar, so a batch containing
 * an invalid proof passes with probability about 2^-128. Answers `ok` only if every proof is
 * valid; on failure it does not say which one (re-verify singly to find it).
 * @example
 * ```ts
 * verifyRangeBatch([{ binding, bits: 64, commitments: [c1], proof: p1 }, { binding, bits: 64, commitments: [c2], proof: p2 }])
 * ```
 */
export function verifyRangeBatch(inputs: readonly VerifyRangeInput[]): VerifyResult {
  return verifyGuard(() => {
    if (!Array.isArray(inputs)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"inputs" expected an array');
    const acc = new MsmAccumulator();
    const decode = cachingDecoder(decodeCommitment);
    for (const input of inputs) if (!addRangeVerification(input, randomWeight(), acc, decode)) return false;
    return inputs.length === 0 || acc.isZero();
  });
}
