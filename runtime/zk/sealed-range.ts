/**
 * Range certificates of sealed numbers (issue 5, docs/privacy.md "Range certificates"): a single
 * 64-bit Bulletproof (`range-proof.ts`) that a sealed value's Pedersen commitment opens to an
 * integer in `[0, 2^64)`, made once by the client when it seals the value
 * ({@link proveSealedRange}) and carried in the sealed value's JSON as `"range": "<hex>"`.
 *
 * The runtime checks the certificate on the host wherever a sealed number enters a contract from
 * outside (`runtime/sealed-arguments.ts`), so relation proofs (`relations.ts`, wire v3) need not
 * range-prove sealed operands again.
 *
 * Binding (CRY-07): the range proof's transcript absorbs the domain {@link SEALED_RANGE_PROTOCOL},
 * the fixed context {@link SEALED_RANGE_CONTEXT}, `n = 64`, `m = 1` and the commitment. It is
 * deliberately NOT bound to a chain, contract, record or field: a certificate is a fact about the
 * commitment alone ("it opens to a 64-bit value"), so a sealed value passed on (a buyer
 * re-submitting the seller's sealed invoice amount) stays certified. It does not verify for any
 * other commitment, and a relation or plain range proof does not verify as a certificate.
 *
 * Wire: exactly a 64-bit single range proof, {@link SEALED_RANGE_CERTIFICATE_SIZE} = 673 bytes
 * (1346 lower-case hex digits in JSON). Strict decoding as in `range-proof.ts` (CRY-08).
 *
 * Pure: no cache, no gas (the runtime keeps a verdict cache and charges gas).
 * @module
 */
import { decodeCommitment, ENCODED_LENGTH, openCommitment, VALUE_LIMIT, type Opening } from './commitment.ts';
import { ZkError, type VerifyResult } from './errors.ts';
import { proveRange, rangeProofSize, verifyRange, verifyRangeBatch, type RangeBinding, type VerifyRangeInput } from './range-proof.ts';

/** Transcript domain of range certificates (version 1). */
export const SEALED_RANGE_PROTOCOL = 'covenant:zk:sealed-range:v1';
/** The fixed context of every certificate (no chain, contract, record or field: see the module comment). */
export const SEALED_RANGE_CONTEXT = 'covenant:zk:sealed-range-context:v1';
/** Bits of a certificate: the committed value is in `[0, 2^64)`. */
export const SEALED_RANGE_BITS = 64;
/** Exact byte length of a certificate (a 64-bit single range proof). */
export const SEALED_RANGE_CERTIFICATE_SIZE = rangeProofSize(SEALED_RANGE_BITS, 1);

const BINDING: RangeBinding = { domain: SEALED_RANGE_PROTOCOL, context: SEALED_RANGE_CONTEXT, relation: 'sealed value in [0, 2^64)' };
const COMMITMENT_HEX = /^[0-9a-f]{64}$/;
const CERTIFICATE_HEX = new RegExp(`^[0-9a-f]{${2 * SEALED_RANGE_CERTIFICATE_SIZE}}$`);

