/**
 * Relations of `prove(...)` (issue 5): turns an ABI relation description (`abi.relations[i]`,
 * docs/artifact.md "Relations") plus the run-time public operand values into an integer proof
 * statement over the sealed operands' commitments, and proves ({@link proveRelation}, client side)
 * or verifies ({@link verifyRelation}, {@link verifyRelationsBatch}, host side, behind
 * `__host_verify`) it. Full statement and soundness argument: docs/privacy.md "Relations".
 *
 * Mapping to integers (exact rationals, no floats):
 * 1. Every sealed operand is committed as the integer `v = value · 10^e` ({@link commitmentExponent}).
 * 2. Public operands and constants are exact decimals.
 * 3. `left − right` (mirrored for `<`, `<=`) is expanded into
 *    `Σ cᵢ·vᵢ + Σ c_ij·(vᵢ·vⱼ) + c₀ + c_q·N/D` with exact rational coefficients: `add`, `sub`,
 *    `mul` by a public factor, `div` by a public divisor (exact: multiplies by `1/b`), products of
 *    two sealed linear forms (one auxiliary product commitment per pair `vᵢ·vⱼ`, product proof),
 *    and at most one division by a sealed linear form `D` (quotient/remainder gadget below).
 * 4. Everything is multiplied by the least common multiple `M` of the denominators, so every
 *    coefficient is an integer (`M = 10^scale · factor`).
 *
 * Division by a sealed divisor keeps the exact meaning of `/` (the compiler types relation
 * arithmetic as exact `Decimal`): with integer numerator `Num` and divisor `D` (both linear forms
 * over commitments), the prover commits a quotient `q`, the product `P = q·D` and a remainder `r`:
 * `==` needs `Num = q·D` exactly (no `r`); a comparison `X ≥ 0` (or `X > 0`) uses
 * `Num = q·D + r` (floor) or `Num = q·D − r` (ceiling), chosen by the sign of the quotient's
 * coefficient and the strictness so that the dropped fraction `±r/D` lies in `[0, 1)` (resp.
 * `(−1, 0]`): then `X ≥ 0 ⟺ rest + s·q ≥ 0` and `X > 0 ⟺ rest + s·q − 1 ≥ 0` exactly, because the
 * rest is an integer. Range proofs: `q`, `r`, `D − 1 − r` (or `D − 1` for `==`).
 *
 * Soundness rests on two things: (1) every sealed operand's commitment carries a range certificate
 * (`sealed-range.ts`) that the runtime verified when the value entered the contract
 * (`runtime/sealed-arguments.ts`), so each sealed value is in `[0, 2^64)`; (2) this proof. The
 * proof therefore range-proves only what it introduces itself: the comparison slack `t` and the
 * division's `q`, `r`, `D − 1 − r` (or `D − 1`), in one aggregated 64-bit Bulletproof padded to a
 * power of two with `H` (a commitment to 0 with the public blinding 1). An `==` without a
 * division has no range proof at all (sigma parts only). Products of two certified values are
 * `< 2^128` and need none. With every certified or range-proven value in `[0, 2^64)`, products
 * `< 2^129` and coefficients `< 2^64`, every linear equation is below `2^200 < ℓ/2` in magnitude,
 * so the proven congruences mod ℓ are integer equations.
 *
 * Binding (CRY-07): one context (contract, relation index and canonical description, public
 * values, sealed commitments, transaction, every auxiliary commitment) shared by every part.
 *
 * Wire (version 3): `0x03 ‖ kind ‖ aux commitments ‖ product proofs ‖ linear proofs ‖ [range proof]`,
 * the layout fixed by the relation and its public values ({@link relationProofLayout}).
 *
 * Does NOT check that the commitments are the on-chain ones (the runtime passes them) nor their
 * certificates (the runtime checks those at the contract boundary), does NOT charge gas, and does NOT support two divisions by sealed values, products of three sealed values,
 * or negative divisors/quotients (unprovable). See docs/privacy.md "Limits".
 * @module
 */
import { createHash } from 'node:crypto';
import type { AbiRelation, AbiRelationTerm, AbiType } from '../../compiler/artifact.ts';
import { CURRENCIES } from '../../stdlib/index.ts';
import { createCommitment, decodeCommitment, encodePoint, ENCODED_LENGTH, modOrder, mulPublic, openCommitment, type Opening } from './commitment.ts';
import { ZkError, type ZkErrorCode } from './errors.ts';
import { PEDERSEN_G, PEDERSEN_H, RistrettoPoint, type Point } from './generators.ts';
import { addProductVerification, PRODUCT_PROOF_SIZE, proveProduct } from './product.ts';
import { addRangeVerification, proveRange, rangeProofSize, type VerifyRangeInput } from './range-proof.ts';
import { addLinearVerification, PROOF_SIZES, proveLinear, type LinearTerm, type LinearWitnessTerm, type ProofBinding } from './sigma.ts';
import { cachingDecoder, MsmAccumulator, randomWeight, type CachingDecoder } from './inner-product.ts';

/** Transcript domain suffix of relation proofs (version 3: certified operands, products, division). */
export const RELATION_PROTOCOL = 'covenant:zk:relation:v3';
/** Commitment exponent of sealed `Decimal` values: they are committed as `value · 10^6`. */
export const DECIMAL_COMMITMENT_EXPONENT = 6;
/** First byte of every relation proof (wire version 3). */
export const RELATION_PROOF_VERSION = 0x03;
/** Second byte: the statement kind. `0x01` equality; `0x02` comparison (slack + range proof). */
export const RELATION_PROOF_KINDS = { equality: 0x01, comparison: 0x02 } as const;
/** Bits of every range proof of a relation (slack, quotient, remainder, divisor) and of sealed-operand certificates. */
export const RELATION_RANGE_BITS = 64;
/** @deprecated alias of {@link RELATION_RANGE_BITS}. */
export const RELATION_SLACK_BITS = RELATION_RANGE_BITS;
const LINEAR_SIZE = PROOF_SIZES.linear;
/** Byte length of an equality proof without products or division (any number of sealed operands): version, kind, linear proof. */
export const RELATION_EQUALITY_PROOF_SIZE = 2 + LINEAR_SIZE;
/** Byte length of a comparison proof without products or division: version, kind, `C_t`, linear proof, 64-bit range proof of `t`. */
export const RELATION_COMPARISON_PROOF_SIZE = 2 + ENCODED_LENGTH + LINEAR_SIZE + rangeProofSize(RELATION_RANGE_BITS, 1);

/** Codes of {@link RelationError}: the library's codes plus the unsupported-shape code. */
export type RelationErrorCode = ZkErrorCode | 'ZK_ERR_UNSUPPORTED_RELATION';

