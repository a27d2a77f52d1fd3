/**
 * Stable error codes of the zero-knowledge library and the one error class it throws.
 *
 * Decoders and provers throw {@link ZkError} on bad input; verifiers never throw on adversarial
 * bytes and answer a {@link VerifyResult} carrying the same codes instead, so the runtime can turn
 * a failed check into `RT_ERR_PROOF_INVALID` with a clear reason.
 *
 * Does NOT map codes to receipts (the runtime does, later).
 * @module
 */

/** Every code a {@link ZkError} or a failed {@link VerifyResult} can carry (add, never rename). */
export const ZK_ERROR_CODES = [
  /** Wrong length or malformed byte string (point, scalar, proof, transcript input). */
  'ZK_ERR_INVALID_ENCODING',
  /** 32 bytes that are not the canonical ristretto255 encoding of any group element (RFC 9496 §4.3.1). */
  'ZK_ERR_INVALID_POINT',
  /** The identity element where it is forbidden (commitments, proof nonces). */
  'ZK_ERR_IDENTITY_POINT',
  /** A scalar encoding ≥ the group order ℓ, or zero where zero is forbidden. */
  'ZK_ERR_INVALID_SCALAR',
  /** A committed value outside [0, 2^64) or a coefficient outside its documented bound. */
  'ZK_ERR_VALUE_OUT_OF_RANGE',
  /** A caller error: wrong shapes, an opening that does not match its commitment, a false statement. */
  'ZK_ERR_INVALID_ARGUMENT',
  /** A well-formed proof whose verification equation does not hold for this statement. */
  'ZK_ERR_PROOF_REJECTED',
] as const;

/** One of {@link ZK_ERROR_CODES}. */
export type ZkErrorCode = (typeof ZK_ERROR_CODES)[number];

/**
 * The error thrown by decoders and provers. `shortMessage` names the bad field; `message` adds
 * the details.
 * @example
 * ```ts
 * try { decodeScalar(bytes, 'proof.s') } catch (e) { if (e instanceof ZkError) console.log(e.code) }
 * ```
 */
export class ZkError extends Error {
  override readonly name = 'ZkError';
  readonly code: ZkErrorCode;
  readonly shortMessage: string;
  readonly metaMessages: readonly string[];
  constructor(code: ZkErrorCode, shortMessage: string, options: { metaMessages?: readonly string[]; cause?: unknown } = {}) {
    const meta = options.metaMessages ?? [];
    super(meta.length === 0 ? shortMessage : `${shortMessage}\n${meta.join('\n')}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.metaMessages = meta;
  }
}

/** Outcome of a verifier: never throws on adversarial input. */
export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly code: ZkErrorCode; readonly message: string };

/** Runs `f`, turning a thrown {@link ZkError} into a failed {@link VerifyResult}; other errors propagate. */
export function verifyGuard(f: () => boolean): VerifyResult {
  try {
    return f() ? { ok: true } : { ok: false, code: 'ZK_ERR_PROOF_REJECTED', message: 'Proof does not verify for this statement' };
  } catch (e) {
    if (e instanceof ZkError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