function commitmentBytes(c: unknown): Uint8Array {
  if (c instanceof Uint8Array) {
    if (c.length !== ENCODED_LENGTH) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"commitment" expected ${ENCODED_LENGTH} bytes`);
    return c;
  }
  if (typeof c !== 'string' || !COMMITMENT_HEX.test(c)) throw new ZkError('ZK_ERR_INVALID_ENCODING', '"commitment" expected 64 lower-case hex digits');
  return Uint8Array.from(Buffer.from(c, 'hex'));
}

function certificateBytes(c: unknown): Uint8Array {
  if (c instanceof Uint8Array) {
    if (c.length !== SEALED_RANGE_CERTIFICATE_SIZE) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"certificate" expected ${SEALED_RANGE_CERTIFICATE_SIZE} bytes`);
    return c;
  }
  if (typeof c !== 'string' || !CERTIFICATE_HEX.test(c)) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"certificate" expected ${2 * SEALED_RANGE_CERTIFICATE_SIZE} lower-case hex digits`);
  return Uint8Array.from(Buffer.from(c, 'hex'));
}

/**
 * Client side: the range certificate of `commitment` (bytes or 64 hex digits) from its opening.
 * Throws {@link ZkError}: `ZK_ERR_VALUE_OUT_OF_RANGE` for a value outside `[0, 2^64)` (it cannot be
 * certified), `ZK_ERR_INVALID_ARGUMENT` for an opening that does not open the commitment,
 * encoding codes for a malformed commitment.
 * @example
 * ```ts
 * const { commitment, opening } = createCommitment(125_000_00n);
 * const range = Buffer.from(proveSealedRange(commitment, opening)).toString('hex');
 * ```
 */
export function proveSealedRange(commitment: Uint8Array | string, opening: Opening): Uint8Array {
  const c = commitmentBytes(commitment);
  if (typeof opening !== 'object' || opening === null || typeof opening.value !== 'bigint') throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"opening" expected { value, blinding }');
  if (opening.value < 0n || opening.value >= VALUE_LIMIT) throw new ZkError('ZK_ERR_VALUE_OUT_OF_RANGE', 'A sealed value must lie in [0, 2^64): it cannot be certified');
  decodeCommitment(c);
  if (!openCommitment(c, opening)) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"opening" does not open the commitment');
  return proveRange({ binding: BINDING, bits: SEALED_RANGE_BITS, commitments: [c], openings: [opening] });
}

function input(commitment: unknown, certificate: unknown): VerifyRangeInput {
  return { binding: BINDING, bits: SEALED_RANGE_BITS, commitments: [commitmentBytes(commitment)], proof: certificateBytes(certificate) };
}

/**
 * Host side: whether `certificate` (bytes or lower-case hex) shows that `commitment` (bytes or 64
 * lower-case hex digits) opens to a value in `[0, 2^64)`. Never throws on adversarial input:
 * `{ ok: false, code }` with the codes of `verifyRange` (`ZK_ERR_INVALID_ENCODING` for a wrong
 * length or non-hex text, `ZK_ERR_INVALID_POINT`, `ZK_ERR_IDENTITY_POINT`,
 * `ZK_ERR_INVALID_SCALAR`, `ZK_ERR_PROOF_REJECTED`).
 * @example
 * ```ts
 * verifySealedRange(sealed.commitment, sealed.range) // { ok: true }
 * ```
 */
export function verifySealedRange(commitment: Uint8Array | string, certificate: Uint8Array | string): VerifyResult {
  let inp: VerifyRangeInput;
  try {
    inp = input(commitment, certificate);
  } catch (e) {
    if (e instanceof ZkError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
  return verifyRange(inp);
}

/** One item of {@link verifySealedRangeBatch}. */
export interface SealedRangeItem {
  readonly commitment: Uint8Array | string;
  readonly certificate: Uint8Array | string;
}

/**
 * Verifies many certificates in one multi-scalar multiplication (`verifyRangeBatch`, independent
 * random 128-bit weights); if the combined check fails, each is re-verified alone. Returns one
 * verdict per item, in order, the same as {@link verifySealedRange} (up to the 2^-128 batching
 * error). Never throws on adversarial input.
 */
export function verifySealedRangeBatch(items: readonly SealedRangeItem[]): VerifyResult[] {
  const out: VerifyResult[] = [];
  const pending: { at: number; input: VerifyRangeInput }[] = [];
  for (const [at, item] of items.entries()) {
    try {
      if (typeof item !== 'object' || item === null) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"item" expected { commitment, certificate }');
      const inp = input(item.commitment, item.certificate);
      out.push({ ok: true });
      pending.push({ at, input: inp });
    } catch (e) {
      if (!(e instanceof ZkError)) throw e;
      out.push({ ok: false, code: e.code, message: e.message });
    }
  }
  if (pending.length === 0) return out;
  const all = pending.length === 1 ? verifyRange((pending[0] as (typeof pending)[number]).input) : verifyRangeBatch(pending.map((p) => p.input));
  if (all.ok) return out;
  for (const p of pending) out[p.at] = pending.length === 1 ? all : verifyRange(p.input);
  return out;
}