/**
 * Thrown for a relation shape the proofs do not cover (`ZK_ERR_UNSUPPORTED_RELATION`): two
 * divisions by sealed values, nested sealed divisions, products of more than two sealed values. Other failures throw {@link ZkError}.
 */
export class RelationError extends Error {
  override readonly name = 'RelationError';
  readonly code: RelationErrorCode;
  constructor(code: RelationErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Outcome of {@link verifyRelation}: never throws on adversarial input. */
export type RelationVerifyResult = { readonly ok: true } | { readonly ok: false; readonly code: RelationErrorCode; readonly message: string };

/** What a relation proof is bound to besides the relation and its public values (CRY-07). */
export interface RelationBinding {
  /** Chain and use, e.g. `"covenant:devnet"`. */
  readonly domain: string;
  /** The address of the contract whose ABI holds the relation. */
  readonly contract: string;
  /** The calling transaction (id or signing payload hash), supplied by the caller / host. */
  readonly transaction: Uint8Array | string;
}

/** A sealed operand as the prover knows it: its 32-byte commitment (or 64 hex digits) and opening. */
export interface SealedOperand {
  readonly commitment: Uint8Array | string;
  readonly opening: Opening;
}

/** `__host_verify` inputs: encoded public operands and the sealed operands' commitments in hex. */
export interface RelationInputs {
  readonly public: readonly unknown[];
  readonly sealed: readonly string[];
}

/** An integer linear form `Σ aᵢ·vᵢ + Σ b_k·P_k + constant` over sealed operands and product commitments. */
export interface RelationForm {
  readonly terms: readonly { readonly sealed: number; readonly coefficient: bigint }[];
  readonly productTerms: readonly { readonly product: number; readonly coefficient: bigint }[];
  readonly constant: bigint;
}

/** The division by a sealed divisor of a statement: `Num / D` enters the main equation as `sign·q`. */
export interface RelationDivision {
  /** Coefficient of the quotient `q` in the main equation. */
  readonly sign: 1n | -1n;
  /** `exact`: `Num = q·D`; `floor`: `Num = q·D + r`; `ceil`: `Num = q·D − r`; `0 ≤ r < D`. */
  readonly rounding: 'exact' | 'floor' | 'ceil';
  readonly numerator: RelationForm;
  readonly denominator: RelationForm;
}

/** The integer statement `Σ aᵢ·vᵢ + k (== 0 | ≥ 0 after slack)` derived from a relation. */
export interface RelationStatement {
  /** Non-zero integer coefficient per sealed operand index (merged, in index order). */
  readonly terms: readonly { readonly sealed: number; readonly coefficient: bigint }[];
  readonly constant: bigint;
  /** The statement was multiplied by `10^scale · (factor ?? 1)`. */
  readonly scale: number;
  /** Commitment exponent of the sealed operands. */
  readonly exponent: number;
  /** Comparisons only: prove `main − offset ≥ 0` via a slack commitment and range proof. */
  readonly slack?: { readonly offset: bigint };
  /** The part of the multiplier not a power of ten (absent when 1), e.g. 3 after `/ 3`. */
  readonly factor?: bigint;
  /** Products of two sealed operands (one auxiliary commitment and product proof each), sorted. */
  readonly products?: readonly { readonly left: number; readonly right: number }[];
  /** Coefficients of the products in the main equation. */
  readonly productTerms?: readonly { readonly product: number; readonly coefficient: bigint }[];
  /** The division by a sealed divisor, if any. */
  readonly division?: RelationDivision;
}

// ---------------------------------------------------------------------------------------------
// Exact rationals n / d, d > 0, reduced

interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}
const ZERO: Rat = { n: 0n, d: 1n };
const ONE: Rat = { n: 1n, d: 1n };
const DECIMAL_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;
const INT_RE = /^-?(0|[1-9][0-9]*)$/;
/** Longest operand text (10^256 bounds at the boundary; generous). */
const MAX_NUMBER_CHARS = 600;

function pow10(d: number): bigint {
  return 10n ** BigInt(d);
}
function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}
function rat(n: bigint, d: bigint): Rat {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (n === 0n) return ZERO;
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
}
const addRat = (a: Rat, b: Rat): Rat => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const negRat = (a: Rat): Rat => ({ n: -a.n, d: a.d });
const mulRat = (a: Rat, b: Rat): Rat => rat(a.n * b.n, a.d * b.d);

function parseDecimal(s: unknown, title: string, re = DECIMAL_RE): Rat {
  if (typeof s !== 'string' || s.length > MAX_NUMBER_CHARS || !re.test(s) || s === '-0') {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" expected a canonical number string, got ${JSON.stringify(s)?.slice(0, 80)}`);
  }
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [i = '0', f = ''] = body.split('.');
  const n = BigInt(i + f);
  return rat(neg ? -n : n, pow10(f.length));
}

// ---------------------------------------------------------------------------------------------
// Types and public values

function currencyOf(relation: AbiRelation, publicValues: readonly unknown[]): string {
  const t = relation.valueType;
  if (t.kind === 'money' && t.currency !== undefined) return t.currency;
  // `Money` without a static currency: the public money operands carry it (all must agree).
  const seen = new Set<string>();
  for (const v of publicValues) if (typeof v === 'object' && v !== null && typeof (v as { currency?: unknown }).currency === 'string') seen.add((v as { currency: string }).currency);
  if (seen.size !== 1) throw new RelationError('ZK_ERR_UNSUPPORTED_RELATION', 'A Money relation without a static currency needs exactly one currency among its public operands');
  return [...seen][0] as string;
}

/**
 * The exponent `e` at which sealed operands of a relation over `valueType` are committed
 * (`v = value · 10^e`): the currency's minor-unit digits for money, 0 for int,
 * {@link DECIMAL_COMMITMENT_EXPONENT} for decimal.
 */
