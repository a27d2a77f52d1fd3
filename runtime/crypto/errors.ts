/**
 * The one error class of `runtime/crypto/` and its stable codes. Every refusal of the sealing and
 * grant primitives (malformed bytes, failed authentication, a rolled-back key version, an unusable
 * X25519 key) is a {@link SealError} whose `code` says which, and whose message names the field.
 *
 * Does NOT map these codes to receipt codes: sealed data is opened by clients, never during
 * consensus execution, so none of these codes is consensus data yet.
 * @module
 */

/** Codes of {@link SealError}, each with its short message. Add codes; never rename them. */
export const SEAL_ERROR_CODES = {
  /** Bytes that are not a canonical encoding (wrong length, unknown version, trailing bytes). */
  SEAL_ERR_MALFORMED: 'malformed encoding',
  /** AEAD authentication failed: wrong key, tampered bytes, or bytes moved to another binding. */
  SEAL_ERR_AUTH_FAILED: 'authentication failed',
  /** The envelope or wrapped key carries a key version other than the one the reader expects. */
  SEAL_ERR_KEY_VERSION: 'unexpected key version',
  /** An X25519 key or shared secret that must not be used (CRY-08). */
  SEAL_ERR_INVALID_KEY: 'invalid key',
  /** A parameter outside its documented range (e.g. a binding string that is not well formed). */
  SEAL_ERR_INVALID_ARGUMENT: 'invalid argument',
  /** The envelope's value commitment does not match the decrypted value (the caller's check said so). */
  SEAL_ERR_COMMITMENT_MISMATCH: 'commitment does not match the value',
  /** A grant operation names a grantee that holds no grant on the field. */
  SEAL_ERR_NOT_GRANTED: 'grantee holds no grant',
  /** A sealed value says it belongs to another record or field than the one the reader expects. */
  SEAL_ERR_BINDING: 'value belongs to another record or field',
} as const;

/** A code of {@link SealError}. */
export type SealErrorCode = keyof typeof SEAL_ERROR_CODES;

/**
 * Thrown by every function of `runtime/crypto/`. `shortMessage` is the fixed text of the code;
 * `message` adds the detail (which field, which lengths). Never carries key material or plaintext.
 */
export class SealError extends Error {
  override readonly name = 'SealError';
  readonly code: SealErrorCode;
  readonly shortMessage: string;
  constructor(code: SealErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${SEAL_ERROR_CODES[code]}: ${detail}`, options);
    this.code = code;
    this.shortMessage = SEAL_ERROR_CODES[code];
  }
}
