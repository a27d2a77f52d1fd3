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
 * The MSM engine ({@link msmWithFixed}, {@link MsmAccumulator}) is the verifiers' shared back end:
 * noble's point arithmetic on the Edwards representatives, cached wNAF tables for generators,
 * Straus/Möller interleaving for up to {@link MSM_PIPPENGER_THRESHOLD} one-off points and
 * Pippenger with signed digits above.
 *
 * `H'` is `H` scaled elementwise by public factors (`y^{-i}` in the range proof, §4.2 eq. (64));
 * the prover folds those factors into the first round instead of computing `H'` as points.
 *
 * The argument is not zero knowledge on its own; the range proof only ever feeds it blinded
 * vectors `l, r`, so its scalars are public and variable-time arithmetic is used throughout.
 * Does NOT append anything but `L_j`, `R_j` and `u_j`: the caller binds the statement first.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { modOrder } from './commitment.ts';
import { ZkError } from './errors.ts';
import { GROUP_ORDER, PEDERSEN_G, PEDERSEN_H, RistrettoPoint, type Point } from './generators.ts';
import type { Transcript } from './transcript.ts';

const L = GROUP_ORDER;
const HALF_ORDER = GROUP_ORDER >> 1n;

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

// ---------------------------------------------------------------------------------------------
// Multi-scalar multiplication (public scalars, variable time)
//
// All point arithmetic is noble's: the sums run on the Edwards representatives (`ep`) of the
// ristretto255 points with noble's `add`/`double`/`negate`, and the result is wrapped back into a
// ristretto255 point. A sum of representatives represents the sum of the elements, so the
// ristretto255 equality of the result (what `is0()` and `equals` test) is that of the true sum.
// Skipping the wrapper saves an allocation per addition; recoding scalars with JS numbers instead
// of noble's bit-by-bit BigInt loop saves ~20 µs per scalar (measured).

/** The Edwards representative noble keeps inside a ristretto255 point. */
interface EdwardsRep {
  add(o: EdwardsRep): EdwardsRep;
  double(): EdwardsRep;
  negate(): EdwardsRep;
}
const rep = (p: Point): EdwardsRep => (p as unknown as { readonly ep: EdwardsRep }).ep;
const wrap = (e: EdwardsRep): Point => new RistrettoPoint(e as never);

const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = 10 + i;
/** Digits of a recoding: positions 0‥{@link DIGITS}−1 (scalars < 2^253 plus a carry window). */
const DIGITS = 272;

/** The bits of `0 ≤ s < 2^256`, one byte each, little-endian, into `out` (length ≥ 272). */
function scalarBits(s: bigint, out: Uint8Array): void {
  out.fill(0);
  const hex = s.toString(16);
  for (let i = hex.length - 1, bit = 0; i >= 0; i--, bit += 4) {
    const v = HEX_VALUE[hex.charCodeAt(i)] as number;
    out[bit] = v & 1;
    out[bit + 1] = (v >> 1) & 1;
    out[bit + 2] = (v >> 2) & 1;
    out[bit + 3] = (v >> 3) & 1;
  }
}
const scratchBits = new Uint8Array(DIGITS + 32);

/**
 * Width-`w` wNAF of `0 ≤ s < ℓ`: `s = Σ dᵢ·2^i` with every `dᵢ` zero or odd, `|dᵢ| < 2^(w−1)`, and
 * at least `w − 1` zeros after each non-zero digit. Returns the digits and the highest used position + 1.
 */
export function wnafRecode(s: bigint, w: number): { readonly digits: Int16Array; readonly length: number } {
  const bits = scratchBits;
  scalarBits(s, bits);
  const digits = new Int16Array(DIGITS);
  const width = 1 << w;
  const half = width >> 1;
  let length = 0;
  for (let pos = 0; pos < DIGITS - w; pos++) {
    if (bits[pos] === 0) continue;
    let win = 0;
    for (let k = 0; k < w; k++) {
      win |= (bits[pos + k] as number) << k;
      bits[pos + k] = 0;
    }
    let d = win;
    if (win >= half) {
      // Take win − 2^w here and carry 2^w into position pos + w.
      d = win - width;
      let j = pos + w;
      while (bits[j] === 1) bits[j++] = 0;
      bits[j] = 1;
    }
    digits[pos] = d;
    length = pos + 1;
    pos += w - 1;
  }
  return { digits, length };
}

/** Odd multiples `[P, 3P, …, (2^(w−1) − 1)P]` of an Edwards representative. */
function oddMultiplesOf(p: EdwardsRep, w: number): EdwardsRep[] {
  const size = 1 << (w - 2);
  const t: EdwardsRep[] = [p];
  const dbl = p.double();
  for (let j = 1; j < size; j++) t.push((t[j - 1] as EdwardsRep).add(dbl));
  return t;
}

