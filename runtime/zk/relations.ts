/**
 * Relations of `prove(...)` (issue 5): turns an ABI relation description (`abi.relations[i]`,
 * docs/artifact.md "Relations") plus the run-time public operand values into an integer proof
 * statement over the sealed operands' commitments, and proves ({@link proveRelation}, client side)
 * or verifies ({@link verifyRelation}, host side, behind `__host_verify`) it.
 *
 * Mapping to integers (exact, no floats; also in docs/privacy.md "Relations"):
 * 1. Every sealed operand is committed as the integer `v = value · 10^e`, where `e` is the
 *    commitment exponent of the relation's `valueType` ({@link commitmentExponent}): the currency's
 *    minor-unit digits for `money` (USD 2, JPY 0, BHD 3), 0 for `int`,
 *    {@link DECIMAL_COMMITMENT_EXPONENT} for `decimal`.
 * 2. Public operands (encoded as at the contract boundary: `"42"`, `"-0.8"`,
 *    `{"amount":"12.50","currency":"USD"}`) and constants are exact decimals `n / 10^d`.
 * 3. `left − right` is expanded into `Σ cᵢ·vᵢ + c₀` with exact decimal `cᵢ`, `c₀` (`add`, `sub`,
 *    `mul` where one side has no sealed operand). Terms over the same sealed index are merged and
 *    zero coefficients dropped.
 * 4. The whole statement is multiplied by `10^S`, `S` the smallest non-negative integer making
 *    every coefficient and the constant an integer. The result `Σ aᵢ·vᵢ + k` (integers) is what
 *    the sigma proofs prove: `== 0` for `==`.
 *
 * Comparisons ({@link relationStatement} gives the slack form): `L <= R` becomes `D = R − L ≥ 0`,
 * `L < R` becomes `D − 1 ≥ 0` (after step 4 all values are integers, so strict is "≥ 1"),
 * `>=`/`>` mirror. The prover commits to the slack `t = D − δ` (δ = `slack.offset`) with a fresh
 * blinding, proves the linear equality `Σ aᵢ·vᵢ + (k − δ) − t = 0` with `C_t` as one more term
 * (coefficient −1), and a 64-bit Bulletproofs range proof (`range-proof.ts`) that
 * `t ∈ [0, 2^64)`. Wire kind `0x02`: `C_t ‖ linear proof ‖ range proof`. A true comparison whose
 * slack is ≥ 2^64 cannot be proven. Products of two sealed operands and `div` need product /
 * quotient-remainder proofs (later).
 *
 * Binding (CRY-07): the transcript context holds the contract address, the relation index, the
 * canonical JSON of the relation description (its text and operator included), the public values,
 * the sealed commitments, the caller's transaction context and, for comparisons, `C_t`; the
 * linear and the range proof share that binding, so a proof verifies for no other relation,
 * contract, transaction or public value, and neither half can be spliced into another proof.
 *
 * Does NOT check that the commitments are the on-chain ones (the runtime passes them), does NOT
 * charge gas, and does NOT range-prove sealed values: see docs/privacy.md "Limits".
 * @module
 */
import { createHash } from 'node:crypto';
import type { AbiRelation, AbiRelationTerm, AbiType } from '../../compiler/artifact.ts';
import { CURRENCIES } from '../../stdlib/index.ts';
import { createCommitment, ENCODED_LENGTH, openCommitment, type Opening } from './commitment.ts';
import { ZkError, type VerifyResult, type ZkErrorCode } from './errors.ts';
import { proveRange, rangeProofSize, verifyRange } from './range-proof.ts';
import { proveLinear, verifyLinear, type LinearTerm, type ProofBinding } from './sigma.ts';