export function commitmentExponent(valueType: AbiType, currency?: string): number {
  switch (valueType.kind) {
    case 'int':
      return 0;
    case 'decimal':
      return DECIMAL_COMMITMENT_EXPONENT;
    case 'money': {
      const c = valueType.currency ?? currency;
      const e = c === undefined ? undefined : CURRENCIES[c];
      if (e === undefined) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Unknown currency ${JSON.stringify(c)}`);
      return e;
    }
    default:
      throw new RelationError('ZK_ERR_UNSUPPORTED_RELATION', `Relations range over int, decimal or money, not ${valueType.kind}`);
  }
}

function publicValue(type: AbiType, v: unknown, i: number, currency: string | undefined): Rat {
  const title = `public[${i}]`;
  switch (type.kind) {
    case 'int':
      return parseDecimal(v, title, INT_RE);
    case 'decimal':
      return parseDecimal(v, title);
    case 'money': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" expected {"amount","currency"}`);
      const keys = Object.keys(v).sort();
      const m = v as { amount?: unknown; currency?: unknown };
      if (keys.length !== 2 || keys[0] !== 'amount' || keys[1] !== 'currency' || typeof m.currency !== 'string') {
        throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" expected exactly {"amount","currency"}`);
      }
      const want = type.currency ?? currency;
      if (m.currency !== want) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" expected currency ${want}, got ${m.currency}`);
      const e = CURRENCIES[m.currency];
      if (e === undefined) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" has an unknown currency`);
      const re = e === 0 ? INT_RE : new RegExp(`^-?(0|[1-9][0-9]*)\\.[0-9]{${e}}$`);
      if (typeof m.amount !== 'string' || m.amount === '-0' || !re.test(m.amount) || /^-0\.0*$/.test(m.amount)) {
        throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}.amount" expected exactly ${e} fraction digits`);
      }
      const [a = '0', f = ''] = m.amount.replace('-', '').split('.');
      const n = BigInt(a + f);
      return rat(m.amount.startsWith('-') ? -n : n, pow10(e));
    }
    default:
      throw new RelationError('ZK_ERR_UNSUPPORTED_RELATION', `"${title}" has type ${type.kind}, not a number`);
  }
}

// ---------------------------------------------------------------------------------------------
// Expansion into a degree-2 polynomial with at most one sealed division

/** Symbols: `s<i>` sealed operand i; `p<i>,<j>` the product `vᵢ·vⱼ` (i ≤ j). */
type Sym = string;

/** `Σ lin[sym]·sym + k + div.c·div.num/div.den`. */
interface Poly {
  readonly lin: ReadonlyMap<Sym, Rat>;
  readonly k: Rat;
  readonly div?: { readonly c: Rat; readonly num: Poly; readonly den: Poly };
}

const unsupported = (message: string): RelationError => new RelationError('ZK_ERR_UNSUPPORTED_RELATION', message);

function poly(lin: Map<Sym, Rat>, k: Rat, div?: Poly['div']): Poly {
  for (const [s, c] of lin) if (c.n === 0n) lin.delete(s);
  return div === undefined || div.c.n === 0n ? { lin, k } : { lin, k, div };
}
const isConst = (p: Poly): boolean => p.lin.size === 0 && p.div === undefined;

function combine(a: Poly, b: Poly, sign: 1n | -1n): Poly {
  if (a.div !== undefined && b.div !== undefined) throw unsupported('A relation may divide by a sealed value at most once');
  const lin = new Map(a.lin);
  const sg: Rat = { n: sign, d: 1n };
  for (const [s, c] of b.lin) lin.set(s, addRat(lin.get(s) ?? ZERO, mulRat(sg, c)));
  const div = a.div ?? (b.div === undefined ? undefined : { ...b.div, c: mulRat(sg, b.div.c) });
  return poly(lin, addRat(a.k, mulRat(sg, b.k)), div);
}

function scalePoly(a: Poly, f: Rat): Poly {
  const lin = new Map<Sym, Rat>();
  for (const [s, c] of a.lin) lin.set(s, mulRat(c, f));
  return poly(lin, mulRat(a.k, f), a.div === undefined ? undefined : { ...a.div, c: mulRat(a.div.c, f) });
}

function productPoly(a: Poly, b: Poly): Poly {
  const lin = new Map<Sym, Rat>();
  const add = (s: Sym, c: Rat): void => {
    lin.set(s, addRat(lin.get(s) ?? ZERO, c));
  };
  for (const [sa, ca] of a.lin) {
    for (const [sb, cb] of b.lin) {
      if (sa[0] !== 's' || sb[0] !== 's') throw unsupported('A relation may multiply at most two sealed values together');
      const i = Number(sa.slice(1));
      const j = Number(sb.slice(1));
      add(`p${Math.min(i, j)},${Math.max(i, j)}`, mulRat(ca, cb));
    }
    add(sa, mulRat(ca, b.k));
  }
  for (const [sb, cb] of b.lin) add(sb, mulRat(cb, a.k));
  return poly(lin, mulRat(a.k, b.k));
}

const MAX_DEPTH = 256;

function expand(t: AbiRelationTerm, relation: AbiRelation, publics: readonly Rat[], unit: Rat, depth: number): Poly {
  if (depth > MAX_DEPTH) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Relation nested too deep');
  if (typeof t !== 'object' || t === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Relation term expected an object');
  switch (t.kind) {
    case 'sealed':
      if (!Number.isSafeInteger(t.index) || t.index < 0 || t.index >= relation.sealed) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Sealed operand index ${t.index} out of range`);
      return poly(new Map([[`s${t.index}`, unit]]), ZERO);
    case 'public': {
      const v = publics[t.index];
      if (!Number.isSafeInteger(t.index) || v === undefined) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Public operand index ${t.index} out of range`);
      return poly(new Map(), v);
    }
    case 'const':
      return poly(new Map(), parseDecimal(t.value, 'const'));
    case 'add':
    case 'sub':
      return combine(expand(t.left, relation, publics, unit, depth + 1), expand(t.right, relation, publics, unit, depth + 1), t.kind === 'add' ? 1n : -1n);
    case 'mul': {
      const a = expand(t.left, relation, publics, unit, depth + 1);
      const b = expand(t.right, relation, publics, unit, depth + 1);
      if (isConst(b)) return scalePoly(a, b.k);
      if (isConst(a)) return scalePoly(b, a.k);
      if (a.div !== undefined || b.div !== undefined) throw unsupported('A quotient by a sealed value cannot be multiplied by a sealed value');
      return productPoly(a, b);
    }
    case 'div': {
      const a = expand(t.left, relation, publics, unit, depth + 1);
      const b = expand(t.right, relation, publics, unit, depth + 1);
      if (isConst(b)) {
        if (b.k.n === 0n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Division by zero in the relation');
        return scalePoly(a, rat(b.k.d, b.k.n));
      }
      if (a.div !== undefined || b.div !== undefined) throw unsupported('Nested divisions by sealed values are not supported');
      if (isConst(a) && a.k.n === 0n) return a;
      return poly(new Map(), ZERO, { c: ONE, num: a, den: b });
    }
    default:
      throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Unknown relation term ${JSON.stringify((t as { kind?: unknown }).kind)}`);
  }
}

function checkRelation(relation: AbiRelation): void {
  if (typeof relation !== 'object' || relation === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"relation" expected an ABI relation');
  if (!Number.isSafeInteger(relation.index) || relation.index < 0) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"relation.index" expected a non-negative integer');
  if (typeof relation.text !== 'string') throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"relation.text" expected a string');
  if (!Number.isSafeInteger(relation.sealed) || relation.sealed < 1) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"relation.sealed" expected a positive integer');
  if (!Array.isArray(relation.public)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"relation.public" expected an array');
  if (!['<', '<=', '>', '>=', '=='].includes(relation.op)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Unknown relation operator ${JSON.stringify(relation.op)}`);
}