/** One interleaved (Straus) input: a table of odd multiples and a recoded scalar. */
interface StrausTerm {
  readonly table: readonly EdwardsRep[];
  readonly digits: Int16Array;
  readonly length: number;
}

/** Straus/Möller interleaving: one shared doubling chain, one table addition per non-zero digit. */
function strausWalk(terms: readonly StrausTerm[]): EdwardsRep | null {
  let top = 0;
  for (const t of terms) if (t.length > top) top = t.length;
  let acc: EdwardsRep | null = null;
  for (let bit = top - 1; bit >= 0; bit--) {
    if (acc !== null) acc = acc.double();
    for (const t of terms) {
      const d = t.digits[bit] as number;
      if (d === 0) continue;
      const q = d > 0 ? (t.table[(d - 1) >> 1] as EdwardsRep) : (t.table[(-d - 1) >> 1] as EdwardsRep).negate();
      acc = acc === null ? q : acc.add(q);
    }
  }
  return acc;
}

/** Signed base-2^c digits of `0 ≤ s < 2^256` (`|d| ≤ 2^(c−1)`), `windows` of them. */
function signedDigits(s: bigint, c: number, windows: number, out: Int32Array, at: number): void {
  const bits = scratchBits;
  scalarBits(s, bits);
  const full = 1 << c;
  const half = full >> 1;
  let carry = 0;
  for (let k = 0; k < windows; k++) {
    let v = carry;
    const base = k * c;
    for (let b = 0; b < c; b++) v += (bits[base + b] as number) << b;
    if (v > half) {
      out[at + k] = v - full;
      carry = 1;
    } else {
      out[at + k] = v;
      carry = 0;
    }
  }
}

/** Point additions of Pippenger with signed window `c` over `n` points (cost model, measured adds ≈ doubles). */
function pippengerCost(n: number, c: number): number {
  return Math.ceil(254 / c) * (n + (1 << c) + c);
}

/** Best Pippenger window for `n` points. */
function pippengerWindow(n: number): number {
  let best = 2;
  for (let c = 3; c <= 16; c++) if (pippengerCost(n, c) < pippengerCost(n, best)) best = c;
  return best;
}

/** Pippenger's bucket method with signed digits (buckets `1‥2^(c−1)`); zero digits and empty buckets are skipped. */
function pippengerWalk(points: readonly EdwardsRep[], scalars: readonly bigint[]): EdwardsRep | null {
  const n = points.length;
  const c = pippengerWindow(n);
  const windows = Math.ceil(254 / c) + 1;
  const digits = new Int32Array(n * windows);
  for (let j = 0; j < n; j++) signedDigits(scalars[j] as bigint, c, windows, digits, j * windows);
  const negs: (EdwardsRep | undefined)[] = new Array(n);
  const buckets: (EdwardsRep | null)[] = new Array((1 << (c - 1)) + 1);
  let sum: EdwardsRep | null = null;
  for (let k = windows - 1; k >= 0; k--) {
    if (sum !== null) for (let b = 0; b < c; b++) sum = sum.double();
    buckets.fill(null);
    let top = 0;
    for (let j = 0; j < n; j++) {
      const d = digits[j * windows + k] as number;
      if (d === 0) continue;
      let p: EdwardsRep;
      let i: number;
      if (d > 0) {
        p = points[j] as EdwardsRep;
        i = d;
      } else {
        p = negs[j] ?? (negs[j] = (points[j] as EdwardsRep).negate());
        i = -d;
      }
      const cur = buckets[i];
      buckets[i] = cur === null || cur === undefined ? p : cur.add(p);
      if (i > top) top = i;
    }
    let running: EdwardsRep | null = null;
    let acc: EdwardsRep | null = null;
    for (let i = top; i >= 1; i--) {
      const b = buckets[i];
      if (b !== null && b !== undefined) running = running === null ? b : running.add(b);
      if (running !== null) acc = acc === null ? running : acc.add(running);
    }
    if (acc !== null) sum = sum === null ? acc : sum.add(acc);
  }
  return sum;
}

/** Window of the throw-away tables of variable points in an interleaved walk. */
const VARIABLE_WINDOW = 5;
/** Up to this many one-off points one interleaved walk beats Pippenger (measured crossover 64–96 points, 2026-11-25). */
export const MSM_PIPPENGER_THRESHOLD = 96;

/** Fixed-base wNAF tables, one per generator (by identity). */
const generatorTables = new WeakMap<Point, { readonly w: number; readonly table: readonly EdwardsRep[] }>();

/** Default window of a cached generator table (callers ask for wider ones with {@link preferFixedWindow}). */
export const FIXED_WINDOW = 8;

/** Preferred table windows of particular generators (set before their first use). */
const preferredWindows = new WeakMap<Point, number>();

