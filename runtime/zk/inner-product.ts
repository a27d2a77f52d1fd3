/**
 * The logarithmic-size inner-product argument of Bulletproofs (Bünz, Bootle, Boneh, Poelstra,
 * Wuille, Maxwell, "Bulletproofs: Short Proofs for Confidential Transactions and More", IEEE S&P
 * 2018, §3 Protocol 2, made non-interactive as in §4.4), plus the multi-scalar multiplication
 * helpers the range-proof verifier (`range-proof.ts`) folds it into.
 *
 * Statement: for generator vectors `G, H'` of length `N` (a power of two), a point `Q` and `P`,
 * the prover knows `a, b` with `P = ⟨a, G⟩ + ⟨b, H'⟩ + ⟨a, b⟩·Q`. Each round `j` halves the
 * vectors, sends `L_j = ⟨a_lo, G_hi⟩ + ⟨b_hi, H'_lo⟩ + ⟨a_lo, b_hi⟩·Q` and
 * `R_j = ⟨a_hi, G_lo⟩ + ⟨b_lo, H'_hi⟩ + ⟨a_hi, b_lo⟩·Q`, draws `u_j` from the transcript and folds
 * `a ← u·a_lo + u⁻¹·a_hi`, `b ← u⁻¹·b_lo + u·b_hi`, `G ← u⁻¹·G_lo + u·G_hi`,
 * `H' ← u·H'_lo + u⁻¹·H'_hi`. The verifier never folds points: it checks the single equation
 * `P + Σ(u_j²·L_j + u_j⁻²·R_j) = a·⟨s, G⟩ + b·⟨s⁻¹, H'⟩ + a·b·Q` (§3.1, "Multi-exponentiation")
 * where `s_i = Π_j u_j^{±1}` by the bits of `i`, inside one MSM together with the range check.
 *
 * `H'` is `H` scaled elementwise by public factors (`y^{-i}` in the range proof, §4.2 eq. (64));
 * the prover folds those factors into the first round instead of computing `H'` as points.
 *
 * The argument is not zero knowledge on its own; the range proof only ever feeds it blinded
 * vectors `l, r`, so its scalars are public and variable-time arithmetic is used throughout.
 * Does NOT append anything but `L_j`, `R_j` and `u_j`: the caller binds the statement first.
 * @module
 */
import { interleavedMSMUnsafe, pippenger } from '@noble/curves/abstract/curve.js';
import { modOrder } from './commitment.ts';
import { ZkError } from './errors.ts';
import { GROUP_ORDER, RistrettoPoint, type Point } from './generators.ts';
import type { Transcript } from './transcript.ts';

const L = GROUP_ORDER;