function denominators(p: Poly, into: bigint): bigint {
  let m = lcm(into, p.k.d);
  for (const c of p.lin.values()) m = lcm(m, c.d);
  return m;
}

/** The integer form `m·p` (p without division), split into sealed and product terms. */
function intForm(p: Poly, m: Rat, products: readonly Sym[]): RelationForm {
  const terms: { sealed: number; coefficient: bigint }[] = [];
  const productTerms: { product: number; coefficient: bigint }[] = [];
  const int = (c: Rat): bigint => {
    const x = mulRat(c, m);
    if (x.d !== 1n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Internal: non-integer coefficient');
    return x.n;
  };
  for (const [s, c] of p.lin) {
    if (s[0] === 's') terms.push({ sealed: Number(s.slice(1)), coefficient: int(c) });
    else productTerms.push({ product: products.indexOf(s), coefficient: int(c) });
  }
  terms.sort((a, b) => a.sealed - b.sealed);
  productTerms.sort((a, b) => a.product - b.product);
  return { terms, productTerms, constant: int(p.k) };
}

const symOrder = (a: Sym, b: Sym): number => {
  const [ai, aj] = a.slice(1).split(',').map(Number) as [number, number];
  const [bi, bj] = b.slice(1).split(',').map(Number) as [number, number];
  return ai - bi || aj - bj;
};

/** Bounds that keep a derived divisor's integer value far from ℓ (|coefficient| < 2^64, |constant| < 2^128). */
function checkDivisorBounds(f: RelationForm): void {
  const all = [...f.terms.map((t) => t.coefficient), ...f.productTerms.map((t) => t.coefficient)];
  if (all.length > 64 || all.some((c) => abs(c) >= 1n << 64n) || abs(f.constant) >= 1n << 128n) {
    throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', 'The divisor has a coefficient of 2^64 or more, a constant of 2^128 or more, or more than 64 terms');
  }
}

/**
 * Builds the integer statement of `relation` for the run-time `publicValues` (encoded as at the
 * contract boundary), following the mapping in the module comment. Comparisons come back with
 * `slack` set; products with `products`/`productTerms`; a sealed division with `division`.
 * Unsupported shapes throw {@link RelationError} `ZK_ERR_UNSUPPORTED_RELATION`; malformed values
 * (and a public divisor of zero) throw {@link ZkError}.
 * @example
 * ```ts
 * // "a + b == c" (sealed USD a, b, c)
 * relationStatement(rel, []) // { terms: [{sealed:0,coefficient:1n},{sealed:1,coefficient:1n},{sealed:2,coefficient:-1n}], constant: 0n, scale: 2, exponent: 2 }
 * ```
 */
export function relationStatement(relation: AbiRelation, publicValues: readonly unknown[]): RelationStatement {
  checkRelation(relation);
  if (!Array.isArray(publicValues) || publicValues.length !== relation.public.length) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"public" expected ${relation.public.length} values`);
  }
  const currency = relation.valueType.kind === 'money' ? currencyOf(relation, publicValues) : undefined;
  const exponent = commitmentExponent(relation.valueType, currency);
  const publics = relation.public.map((t, i) => publicValue(t, publicValues[i], i, currency));
  const unit = rat(1n, pow10(exponent));
  const diff = combine(expand(relation.left, relation, publics, unit, 0), expand(relation.right, relation, publics, unit, 0), -1n);
  // `left − right`; for <=, < use `right − left` so the slack is always "≥ 0".
  const flip = relation.op === '<=' || relation.op === '<';
  const x = flip ? scalePoly(diff, negRat(ONE)) : diff;
  if (x.lin.size === 0 && x.div === undefined) {
    throw unsupported('For these public values the relation does not depend on any sealed operand');
  }
  // Multiplier M: every coefficient of the main equation and of the scaled numerator an integer.
  let m = denominators(x, 1n);
  let md = 1n;
  if (x.div !== undefined) {
    md = denominators(x.div.den, 1n);
    const numScale = mulRat(x.div.c, rat(md, 1n));
    const scaledNum = scalePoly(x.div.num, numScale);
    m = denominators(scaledNum, m);
  }
  // M = 10^scale · factor: the 2- and 5-parts of the lcm rounded up to a power of ten (so decimal
  // relations keep their familiar power-of-ten scaling), factor the rest (from public divisors).
  let factor = m;
  let twos = 0;
  let fives = 0;
  while (factor % 2n === 0n) {
    factor /= 2n;
    twos++;
  }
  while (factor % 5n === 0n) {
    factor /= 5n;
    fives++;
  }
  const scale = Math.max(twos, fives);
  m = pow10(scale) * factor;
  const syms = new Set<Sym>();
  for (const p of [x, x.div?.num, x.div?.den]) for (const s of p?.lin.keys() ?? []) if (s[0] === 'p') syms.add(s);
  const productSyms = [...syms].sort(symOrder);
  const main = intForm(x, rat(m, 1n), productSyms);
  const statement: { -readonly [K in keyof RelationStatement]: RelationStatement[K] } = { terms: main.terms, constant: main.constant, scale, exponent };
  if (relation.op !== '==') statement.slack = { offset: relation.op === '<' || relation.op === '>' ? 1n : 0n };
  if (factor !== 1n) statement.factor = factor;
  if (productSyms.length > 0) {
    statement.products = productSyms.map((s) => {
      const [left, right] = s.slice(1).split(',').map(Number) as [number, number];
      return { left, right };
    });
    if (main.productTerms.length > 0) statement.productTerms = main.productTerms;
  }
  if (x.div !== undefined) {
    const c = mulRat(x.div.c, rat(m * md, 1n));
    const sign = c.n > 0n ? 1n : -1n;
    const strict = relation.op === '<' || relation.op === '>';
    const rounding = relation.op === '==' ? 'exact' : (sign > 0n) !== strict ? 'floor' : 'ceil';
    const denominator = intForm(x.div.den, rat(md, 1n), productSyms);
    checkDivisorBounds(denominator);
    statement.division = { sign, rounding, numerator: intForm(x.div.num, rat(abs(c.n), c.d), productSyms), denominator };
  }
  return statement;
}

// ---------------------------------------------------------------------------------------------
// Binding

const utf8 = new TextEncoder();

/** Canonical JSON: object keys sorted, no whitespace. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (typeof v === 'bigint') return JSON.stringify(v.toString());
  return JSON.stringify(v) ?? 'null';
}

function field(parts: Uint8Array[], data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, bytes.length, true);
  parts.push(len, bytes);
}

/**
 * The {@link ProofBinding} shared by every part of a relation proof: domain
 * `<binding.domain>/covenant:zk:relation:v3`; context the length-prefixed contract address,
 * relation index, canonical description (text, op, terms, types), canonical public values, every
 * sealed commitment, the transaction, and `aux:[…]`, the proof's auxiliary commitments (products,
 * quotient, remainder, slack) in wire order; relation the description's SHA-256. Each part adds its
 * role to the relation text (`#linear:0`, `#product:1`, `#range`).
 */
export function relationProofBinding(relation: AbiRelation, publicValues: readonly unknown[], sealed: readonly Uint8Array[], binding: RelationBinding, aux: readonly Uint8Array[] = []): ProofBinding {
  if (typeof binding !== 'object' || binding === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"binding" expected an object');
  if (typeof binding.domain !== 'string' || binding.domain.length === 0) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"binding.domain" expected a non-empty string');
  if (typeof binding.contract !== 'string' || binding.contract.length === 0) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"binding.contract" expected a non-empty string');
  if (typeof binding.transaction !== 'string' && !(binding.transaction instanceof Uint8Array)) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"binding.transaction" expected Uint8Array or string');
  }
  const description = canonicalJson({
    index: relation.index, text: relation.text, op: relation.op, left: relation.left, right: relation.right,
    valueType: relation.valueType, sealed: relation.sealed, public: relation.public,
  });
  const parts: Uint8Array[] = [];
  field(parts, 'covenant:zk:relation-context:v3');
  field(parts, binding.contract);
  field(parts, String(relation.index));
  field(parts, description);
  field(parts, canonicalJson(publicValues));
  field(parts, canonicalJson(sealed.map(commitmentHex)));
  field(parts, binding.transaction);
  field(parts, `aux:${canonicalJson(aux.map(commitmentHex))}`);
  const context = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    context.set(p, o);
    o += p.length;
  }
  return {
    domain: `${binding.domain}/${RELATION_PROTOCOL}`,
    context,
    relation: `sha256:${createHash('sha256').update(description).digest('hex')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Proof layout

/** Byte layout of a relation proof, fixed by the relation and its public values. */
export interface RelationProofLayout {
  readonly kind: 'equality' | 'comparison';
  /** Auxiliary commitments: products, then quotient `q`, `q·D`, remainder `r` (not for `==`), then slack `t`. */
  readonly aux: number;
  readonly productProofs: number;
  readonly linearProofs: number;
  /**
   * Range-proven values before padding (slack, quotient, remainder, divisor; never the sealed
   * operands, which are certified) and the aggregation size `m` (a power of two; 0 when there is
   * no range proof, as for `==` without division).
   */
  readonly rangeValues: number;
  readonly rangeCount: number;
  readonly size: number;
}

function layoutOf(relation: AbiRelation, st: RelationStatement): RelationProofLayout {
  const products = st.products?.length ?? 0;
  const div = st.division;
  const comparison = st.slack !== undefined;
  const aux = products + (div === undefined ? 0 : div.rounding === 'exact' ? 2 : 3) + (comparison ? 1 : 0);
  const rangeValues = (comparison ? 1 : 0) + (div === undefined ? 0 : div.rounding === 'exact' ? 2 : 3);
  let rangeCount = rangeValues === 0 ? 0 : 1;
  while (rangeCount < rangeValues) rangeCount *= 2;
  const productProofs = products + (div === undefined ? 0 : 1);
  const linearProofs = 1 + (div === undefined ? 0 : 1);
  const size = 2 + ENCODED_LENGTH * aux + PRODUCT_PROOF_SIZE * productProofs + LINEAR_SIZE * linearProofs + (rangeCount === 0 ? 0 : rangeProofSize(RELATION_RANGE_BITS, rangeCount));
  return { kind: comparison ? 'comparison' : 'equality', aux, productProofs, linearProofs, rangeValues, rangeCount, size };
}

/**
 * The wire layout of proofs of `relation` for these public values (sizes in bytes): what a
 * verifier expects before it reads a byte. Throws like {@link relationStatement}.
 */
export function relationProofLayout(relation: AbiRelation, publicValues: readonly unknown[]): RelationProofLayout {
  return layoutOf(relation, relationStatement(relation, publicValues));
}

// ---------------------------------------------------------------------------------------------
// Shared by prover and verifier

const HEX_RE = /^[0-9a-f]{64}$/;

function commitmentBytes(c: Uint8Array | string, title: string): Uint8Array {
  if (c instanceof Uint8Array) {
    if (c.length !== ENCODED_LENGTH) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"${title}" expected ${ENCODED_LENGTH} bytes`);
    return c;
  }
  if (typeof c !== 'string' || !HEX_RE.test(c)) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"${title}" expected 64 lowercase hex digits`);
  return Uint8Array.from(Buffer.from(c, 'hex'));
}

/** Lowercase hex of a 32-byte commitment, as in `__host_verify` inputs. */
export function commitmentHex(c: Uint8Array): string {
  return Buffer.from(c).toString('hex');
}

/** The commitment to 0 with public blinding 1 (`H`) that pads the aggregated range proof. */
const PAD = encodePoint(PEDERSEN_H);
const PAD_OPENING: Opening = { value: 0n, blinding: 1n };

const part = (b: ProofBinding, role: string): ProofBinding => ({ ...b, relation: `${b.relation}#${role}` });

/** `Σ aᵢ·Cᵢ + k·G` for public integers (variable time: public data only). */
function derive(form: RelationForm, sealed: readonly Point[], products: readonly Point[]): Point {
  let acc = form.constant === 0n ? RistrettoPoint.ZERO : mulSigned(PEDERSEN_G, form.constant);
  for (const t of form.terms) acc = acc.add(mulSigned(sealed[t.sealed] as Point, t.coefficient));
  for (const t of form.productTerms) acc = acc.add(mulSigned(products[t.product] as Point, t.coefficient));
  return acc;
}

/** `n·P` for a signed public integer: a multiply by `|n|` and a negation (−1·C costs a negation, not a 253-bit multiply by ℓ − 1). */
function mulSigned(p: Point, n: bigint): Point {
  if (n === 0n) return RistrettoPoint.ZERO;
  const m = modOrder(n < 0n ? -n : n);
  const q = m === 1n ? p : m === 0n ? RistrettoPoint.ZERO : mulPublic(p, m);
  return n < 0n ? q.negate() : q;
}

function formTerms<T>(form: RelationForm, sealed: readonly T[], products: readonly T[]): { coefficient: bigint; item: T }[] {
  return [
    ...form.terms.map((t) => ({ coefficient: t.coefficient, item: sealed[t.sealed] as T })),
    ...form.productTerms.map((t) => ({ coefficient: t.coefficient, item: products[t.product] as T })),
  ];
}

/** The main equation's form (sealed and product terms, constant minus the strictness offset). */
function mainForm(st: RelationStatement): RelationForm {
  return { terms: st.terms, productTerms: st.productTerms ?? [], constant: st.constant - (st.slack?.offset ?? 0n) };
}

// ---------------------------------------------------------------------------------------------
// Prove

interface Witness {
  readonly commitment: Uint8Array;
  readonly opening: Opening;
}

const LIMIT = 1n << BigInt(RELATION_RANGE_BITS);

function fresh(value: bigint, what: string): Witness {
  if (value < 0n || value >= LIMIT) throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `The ${what} (${value}) is not in [0, 2^${RELATION_RANGE_BITS}): the relation cannot be proven`);
  return createCommitment(value);
}