/** Transcript domain suffix of relation proofs (version 1). */
export const RELATION_PROTOCOL = 'covenant:zk:relation:v1';
/** Commitment exponent of sealed `Decimal` values: they are committed as `value · 10^6`. */
export const DECIMAL_COMMITMENT_EXPONENT = 6;
/** First byte of every relation proof (wire version 1). */
export const RELATION_PROOF_VERSION = 0x01;
/** Second byte: the statement kind. `0x01` linear equality; `0x02` comparison (slack + range proof). */
export const RELATION_PROOF_KINDS = { equality: 0x01, comparison: 0x02 } as const;
/** Byte length of an equality relation proof: version, kind, 65-byte linear proof. */
export const RELATION_EQUALITY_PROOF_SIZE = 67;
/** Bits of the slack range proof of a comparison: `t ∈ [0, 2^64)`. */
export const RELATION_SLACK_BITS = 64;
/** Byte length of a comparison proof: version, kind, `C_t` (32), linear proof (65), 64-bit range proof (673). */
export const RELATION_COMPARISON_PROOF_SIZE = 2 + ENCODED_LENGTH + 65 + rangeProofSize(RELATION_SLACK_BITS);

/** Codes of {@link RelationError}: the library's codes plus the unsupported-shape code. */
export type RelationErrorCode = ZkErrorCode | 'ZK_ERR_UNSUPPORTED_RELATION';

/**
 * Thrown for a relation shape the proofs do not cover yet (`ZK_ERR_UNSUPPORTED_RELATION`):
 * `div` and products of two sealed operands (product proofs next).
 * Other failures throw {@link ZkError}.
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

/** The integer statement `Σ aᵢ·vᵢ + k (== 0 | ≥ 0 after slack)` derived from a relation. */
export interface RelationStatement {
  /** Non-zero integer coefficient per sealed operand index (merged, in index order). */
  readonly terms: readonly { readonly sealed: number; readonly coefficient: bigint }[];
  readonly constant: bigint;
  /** The power of ten `S` the statement was multiplied by. */
  readonly scale: number;
  /** Commitment exponent of the sealed operands. */
  readonly exponent: number;
  /** Comparisons only: prove `Σ aᵢ·vᵢ + k − offset ≥ 0` via a slack commitment and range proof. */
  readonly slack?: { readonly offset: bigint };
}

// ---------------------------------------------------------------------------------------------
// Exact decimals: n / 10^d

interface Dec {
  readonly n: bigint;
  readonly d: number;
}
const ZERO: Dec = { n: 0n, d: 0 };
const DECIMAL_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;
const INT_RE = /^-?(0|[1-9][0-9]*)$/;
/** Longest operand text (10^256 bounds at the boundary; generous). */
const MAX_NUMBER_CHARS = 600;

function pow10(d: number): bigint {
  return 10n ** BigInt(d);
}
function align(a: Dec, d: number): bigint {
  return a.n * pow10(d - a.d);
}
function addDec(a: Dec, b: Dec): Dec {
  const d = Math.max(a.d, b.d);
  return norm({ n: align(a, d) + align(b, d), d });
}
function negDec(a: Dec): Dec {
  return { n: -a.n, d: a.d };
}
function mulDec(a: Dec, b: Dec): Dec {
  return norm({ n: a.n * b.n, d: a.d + b.d });
}
function norm(a: Dec): Dec {
  if (a.n === 0n) return ZERO;
  let { n, d } = a;
  while (d > 0 && n % 10n === 0n) {
    n /= 10n;
    d--;
  }
  return { n, d };
}
function parseDecimal(s: unknown, title: string, re = DECIMAL_RE): Dec {
  if (typeof s !== 'string' || s.length > MAX_NUMBER_CHARS || !re.test(s) || s === '-0') {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${title}" expected a canonical number string, got ${JSON.stringify(s)?.slice(0, 80)}`);
  }
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [i = '0', f = ''] = body.split('.');
  const n = BigInt(i + f);
  return norm({ n: neg ? -n : n, d: f.length });
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

function publicValue(type: AbiType, v: unknown, i: number, currency: string | undefined): Dec {
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
      return norm({ n: m.amount.startsWith('-') ? -n : n, d: e });
    }
    default:
      throw new RelationError('ZK_ERR_UNSUPPORTED_RELATION', `"${title}" has type ${type.kind}, not a number`);
  }
}

// ---------------------------------------------------------------------------------------------
// Linear expansion

/** `Σ coeffs[i]·sealed_i + constant`, in units of the committed integers. */
interface Linear {
  readonly coeffs: ReadonlyMap<number, Dec>;
  readonly constant: Dec;
}

function hasSealed(t: AbiRelationTerm): boolean {
  if ('left' in t) return hasSealed(t.left) || hasSealed(t.right);
  return t.kind === 'sealed';
}