/** `a·b mod ℓ`. */
export const fmul = (a: bigint, b: bigint): bigint => (a * b) % L;
/** `a + b mod ℓ` for inputs in [0, ℓ). */
export const fadd = (a: bigint, b: bigint): bigint => {
  const s = a + b;
  return s >= L ? s - L : s;
};
/** `a − b mod ℓ` for inputs in [0, ℓ). */
export const fsub = (a: bigint, b: bigint): bigint => {
  const s = a - b;
  return s < 0n ? s + L : s;
};
/** `a⁻¹ mod ℓ`; throws `ZK_ERR_INVALID_ARGUMENT` for zero. */
export function finv(a: bigint): bigint {
  if (a === 0n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Cannot invert the zero scalar');
  return RistrettoPoint.Fn.inv(a);
}
/** `⟨a, b⟩ mod ℓ`. */
export function innerProduct(a: readonly bigint[], b: readonly bigint[]): bigint {
  let s = 0n;
  for (let i = 0; i < a.length; i++) s += (a[i] as bigint) * (b[i] as bigint);
  return s % L;
}

/** Above this many points {@link msmPublic} switches from fresh interleaved-wNAF tables to Pippenger (measured). */
export const MSM_PIPPENGER_THRESHOLD = 96;

/**
 * `Σ sᵢ·Pᵢ` for public scalars (variable time; zero scalars allowed): Straus/Möller interleaving
 * with throw-away 5-bit tables for small sets (17 points: ~2.8 ms vs ~6.6 ms for Pippenger,
 * measured), Pippenger's buckets above {@link MSM_PIPPENGER_THRESHOLD} points.
 */
export function msmPublic(points: readonly Point[], scalars: readonly bigint[]): Point {
  if (points.length === 0) return RistrettoPoint.ZERO;
  const s = scalars.map(modOrder);
  if (points.length <= MSM_PIPPENGER_THRESHOLD) return interleavedMSMUnsafe(RistrettoPoint, points as Point[], 5)(s);
  return pippenger(RistrettoPoint, points as Point[], s);
}

/** Interleaved-wNAF window for a fixed table of `count` points (memory `count·2^(W−2)` points). */
function fixedWindow(count: number): number {
  if (count <= 260) return 8;
  if (count <= 1100) return 6;
  return 4;
}

const fixedTables = new Map<string, (scalars: bigint[]) => Point>();

/**
 * A cached MSM closure over a fixed list of public generators (Straus/Möller interleaving with
 * per-point tables, noble's `interleavedMSMUnsafe`): used for `G, H, G_i, H_i`, which every
 * verification multiplies. `key` names the list; tables are built once per key.
 */
export function fixedMsm(key: string, points: () => readonly Point[]): (scalars: bigint[]) => Point {
  let f = fixedTables.get(key);
  if (f === undefined) {
    const pts = points();
    f = interleavedMSMUnsafe(RistrettoPoint, pts as Point[], fixedWindow(pts.length));
    fixedTables.set(key, f);
  }
  return f;
}

/** A non-interactive inner-product argument: `log₂ N` pairs `(L_j, R_j)` and the final `a, b`. */
export interface InnerProductProof {
  readonly L: readonly Point[];
  readonly R: readonly Point[];
  readonly a: bigint;
  readonly b: bigint;
}

/** `log₂ n` for a power of two `n ≥ 1`; throws otherwise. */
export function log2Exact(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || (n & (n - 1)) !== 0) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Expected a power of two, got ${String(n)}`);
  return 31 - Math.clz32(n);
}

/**
 * Proves `P = ⟨a, G⟩ + ⟨b, H'⟩ + ⟨a, b⟩·Q` with `H'_i = hFactors[i]·H_i` (§3 Protocol 2),
 * appending `L_j`, `R_j` and drawing `u_j` from `t`. Lengths must be equal powers of two.
 */
export function proveInnerProduct(
  t: Transcript,
  Q: Point,
  Gs: readonly Point[],
  Hs: readonly Point[],
  hFactors: readonly bigint[],
  aIn: readonly bigint[],
  bIn: readonly bigint[],
): InnerProductProof {
  let n = Gs.length;
  log2Exact(n);
  if (Hs.length !== n || hFactors.length !== n || aIn.length !== n || bIn.length !== n) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Inner-product vectors must have equal lengths');
  }
  let G = [...Gs];
  let H = [...Hs];
  let a = [...aIn];
  let b = [...bIn];
  const Ls: Point[] = [];
  const Rs: Point[] = [];
  let first = true;
  while (n > 1) {
    const h = n >> 1;
    const aLo = a.slice(0, h), aHi = a.slice(h), bLo = b.slice(0, h), bHi = b.slice(h);
    const GLo = G.slice(0, h), GHi = G.slice(h), HLo = H.slice(0, h), HHi = H.slice(h);
    const cL = innerProduct(aLo, bHi);
    const cR = innerProduct(aHi, bLo);
    // In the first round H' is still H scaled by hFactors (§4.2: h' = h^{y^{-n}}); fold it into the scalars.
    const fLo = first ? hFactors.slice(0, h) : null;
    const fHi = first ? hFactors.slice(h, n) : null;
    const Lp = msmPublic([...GHi, ...HLo, Q], [...aLo, ...bHi.map((x, i) => (fLo ? fmul(x, fLo[i] as bigint) : x)), cL]);
    const Rp = msmPublic([...GLo, ...HHi, Q], [...aHi, ...bLo.map((x, i) => (fHi ? fmul(x, fHi[i] as bigint) : x)), cR]);
    if (Lp.is0() || Rp.is0()) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Inner-product round produced the identity (negligible); retry');
    t.append('ipa-L', Lp.toBytes()).append('ipa-R', Rp.toBytes());
    const u = t.challengeScalar('ipa-u');
    if (u === 0n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Zero inner-product challenge (negligible); retry');
    const ui = finv(u);
    Ls.push(Lp);
    Rs.push(Rp);
    const nG: Point[] = new Array(h);
    const nH: Point[] = new Array(h);
    const na: bigint[] = new Array(h);
    const nb: bigint[] = new Array(h);
    for (let i = 0; i < h; i++) {
      na[i] = fadd(fmul(aLo[i] as bigint, u), fmul(aHi[i] as bigint, ui));
      nb[i] = fadd(fmul(bLo[i] as bigint, ui), fmul(bHi[i] as bigint, u));
      nG[i] = (GLo[i] as Point).multiplyUnsafe(ui).add((GHi[i] as Point).multiplyUnsafe(u));
      const sLo = fLo ? fmul(u, fLo[i] as bigint) : u;
      const sHi = fHi ? fmul(ui, fHi[i] as bigint) : ui;
      nH[i] = (HLo[i] as Point).multiplyUnsafe(sLo).add((HHi[i] as Point).multiplyUnsafe(sHi));
    }
    G = nG;
    H = nH;
    a = na;
    b = nb;
    n = h;
    first = false;
  }
  return { L: Ls, R: Rs, a: a[0] as bigint, b: b[0] as bigint };
}

/** What the verifier needs from the inner-product rounds: `u_j²`, `u_j⁻²` and `s_i`. */
export interface InnerProductScalars {
  readonly uSquared: bigint[];
  readonly uInvSquared: bigint[];
  /** `s_i = Π_j u_j^{+1 if bit (k−1−j) of i is set, else −1}`; `s_i⁻¹ = s_{N−1−i}`. */
  readonly s: bigint[];
}

/**
 * Replays the rounds on the verifier's transcript (appending `L_j`, `R_j`, drawing `u_j`) and
 * returns the scalars of the single verification equation (§3.1). Returns `null` if a challenge
 * is zero (negligible for honest proofs; refused rather than divided by).
 */
export function innerProductVerificationScalars(t: Transcript, Lb: readonly Uint8Array[], Rb: readonly Uint8Array[], n: number): InnerProductScalars | null {
  const k = log2Exact(n);
  if (Lb.length !== k || Rb.length !== k) throw new ZkError('ZK_ERR_INVALID_ENCODING', `Expected ${k} inner-product rounds`);
  const u: bigint[] = [];
  for (let j = 0; j < k; j++) {
    t.append('ipa-L', Lb[j] as Uint8Array).append('ipa-R', Rb[j] as Uint8Array);
    const uj = t.challengeScalar('ipa-u');
    if (uj === 0n) return null;
    u.push(uj);
  }
  const ui = u.map(finv);
  const uSquared = u.map((x) => fmul(x, x));
  const uInvSquared = ui.map((x) => fmul(x, x));
  const s: bigint[] = new Array(n);
  s[0] = ui.reduce((acc, x) => fmul(acc, x), 1n);
  for (let i = 1; i < n; i++) {
    const lg = 31 - Math.clz32(i);
    s[i] = fmul(s[i - (1 << lg)] as bigint, uSquared[k - 1 - lg] as bigint);
  }
  return { uSquared, uInvSquared, s };
}