/**
 * Asks for `w`-bit tables (memory `2^(w−2)` points each) for the given generators, e.g. wider
 * tables for the generators every verification multiplies. Has no effect on tables already built.
 */
export function preferFixedWindow(points: readonly Point[], w: number): void {
  for (const p of points) if (!generatorTables.has(p)) preferredWindows.set(p, w);
}

// G and H are in every verification: 12-bit tables (2 × 1024 points).
preferFixedWindow([PEDERSEN_G, PEDERSEN_H], 12);

function tableOf(p: Point, fallback: number): { readonly w: number; readonly table: readonly EdwardsRep[] } {
  let t = generatorTables.get(p);
  if (t === undefined) {
    const w = preferredWindows.get(p) ?? fallback;
    t = { w, table: oddMultiplesOf(rep(p), w) };
    generatorTables.set(p, t);
  }
  return t;
}

/**
 * `Σ fᵢ·Fᵢ + Σ sⱼ·Pⱼ` for public scalars (reduced mod ℓ; zero allowed): `fixed` are long-lived
 * generators whose wNAF tables are cached by identity (window {@link FIXED_WINDOW}), `points` are
 * one-off points. Up to {@link MSM_PIPPENGER_THRESHOLD} one-off points everything shares one
 * Straus/Möller doubling chain (fresh 5-bit tables for the one-off points); above it the one-off
 * points go through Pippenger's buckets with signed digits.
 */
export function msmWithFixed(fixed: readonly Point[], fixedScalars: readonly bigint[], points: readonly Point[], scalars: readonly bigint[]): Point {
  if (fixed.length !== fixedScalars.length || points.length !== scalars.length) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'MSM points and scalars must have equal lengths');
  const terms: StrausTerm[] = [];
  for (let i = 0; i < fixed.length; i++) {
    let s = modOrder(fixedScalars[i] as bigint);
    if (s === 0n) continue;
    // s > ℓ/2: use −(ℓ − s), shorter (a weight −w costs as much as w, not a full-length scalar).
    const neg = s > HALF_ORDER;
    if (neg) s = L - s;
    const t = tableOf(fixed[i] as Point, fixed.length <= 1100 ? FIXED_WINDOW : 5);
    const r = wnafRecode(s, t.w);
    if (neg) for (let j = 0; j < r.length; j++) r.digits[j] = -(r.digits[j] as number);
    terms.push({ table: t.table, ...r });
  }
  let rest: EdwardsRep | null = null;
  const vp: EdwardsRep[] = [];
  const vs: bigint[] = [];
  for (let j = 0; j < points.length; j++) {
    const s = modOrder(scalars[j] as bigint);
    if (s === 0n) continue;
    const neg = s > HALF_ORDER;
    vp.push(neg ? rep(points[j] as Point).negate() : rep(points[j] as Point));
    vs.push(neg ? L - s : s);
  }
  if (vp.length > MSM_PIPPENGER_THRESHOLD) rest = pippengerWalk(vp, vs);
  else for (let j = 0; j < vp.length; j++) terms.push({ table: oddMultiplesOf(vp[j] as EdwardsRep, VARIABLE_WINDOW), ...wnafRecode(vs[j] as bigint, VARIABLE_WINDOW) });
  const a = strausWalk(terms);
  const sum = a === null ? rest : rest === null ? a : a.add(rest);
  return sum === null ? RistrettoPoint.ZERO : wrap(sum);
}

/**
 * `Σ sᵢ·Pᵢ` for public scalars (variable time; zero scalars allowed, any integer reduced mod ℓ):
 * Straus/Möller interleaving with throw-away 5-bit tables for small sets, Pippenger's buckets with
 * signed digits above {@link MSM_PIPPENGER_THRESHOLD} points.
 */