function combine(a: Linear, b: Linear, sign: 1 | -1): Linear {
  const coeffs = new Map(a.coeffs);
  for (const [i, c] of b.coeffs) coeffs.set(i, addDec(coeffs.get(i) ?? ZERO, sign === 1 ? c : negDec(c)));
  return { coeffs, constant: addDec(a.constant, sign === 1 ? b.constant : negDec(b.constant)) };
}

function scaleLinear(a: Linear, k: Dec): Linear {
  const coeffs = new Map<number, Dec>();
  for (const [i, c] of a.coeffs) coeffs.set(i, mulDec(c, k));
  return { coeffs, constant: mulDec(a.constant, k) };
}

const MAX_DEPTH = 256;

function expand(t: AbiRelationTerm, relation: AbiRelation, publics: readonly Dec[], unit: Dec, depth: number): Linear {
  if (depth > MAX_DEPTH) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Relation nested too deep');
  switch (t.kind) {
    case 'sealed':
      if (!Number.isSafeInteger(t.index) || t.index < 0 || t.index >= relation.sealed) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Sealed operand index ${t.index} out of range`);
      return { coeffs: new Map([[t.index, unit]]), constant: ZERO };
    case 'public': {
      const v = publics[t.index];
      if (!Number.isSafeInteger(t.index) || v === undefined) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `Public operand index ${t.index} out of range`);
      return { coeffs: new Map(), constant: v };
    }
    case 'const':
      return { coeffs: new Map(), constant: parseDecimal(t.value, 'const') };
    case 'add':
    case 'sub':
      return combine(expand(t.left, relation, publics, unit, depth + 1), expand(t.right, relation, publics, unit, depth + 1), t.kind === 'add' ? 1 : -1);
    case 'mul': {
      if (hasSealed(t.left) && hasSealed(t.right)) {
        throw new RelationError('ZK_ERR_UNSUPPORTED_RELATION', 'A product of two sealed operands needs a product proof, which is not available yet');
      }
      const [lin, pub] = hasSealed(t.left) ? [t.left, t.right] : [t.right, t.left];
      return scaleLinear(expand(lin, relation, publics, unit, depth + 1), expand(pub, relation, publics, unit, depth + 1).constant);
    }
    case 'div':
      throw new RelationError('ZK_ERR_UNSUPPORTED_RELATION', 'Division in a relation needs a quotient/remainder proof, which is not available yet');
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

/**
 * Builds the integer statement of `relation` for the run-time `publicValues` (encoded as at the
 * contract boundary), following the mapping in the module comment. Comparisons come back with
 * `slack` set (for the range-proof plan); `div` and sealed×sealed throw
 * `ZK_ERR_UNSUPPORTED_RELATION`; malformed values throw {@link ZkError}.
 * @example
 * ```ts
 * // "a + b == c" (sealed USD a, b, c)
 * relationStatement(rel, []) // { terms: [{sealed:0,coefficient:1n},{sealed:1,coefficient:1n},{sealed:2,coefficient:-1n}], constant: 0n, scale: 0, exponent: 2 }
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
  const unit: Dec = { n: 1n, d: exponent };
  const diff = combine(expand(relation.left, relation, publics, unit, 0), expand(relation.right, relation, publics, unit, 0), -1);
  // `left − right`; for <=, < use `right − left` so the slack is always "≥ 0".
  const flip = relation.op === '<=' || relation.op === '<';
  const lin = flip ? scaleLinear(diff, { n: -1n, d: 0 }) : diff;
  const entries = [...lin.coeffs].filter(([, c]) => c.n !== 0n).sort(([a], [b]) => a - b);
  const scale = Math.max(lin.constant.d, ...entries.map(([, c]) => c.d));
  const terms = entries.map(([sealed, c]) => ({ sealed, coefficient: align(c, scale) }));
  if (terms.length === 0) {
    throw new RelationError('ZK_ERR_UNSUPPORTED_RELATION', 'For these public values the relation does not depend on any sealed operand');
  }
  const statement = { terms, constant: align(lin.constant, scale), scale, exponent };
  if (relation.op === '==') return statement;
  return { ...statement, slack: { offset: relation.op === '<' || relation.op === '>' ? 1n : 0n } };
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
 * The sigma {@link ProofBinding} of a relation proof: domain `<binding.domain>/covenant:zk:relation:v1`;
 * context the length-prefixed contract address, relation index, canonical description (text,
 * op, terms, types), canonical public values, every sealed commitment and the transaction, and for
 * comparisons (`slack` given) one more field `slack:<C_t hex>`; relation the description's SHA-256.
 * Equality proofs pass no `slack`, so their binding is unchanged.
 */
export function relationProofBinding(relation: AbiRelation, publicValues: readonly unknown[], sealed: readonly Uint8Array[], binding: RelationBinding, slack?: Uint8Array): ProofBinding {
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
  field(parts, 'covenant:zk:relation-context:v1');
  field(parts, binding.contract);
  field(parts, String(relation.index));
  field(parts, description);
  field(parts, canonicalJson(publicValues));
  field(parts, canonicalJson(sealed.map(commitmentHex)));
  field(parts, binding.transaction);
  if (slack !== undefined) field(parts, `slack:${commitmentHex(slack)}`);
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
// Prove and verify

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


/**
 * Client side: proves `relation` for the run-time `publicValues` (encoded values, the same the
 * contract will pass to `__host_verify`) from the sealed operands' commitments and openings (in
 * sealed-index order). Returns the proof bytes the transaction carries:
 * `0x01 ‖ 0x01 ‖ linear proof (65)` for `==`; `0x01 ‖ 0x02 ‖ C_t (32) ‖ linear proof (65) ‖
 * range proof (673)` for `<`, `<=`, `>`, `>=`. Throws {@link RelationError}
 * `ZK_ERR_UNSUPPORTED_RELATION` for `div` and sealed×sealed; {@link ZkError} for bad inputs or a
 * false statement (a false comparison: `ZK_ERR_VALUE_OUT_OF_RANGE`).
 * @example
 * ```ts
 * const proof = proveRelation(abi.relations[0], [], [a, b, c], { domain: 'covenant:devnet', contract, transaction: txId });
 * ```
 */
export function proveRelation(relation: AbiRelation, publicValues: readonly unknown[], sealedOpenings: readonly SealedOperand[], binding: RelationBinding): Uint8Array {
  const statement = relationStatement(relation, publicValues);
  if (!Array.isArray(sealedOpenings) || sealedOpenings.length !== relation.sealed) {
    throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"sealedOpenings" expected ${relation.sealed} entries`);
  }
  const commitments = sealedOpenings.map((s, i) => commitmentBytes(s.commitment, `sealed[${i}]`));
  const witnessTerms = statement.terms.map((t) => {
    const s = sealedOpenings[t.sealed] as SealedOperand;
    return { coefficient: t.coefficient, commitment: commitments[t.sealed] as Uint8Array, opening: s.opening };
  });
  if (statement.slack !== undefined) return proveComparison(relation, publicValues, commitments, binding, statement, statement.slack.offset, witnessTerms);
  const linear = proveLinear({
    binding: relationProofBinding(relation, publicValues, commitments, binding),
    constant: statement.constant,
    terms: witnessTerms,
  });
  const out = new Uint8Array(2 + linear.length);
  out[0] = RELATION_PROOF_VERSION;
  out[1] = RELATION_PROOF_KINDS.equality;
  out.set(linear, 2);
  return out;
}

function proveComparison(
  relation: AbiRelation,
  publicValues: readonly unknown[],
  commitments: readonly Uint8Array[],
  binding: RelationBinding,
  statement: RelationStatement,
  offset: bigint,
  witnessTerms: readonly { coefficient: bigint; commitment: Uint8Array; opening: Opening }[],
): Uint8Array {
  // Check every opening before the slack is computed from the claimed values.
  witnessTerms.forEach((w, i) => {
    if (typeof w.opening !== 'object' || w.opening === null || !openCommitment(w.commitment, w.opening)) {
      throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"sealedOpenings" term ${i} does not match its commitment`);
    }
  });
  const slack = witnessTerms.reduce((acc, w) => acc + w.coefficient * w.opening.value, statement.constant - offset);
  if (slack < 0n) throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `The comparison "${relation.text}" is false for these values: it cannot be proven`);
  if (slack >= 1n << BigInt(RELATION_SLACK_BITS)) {
    throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', `The slack of "${relation.text}" is not below 2^${RELATION_SLACK_BITS}: it cannot be proven`);
  }
  const t = createCommitment(slack);
  const proofBinding = relationProofBinding(relation, publicValues, commitments, binding, t.commitment);
  const linear = proveLinear({
    binding: proofBinding,
    constant: statement.constant - offset,
    terms: [...witnessTerms, { coefficient: -1n, commitment: t.commitment, opening: t.opening }],
  });
  const range = proveRange({ binding: proofBinding, bits: RELATION_SLACK_BITS, commitments: [t.commitment], openings: [t.opening] });
  const out = new Uint8Array(2 + t.commitment.length + linear.length + range.length);
  out[0] = RELATION_PROOF_VERSION;
  out[1] = RELATION_PROOF_KINDS.comparison;
  out.set(t.commitment, 2);
  out.set(linear, 2 + t.commitment.length);
  out.set(range, 2 + t.commitment.length + linear.length);
  if (out.length !== RELATION_COMPARISON_PROOF_SIZE) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', 'Internal: comparison proof size mismatch');
  return out;
}