function evalForm(form: RelationForm, sealed: readonly Witness[], products: readonly Witness[]): Opening {
  let value = form.constant;
  let blinding = 0n;
  for (const { coefficient, item } of formTerms(form, sealed, products)) {
    value += coefficient * item.opening.value;
    blinding += coefficient * item.opening.blinding;
  }
  return { value, blinding: modOrder(blinding) };
}

/**
 * Client side: proves `relation` for the run-time `publicValues` (encoded values, the same the
 * contract will pass to `__host_verify`) from the sealed operands' commitments and openings (in
 * sealed-index order). Returns the proof bytes the transaction carries (layout:
 * {@link relationProofLayout}). Throws {@link RelationError} `ZK_ERR_UNSUPPORTED_RELATION` for
 * unsupported shapes; {@link ZkError} for bad inputs (`ZK_ERR_INVALID_ARGUMENT`), a false
 * statement (`ZK_ERR_INVALID_ARGUMENT` for `==`, `ZK_ERR_VALUE_OUT_OF_RANGE` for a comparison) or
 * a value outside what can be proven (a sealed value, slack, quotient, remainder, product or
 * divisor outside `[0, 2^64)`: `ZK_ERR_VALUE_OUT_OF_RANGE`).
 * @example
 * ```ts
 * const proof = proveRelation(abi.relations[0], [], [a, b, c], { domain: 'covenant:devnet', contract, transaction: txId });
 * ```
 */