export function msmPublic(points: readonly Point[], scalars: readonly bigint[]): Point {
  return msmWithFixed([], [], points, scalars);
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
export function innerProductVerificationScalars(
  t: Transcript,
  Lb: readonly Uint8Array[],
  Rb: readonly Uint8Array[],
  n: number,
  alsoInvert = 1n,
): (InnerProductScalars & { readonly alsoInverted: bigint }) | null {
  const k = log2Exact(n);
  if (Lb.length !== k || Rb.length !== k) throw new ZkError('ZK_ERR_INVALID_ENCODING', `Expected ${k} inner-product rounds`);
  const u: bigint[] = [];
  for (let j = 0; j < k; j++) {
    t.append('ipa-L', Lb[j] as Uint8Array).append('ipa-R', Rb[j] as Uint8Array);
    const uj = t.challengeScalar('ipa-u');
    if (uj === 0n) return null;
    u.push(uj);
  }
  // One inversion for all u_j and the caller's extra value (the range proof's y).
  const inv = batchInvert([...u, alsoInvert]);
  const ui = inv.slice(0, k);
  const uSquared = u.map((x) => fmul(x, x));
  const uInvSquared = ui.map((x) => fmul(x, x));
  const s: bigint[] = new Array(n);
  s[0] = ui.reduce((acc, x) => fmul(acc, x), 1n);
  for (let i = 1; i < n; i++) {
    const lg = 31 - Math.clz32(i);
    s[i] = fmul(s[i - (1 << lg)] as bigint, uSquared[k - 1 - lg] as bigint);
  }
  return { uSquared, uInvSquared, s, alsoInverted: inv[k] as bigint };
}

/** `[x⁻¹ for x of xs]` with one inversion (Montgomery's trick); throws for a zero entry. */
export function batchInvert(xs: readonly bigint[]): bigint[] {
  const prefix: bigint[] = new Array(xs.length);
  let acc = 1n;
  for (let i = 0; i < xs.length; i++) {
    prefix[i] = acc;
    acc = fmul(acc, xs[i] as bigint);
  }
  let inv = finv(acc);
  const out: bigint[] = new Array(xs.length);
  for (let i = xs.length - 1; i >= 0; i--) {
    out[i] = fmul(inv, prefix[i] as bigint);
    inv = fmul(inv, xs[i] as bigint);
  }
  return out;
}

/** Decodes a 32-byte point (strictly, CRY-08); callers may pass a caching decoder. */
export type PointDecoder = (bytes: Uint8Array, title: string) => Point;

/**
 * A decoder that remembers what it decoded (by the bytes), so one batch decodes each distinct
 * commitment once (a ristretto255 decoding costs an inverse square root). Same checks as `decode`;
 * a failure is not remembered (it throws again).
 */
export function cachingDecoder(decode: PointDecoder): CachingDecoder {
  const seen = new Map<string, Point>();
  const key = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const f = (bytes: Uint8Array, title: string): Point => {
    const k = key(bytes);
    let p = seen.get(k);
    if (p === undefined) {
      p = decode(bytes, title);
      seen.set(k, p);
    }
    return p;
  };
  return Object.assign(f, {
    remember(bytes: Uint8Array, p: Point): void {
      seen.set(key(bytes), p);
    },
  });
}

/** A {@link cachingDecoder}; `remember` records a point the caller encoded itself (`bytes` must be its encoding). */
export interface CachingDecoder extends PointDecoder {
  remember(bytes: Uint8Array, p: Point): void;
}

/** A uniformly random non-zero 128-bit weight from the CSPRNG (a batching weight, drawn after the proofs are fixed). */
export function randomWeight(): bigint {
  for (;;) {
    const b = randomBytes(16);
    const w = (b.readBigUInt64LE(0) << 64n) | b.readBigUInt64LE(8);
    if (w !== 0n) return w;
  }
}

/**
 * The terms of one combined verification equation `Σ fᵢ·Fᵢ + Σ sⱼ·Pⱼ == 0`: several proofs (or
 * parts of one) add their own equations, each multiplied by its own random weight, and
 * {@link MsmAccumulator.isZero} evaluates the whole sum as one MSM. If any added equation is
 * false, the sum is the identity with probability at most about 2^-128 over the weights (for a
 * non-identity `E` in a prime-order group, `w·E + rest = 0` holds for one `w` mod ℓ at most).
 * Generators (`G`, `H`, vector generators) are summed per generator and use cached tables; other
 * points are merged by identity (a caching decoder makes equal bytes one object).
 */
export class MsmAccumulator {
  readonly #fixed = new Map<Point, bigint>();
  readonly #index = new Map<Point, number>();
  readonly #points: Point[] = [];
  readonly #scalars: bigint[] = [];

  /** Adds `s·F` for a long-lived generator `F`. */
  addFixed(f: Point, s: bigint): void {
    this.#fixed.set(f, fadd(this.#fixed.get(f) ?? 0n, modOrder(s)));
  }

  /** Adds `s·P` for a proof- or statement-dependent point `P`. */
  add(p: Point, s: bigint): void {
    const i = this.#index.get(p);
    if (i === undefined) {
      this.#index.set(p, this.#points.length);
      this.#points.push(p);
      this.#scalars.push(modOrder(s));
    } else this.#scalars[i] = fadd(this.#scalars[i] as bigint, modOrder(s));
  }

  /** Adds every term of `other` (which is left unchanged). */
  merge(other: MsmAccumulator): void {
    for (const [f, s] of other.#fixed) this.addFixed(f, s);
    other.#points.forEach((p, i) => this.add(p, other.#scalars[i] as bigint));
  }

  /** Number of distinct non-generator points so far. */
  get size(): number {
    return this.#points.length;
  }

  /** Evaluates the sum (one MSM) and tells whether it is the identity. */
  isZero(): boolean {
    return msmWithFixed([...this.#fixed.keys()], [...this.#fixed.values()], this.#points, this.#scalars).is0();
  }
}