function fail(e: unknown): RelationVerifyResult {
  if (e instanceof RelationError || e instanceof ZkError) return { ok: false, code: e.code, message: e.message };
  throw e;
}

/**
 * Host side (behind `__host_verify`): verifies `proof` for `relation` with `inputs` as the
 * contract passed them (`{"public":[…],"sealed":["<hex>",…]}`, as text or parsed). The binding
 * must come from the host's own data (contract address, transaction), never from the proof's
 * sender. Never throws on adversarial input.
 * @example
 * ```ts
 * verifyRelation(abi.relations[0], inputsText, proof, { domain: 'covenant:devnet', contract, transaction: txId }) // { ok: true }
 * ```
 */
export function verifyRelation(relation: AbiRelation, inputs: RelationInputs | string, proof: Uint8Array, binding: RelationBinding): RelationVerifyResult {
  try {
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
    const statement = relationStatement(relation, inp.public);
    if (inp.sealed.length !== relation.sealed) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"inputs.sealed" expected ${relation.sealed} commitments`);
    const commitments = inp.sealed.map((c, i) => commitmentBytes(c, `sealed[${i}]`));
    const comparison = statement.slack !== undefined;
    const size = comparison ? RELATION_COMPARISON_PROOF_SIZE : RELATION_EQUALITY_PROOF_SIZE;
    if (!(proof instanceof Uint8Array) || proof.length !== size) {
      throw new ZkError('ZK_ERR_INVALID_ENCODING', `"proof" expected ${size} bytes`);
    }
    if (proof[0] !== RELATION_PROOF_VERSION || proof[1] !== (comparison ? RELATION_PROOF_KINDS.comparison : RELATION_PROOF_KINDS.equality)) {
      throw new ZkError('ZK_ERR_INVALID_ENCODING', '"proof" has an unknown version or kind');
    }
    const terms: LinearTerm[] = statement.terms.map((t) => ({ coefficient: t.coefficient, commitment: commitments[t.sealed] as Uint8Array }));
    if (statement.slack === undefined) {
      const r: VerifyResult = verifyLinear({ binding: relationProofBinding(relation, inp.public, commitments, binding), terms, constant: statement.constant, proof: proof.subarray(2) });
      return r;
    }
    const ct = proof.slice(2, 2 + ENCODED_LENGTH);
    const linearEnd = 2 + ENCODED_LENGTH + 65;
    const proofBinding = relationProofBinding(relation, inp.public, commitments, binding, ct);
    const linear = verifyLinear({
      binding: proofBinding,
      terms: [...terms, { coefficient: -1n, commitment: ct }],
      constant: statement.constant - statement.slack.offset,
      proof: proof.subarray(2 + ENCODED_LENGTH, linearEnd),
    });
    if (!linear.ok) return linear;
    return verifyRange({ binding: proofBinding, bits: RELATION_SLACK_BITS, commitments: [ct], proof: proof.subarray(linearEnd) });
  } catch (e) {
    return fail(e);
  }
}