export function proveRelation(relation: AbiRelation, publicValues: readonly unknown[], sealedOpenings: readonly SealedOperand[], binding: RelationBinding): Uint8Array {
  const st = relationStatement(relation, publicValues);
  const layout = layoutOf(relation, st);
  if (!Array.isArray(sealedOpenings) || sealedOpenings.length !== relation.sealed) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"sealedOpenings" expected ${relation.sealed} entries`);
  }
  const sealed: Witness[] = sealedOpenings.map((s, i) => {
    if (typeof s !== 'object' || s === null || typeof s.opening !== 'object' || s.opening === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"sealedOpenings[${i}]" expected { commitment, opening }`);
    const commitment = commitmentBytes(s.commitment, `sealed[${i}]`);
    const v = s.opening.value;
    if (typeof v !== 'bigint' || v < 0n || v >= LIMIT) {
      throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `Sealed operand ${i} is not in [0, 2^${RELATION_RANGE_BITS}): it cannot be proven`);
    }
    if (!openCommitment(commitment, s.opening)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"sealedOpenings[${i}]" does not match its commitment`);
    return { commitment, opening: s.opening };
  });
  const products: Witness[] = (st.products ?? []).map((p) => fresh((sealed[p.left] as Witness).opening.value * (sealed[p.right] as Witness).opening.value, 'product of two sealed values'));
  const aux: Uint8Array[] = products.map((p) => p.commitment);
  // Sealed operands are certified at the contract boundary: only the values this proof introduces are range-proven.
  const range: Witness[] = [];

  // Division gadget.
  const div = st.division;
  let q: Witness | undefined;
  let dw: Witness | undefined;
  let qd: Witness | undefined;
  let r: Witness | undefined;
  if (div !== undefined) {
    const num = evalForm(div.numerator, sealed, products);
    const d = evalForm(div.denominator, sealed, products);
    if (d.value < 1n || d.value > LIMIT) throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `The divisor (${d.value}) is not in [1, 2^${RELATION_RANGE_BITS}]: the relation cannot be proven`);
    const floor = num.value >= 0n ? num.value / d.value : -((-num.value + d.value - 1n) / d.value);
    let qv: bigint;
    let rv = 0n;
    if (div.rounding === 'exact') {
      if (num.value % d.value !== 0n) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `The division in "${relation.text}" is not exact for these values: the statement is false`);
      qv = num.value / d.value;
    } else if (div.rounding === 'floor') {
      qv = floor;
      rv = num.value - qv * d.value;
    } else {
      qv = floor * d.value === num.value ? floor : floor + 1n;
      rv = qv * d.value - num.value;
    }
    q = fresh(qv, 'quotient');
    qd = fresh(qv * d.value, 'quotient times divisor');
    const dPoint = derive(div.denominator, sealed.map((s) => decodeCommitment(s.commitment)), products.map((p) => decodeCommitment(p.commitment)));
    dw = { commitment: encodePoint(dPoint), opening: d };
    aux.push(q.commitment, qd.commitment);
    if (div.rounding !== 'exact') {
      r = fresh(rv, 'remainder');
      aux.push(r.commitment);
    }
  }

  // Main equation and slack.
  const main = mainForm(st);
  const mainTerms: LinearWitnessTerm[] = formTerms(main, sealed, products).map(({ coefficient, item }) => ({ coefficient, ...item }));
  if (div !== undefined && q !== undefined) mainTerms.push({ coefficient: div.sign, ...q });
  let t: Witness | undefined;
  if (st.slack !== undefined) {
    const slack = mainTerms.reduce((acc, w) => acc + w.coefficient * w.opening.value, main.constant);
    if (slack < 0n) throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `The comparison "${relation.text}" is false for these values: it cannot be proven`);
    t = fresh(slack, 'slack of the comparison');
    mainTerms.push({ coefficient: -1n, ...t });
    aux.push(t.commitment);
    range.push(t);
  }
  if (q !== undefined && dw !== undefined && div !== undefined) {
    range.push(q);
    const dm1 = dw.opening.value - 1n;
    if (r === undefined) range.push({ commitment: encodePoint(decodeCommitment(dw.commitment).subtract(PEDERSEN_G)), opening: { value: dm1, blinding: dw.opening.blinding } });
    else {
      range.push(r);
      const p = decodeCommitment(dw.commitment).subtract(PEDERSEN_G).subtract(decodeCommitment(r.commitment));
      range.push({ commitment: encodePoint(p), opening: { value: dm1 - r.opening.value, blinding: modOrder(dw.opening.blinding - r.opening.blinding) } });
    }
  }
  while (range.length < layout.rangeCount) range.push({ commitment: PAD, opening: PAD_OPENING });

  const pb = relationProofBinding(relation, publicValues, sealed.map((s) => s.commitment), binding, aux);
  const productProofs = (st.products ?? []).map((p, k) => {
    const x = sealed[p.left] as Witness;
    const y = sealed[p.right] as Witness;
    const z = products[k] as Witness;
    return proveProduct({ binding: part(pb, `product:${k}`), commitments: { x: x.commitment, y: y.commitment, z: z.commitment }, openings: { x: x.opening, y: y.opening, z: z.opening } });
  });
  const linearProofs = [proveLinear({ binding: part(pb, 'linear:0'), terms: mainTerms, constant: main.constant })];
  if (div !== undefined && q !== undefined && dw !== undefined && qd !== undefined) {
    productProofs.push(proveProduct({ binding: part(pb, 'product:quotient'), commitments: { x: q.commitment, y: dw.commitment, z: qd.commitment }, openings: { x: q.opening, y: dw.opening, z: qd.opening } }));
    const terms: LinearWitnessTerm[] = formTerms(div.numerator, sealed, products).map(({ coefficient, item }) => ({ coefficient, ...item }));
    terms.push({ coefficient: -1n, ...qd });
    if (r !== undefined) terms.push({ coefficient: div.rounding === 'floor' ? -1n : 1n, ...r });
    linearProofs.push(proveLinear({ binding: part(pb, 'linear:1'), terms, constant: div.numerator.constant }));
  }
  const rangeProof = range.length === 0 ? new Uint8Array(0) : proveRange({ binding: part(pb, 'range'), bits: RELATION_RANGE_BITS, commitments: range.map((w) => w.commitment), openings: range.map((w) => w.opening) });

  const out = new Uint8Array(layout.size);
  out[0] = RELATION_PROOF_VERSION;
  out[1] = RELATION_PROOF_KINDS[layout.kind];
  let o = 2;
  for (const bytes of [...aux, ...productProofs, ...linearProofs, rangeProof]) {
    out.set(bytes, o);
    o += bytes.length;
  }
  if (o !== layout.size) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Internal: relation proof size mismatch');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Verify

function fail(e: unknown): RelationVerifyResult {
  if (e instanceof RelationError || e instanceof ZkError) return { ok: false, code: e.code, message: e.message };
  throw e;
}

function proofBytes(proof: unknown): Uint8Array {
  if (proof instanceof Uint8Array) return proof;
  if (typeof proof === 'string' && /^([0-9a-f]{2})*$/.test(proof)) return Uint8Array.from(Buffer.from(proof, 'hex'));
  throw new ZkError('ZK_ERR_INVALID_ENCODING', '"proof" expected bytes or lower-case hex');
}

/**
 * Adds every verification equation of a relation proof — product proofs, linear proofs and the
 * range proof — to `acc`, each part multiplied by its own random 128-bit weight (CSPRNG, drawn
 * after the proof is fixed), so that the proof is checked by ONE multi-scalar multiplication
 * (`acc.isZero()`), alone or together with other proofs. Throws on malformed input; answers
 * `{ ok: false }` for a statically rejected proof (a derived identity, a zero challenge) and
 * `{ ok: true }` once the terms are added (the proof is valid iff the sum is the identity).
 */
function addRelationVerification(
  relation: AbiRelation,
  inputs: RelationInputs | string,
  proofIn: Uint8Array | string,
  binding: RelationBinding,
  acc: MsmAccumulator,
  decode: CachingDecoder,
): RelationVerifyResult {
  let parsed: unknown = inputs;
  if (typeof inputs === 'string') {
    try {
      parsed = JSON.parse(inputs);
    } catch {
      throw new ZkError('ZK_ERR_INVALID_ENCODING', '"inputs" is not JSON');
    }
  }
  const inp = parsed as RelationInputs;
  if (typeof inp !== 'object' || inp === null || !Array.isArray(inp.public) || !Array.isArray(inp.sealed)) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"inputs" expected {"public":[…],"sealed":[…]}');
  }
  const st = relationStatement(relation, inp.public);
  const layout = layoutOf(relation, st);
  if (inp.sealed.length !== relation.sealed) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"inputs.sealed" expected ${relation.sealed} commitments`);
  const sealedBytes = inp.sealed.map((c, i) => commitmentBytes(c, `sealed[${i}]`));
  const sealed = sealedBytes.map((c, i) => decode(c, `sealed[${i}]`));
  const proof = proofBytes(proofIn);
  if (proof.length !== layout.size) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"proof" expected ${layout.size} bytes, got ${proof.length}`);
  if (proof[0] !== RELATION_PROOF_VERSION || proof[1] !== RELATION_PROOF_KINDS[layout.kind]) {
    throw new ZkError('ZK_ERR_INVALID_ENCODING', '"proof" has an unknown version or kind');
  }
  let o = 2;
  const take = (n: number): Uint8Array => proof.subarray(o, (o += n));
  const aux = Array.from({ length: layout.aux }, () => take(ENCODED_LENGTH));
  const auxPoints = aux.map((c, i) => decode(c, `proof.aux[${i}]`));
  const productProofs = Array.from({ length: layout.productProofs }, () => take(PRODUCT_PROOF_SIZE));
  const linearProofs = Array.from({ length: layout.linearProofs }, () => take(LINEAR_SIZE));
  const rangeProof = take(proof.length - o);

  const nProducts = st.products?.length ?? 0;
  const productBytes = aux.slice(0, nProducts);
  const productPoints = auxPoints.slice(0, nProducts);
  const div = st.division;
  let a = nProducts;
  const qBytes = div === undefined ? undefined : aux[a++];
  const qdBytes = div === undefined ? undefined : aux[a++];
  const rIndex = div !== undefined && div.rounding !== 'exact' ? a++ : undefined;
  const tIndex = st.slack !== undefined ? a++ : undefined;

  const pb = relationProofBinding(relation, inp.public, sealedBytes, binding, aux);
  for (const [k, p] of (st.products ?? []).entries()) {
    addProductVerification({ binding: part(pb, `product:${k}`), commitments: { x: sealedBytes[p.left] as Uint8Array, y: sealedBytes[p.right] as Uint8Array, z: productBytes[k] as Uint8Array }, proof: productProofs[k] as Uint8Array }, weights3(), acc, decode);
  }
  const main = mainForm(st);
  const mainTerms: LinearTerm[] = formTerms(main, sealedBytes, productBytes).map(({ coefficient, item }) => ({ coefficient, commitment: item }));
  if (div !== undefined && qBytes !== undefined) mainTerms.push({ coefficient: div.sign, commitment: qBytes });
  if (tIndex !== undefined) mainTerms.push({ coefficient: -1n, commitment: aux[tIndex] as Uint8Array });
  addLinearVerification({ binding: part(pb, 'linear:0'), terms: mainTerms, constant: main.constant, proof: linearProofs[0] as Uint8Array }, randomWeight(), acc, decode);

  const range: Uint8Array[] = [];
  if (tIndex !== undefined) range.push(aux[tIndex] as Uint8Array);
  if (div !== undefined && qBytes !== undefined && qdBytes !== undefined) {
    const dPoint = derive(div.denominator, sealed, productPoints);
    if (dPoint.is0()) return { ok: false, code: 'ZK_ERR_PROOF_REJECTED', message: 'The divisor commitment is the identity' };
    const dBytes = encodePoint(dPoint);
    decode.remember(dBytes, dPoint);
    addProductVerification({ binding: part(pb, 'product:quotient'), commitments: { x: qBytes, y: dBytes, z: qdBytes }, proof: productProofs[nProducts] as Uint8Array }, weights3(), acc, decode);
    const terms: LinearTerm[] = formTerms(div.numerator, sealedBytes, productBytes).map(({ coefficient, item }) => ({ coefficient, commitment: item }));
    terms.push({ coefficient: -1n, commitment: qdBytes });
    if (rIndex !== undefined) terms.push({ coefficient: div.rounding === 'floor' ? -1n : 1n, commitment: aux[rIndex] as Uint8Array });
    addLinearVerification({ binding: part(pb, 'linear:1'), terms, constant: div.numerator.constant, proof: linearProofs[1] as Uint8Array }, randomWeight(), acc, decode);
    range.push(qBytes);
    const dm1 = dPoint.subtract(PEDERSEN_G);
    const last = rIndex === undefined ? dm1 : dm1.subtract(auxPoints[rIndex] as Point);
    if (rIndex !== undefined) range.push(aux[rIndex] as Uint8Array);
    // A derived identity would be refused by the range verifier's strict decoding: reject here.
    if (last.is0()) return { ok: false, code: 'ZK_ERR_PROOF_REJECTED', message: 'A derived range commitment is the identity' };
    const lastBytes = encodePoint(last);
    decode.remember(lastBytes, last);
    range.push(lastBytes);
  }
  while (range.length < layout.rangeCount) range.push(PAD);
  if (range.length > 0) {
    const input: VerifyRangeInput = { binding: part(pb, 'range'), bits: RELATION_RANGE_BITS, commitments: range, proof: rangeProof };
    if (!addRangeVerification(input, randomWeight(), acc, decode)) return { ok: false, code: 'ZK_ERR_PROOF_REJECTED', message: 'A range-proof challenge is zero' };
  }
  return { ok: true };
}

const weights3 = (): [bigint, bigint, bigint] => [randomWeight(), randomWeight(), randomWeight()];

const REJECTED: RelationVerifyResult = { ok: false, code: 'ZK_ERR_PROOF_REJECTED', message: 'The relation proof does not verify' };

/** Parses and adds one proof's equations to a fresh accumulator: the verdict so far and the accumulator. */
function relationTerms(relation: AbiRelation, inputs: RelationInputs | string, proof: Uint8Array | string, binding: RelationBinding, decode: CachingDecoder): { readonly result: RelationVerifyResult; readonly acc?: MsmAccumulator } {
  try {
    const acc = new MsmAccumulator();
    const result = addRelationVerification(relation, inputs, proof, binding, acc, decode);
    return result.ok ? { result, acc } : { result };
  } catch (e) {
    return { result: fail(e) };
  }
}

/**
 * Host side (behind `__host_verify`): verifies `proof` for `relation` with `inputs` as the
 * contract passed them (`{"public":[…],"sealed":["<hex>",…]}`, as text or parsed). The binding
 * must come from the host's own data (contract address, transaction), never from the proof's
 * sender. Never throws on adversarial input. All parts (product, linear and range proofs) are
 * checked by one multi-scalar multiplication, each equation with its own random 128-bit weight.
 * @example
 * ```ts
 * verifyRelation(abi.relations[0], inputsText, proof, { domain: 'covenant:devnet', contract, transaction: txId }) // { ok: true }
 * ```
 */
export function verifyRelation(relation: AbiRelation, inputs: RelationInputs | string, proof: Uint8Array | string, binding: RelationBinding): RelationVerifyResult {
  const { result, acc } = relationTerms(relation, inputs, proof, binding, cachingDecoder(decodeCommitment));
  if (acc === undefined) return result;
  return acc.isZero() ? result : REJECTED;
}

/** One item of {@link verifyRelationsBatch}: plain data (structured-clone safe, e.g. for a worker). */
export interface RelationBatchItem {
  readonly relation: AbiRelation;
  readonly inputs: RelationInputs | string;
  /** The proof bytes, or their lower-case hex. */
  readonly proof: Uint8Array | string;
  readonly binding: RelationBinding;
}

/**
 * Verifies many relation proofs together in ONE multi-scalar multiplication: every equation of
 * every part of every proof (product proofs, linear proofs, range proofs) is multiplied by its own
 * independent random 128-bit weight (CSPRNG, drawn after the proofs are fixed) and summed; each
 * distinct commitment is decoded once and generator terms are summed per generator. If the sum is
 * not the identity, each proof's own weighted equations (already built) are evaluated alone to
 * find the culprits. Returns one verdict per item, in order, the same verdicts as
 * {@link verifyRelation} (up to the ~2^-128 batching error). Pure: no I/O, never throws on
 * adversarial input.
 * @example
 * ```ts
 * verifyRelationsBatch([{ relation, inputs, proof, binding }, …]) // [{ ok: true }, { ok: false, code: 'ZK_ERR_PROOF_REJECTED', … }]
 * ```
 */
export function verifyRelationsBatch(items: readonly RelationBatchItem[]): RelationVerifyResult[] {
  if (!Array.isArray(items)) return [];
  const decode = cachingDecoder(decodeCommitment);
  const results: RelationVerifyResult[] = [];
  const pending: { readonly at: number; readonly acc: MsmAccumulator }[] = [];
  const all = new MsmAccumulator();
  items.forEach((item, at) => {
    if (typeof item !== 'object' || item === null) {
      results.push(fail(new ZkError('ZK_ERR_INVALID_ARGUMENT', '"item" expected { relation, inputs, proof, binding }')));
      return;
    }
    const { result, acc } = relationTerms(item.relation, item.inputs, item.proof, item.binding, decode);
    results.push(result);
    if (acc !== undefined) {
      pending.push({ at, acc });
      all.merge(acc);
    }
  });
  if (pending.length === 0 || all.isZero()) return results;
  // Some proof is false: evaluate each proof's own weighted equations (already built) to find it.
  for (const p of pending) if (pending.length === 1 || !p.acc.isZero()) results[p.at] = REJECTED;
  return results;
}
