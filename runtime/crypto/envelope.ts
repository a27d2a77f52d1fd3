/**
 * Seals and opens one field of one record: XChaCha20-Poly1305 under the field's data key, with a
 * fresh 192-bit random nonce per seal, so nonce reuse under one key is impossible by construction
 * (CRY-03: a collision needs about 2^96 seals), and with associated data that binds the ciphertext
 * to its contract, record, field path, schema version and key version (CRY-04).
 *
 * Envelope bytes (all integers big-endian, see `docs/privacy-sealing.md`):
 * `version(1) ‖ keyVersion(4) ‖ commitmentLength(2) ‖ commitment ‖ nonce(24) ‖ ciphertext ‖ tag(16)`.
 * The decoder is strict: one version, exact lengths, size caps, no trailing bytes.
 *
 * Does NOT manage keys (see `grants.ts`), decide who may read a field, or compute value commitments:
 * the commitment slot carries opaque bytes produced by `runtime/zk/`, bound into the associated
 * data, and checked only through the caller's {@link CommitmentCheck} hook.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { aInRange, abytes, concatBytes, readU32be, taggedTuple, u32be, utf8Field } from './_bytes.ts';
import { SealError } from './errors.ts';

/** Envelope format version, the first byte of every envelope. */
export const ENVELOPE_VERSION = 1;
/** Data keys are 256-bit XChaCha20-Poly1305 keys. */
export const DATA_KEY_BYTES = 32;
/** XChaCha20 nonce length: 192 bits, drawn at random for every seal (CRY-03). */
export const NONCE_BYTES = 24;
/** Poly1305 tag length. */
export const TAG_BYTES = 16;
/** Largest plaintext of one sealed field. */
export const MAX_PLAINTEXT_BYTES = 64 * 1024;
/** Largest value-commitment slot (a ristretto255 Pedersen commitment is 32 bytes). */
export const MAX_COMMITMENT_BYTES = 1024;
/** Largest UTF-8 length of each binding string (contract address, record id, field path). */
export const MAX_BINDING_STRING_BYTES = 1024;
/** Key versions are u32 and start at 1 (0 is never a valid version). */
export const MAX_KEY_VERSION = 0xffff_ffff;
/** Domain tag that opens the envelope's associated data. */
export const ENVELOPE_AAD_TAG = 'covenant/sealed-field/aad/v1';

const HEADER_FIXED_BYTES = 1 + 4 + 2;

/** Which field of which record of which contract a key or ciphertext belongs to. */
export interface FieldRef {
  /** Address of the contract that owns the record. */
  readonly contract: string;
  /** Identifier of the record inside the contract's state. */
  readonly recordId: string;
  /** Path of the field inside the record, e.g. `policy.sumInsured`. */
  readonly fieldPath: string;
}

/** Everything a ciphertext is bound to besides its key version. */
export interface SealBinding extends FieldRef {
  /** Version of the record's schema (u32); a schema migration must re-seal. */
  readonly schemaVersion: number;
}

/** The parts of a decoded envelope. */
export interface Envelope {
  readonly version: typeof ENVELOPE_VERSION;
  /** The key id: version of the field's data key this envelope was sealed under. */
  readonly keyVersion: number;
  /** Value-commitment slot (numeric fields), `undefined` when absent. */
  readonly commitment: Uint8Array | undefined;
  readonly nonce: Uint8Array;
  /** Ciphertext followed by the 16-byte tag. */
  readonly sealed: Uint8Array;
}

/**
 * Hook through which a reader checks the decrypted value against the envelope's commitment. Filled
 * in by `runtime/zk/` (Pedersen commitments); the plaintext of a numeric field is expected to carry
 * the opening. Returning `false` makes {@link openField} throw `SEAL_ERR_COMMITMENT_MISMATCH`.
 */
export type CommitmentCheck = (plaintext: Uint8Array, commitment: Uint8Array) => boolean;

/** Parameters of {@link sealField}. */
export interface SealFieldParameters {
  /** The field's current data key ({@link DATA_KEY_BYTES} bytes). */
  readonly dataKey: Uint8Array;
  /** Version of `dataKey` (u32, ≥ 1); recorded in the envelope and bound into the AAD. */
  readonly keyVersion: number;
  readonly binding: SealBinding;
  readonly plaintext: Uint8Array;
  /** Opaque value commitment for numeric fields (from `runtime/zk/`); non-empty when present. */
  readonly commitment?: Uint8Array;
}

/** Parameters of {@link openField}. */
export interface OpenFieldParameters {
  readonly dataKey: Uint8Array;
  /** The key version the reader holds as current; any other version in the envelope is refused. */
  readonly expectedKeyVersion: number;
  readonly binding: SealBinding;
  readonly envelope: Uint8Array;
  /** Called when the envelope carries a commitment; see {@link CommitmentCheck}. */
  readonly checkCommitment?: CommitmentCheck;
}

/** Result of {@link openField}. */
export interface OpenFieldResult {
  readonly plaintext: Uint8Array;
  readonly commitment: Uint8Array | undefined;
}

/** Errors {@link sealField} and {@link openField} can throw. */
export type SealFieldErrorType = SealError;

/**
 * A fresh random data key. Use one per (record, field, key version); never share one across fields.
 * @example
 * const dataKey = generateDataKey();
 */
export function generateDataKey(): Uint8Array {
  return randomBytes(DATA_KEY_BYTES);
}

/** Validates a key version: an integer in [1, 2^32). */
export function assertKeyVersion(title: string, v: unknown): number {
  return aInRange(title, v, 1, MAX_KEY_VERSION + 1);
}

/** The length-prefixed encodings of a field reference, in AAD / KDF-info order. */
export function fieldRefParts(ref: FieldRef): Uint8Array[] {
  if (typeof ref !== 'object' || ref === null) throw new SealError('SEAL_ERR_INVALID_ARGUMENT', '"binding" expected an object');
  return [
    utf8Field('contract', ref.contract, MAX_BINDING_STRING_BYTES),
    utf8Field('recordId', ref.recordId, MAX_BINDING_STRING_BYTES),
    utf8Field('fieldPath', ref.fieldPath, MAX_BINDING_STRING_BYTES),
  ];
}

/**
 * The associated data of an envelope: `lp(tag) ‖ lp(version) ‖ lp(contract) ‖ lp(recordId) ‖
 * lp(fieldPath) ‖ lp(schemaVersion) ‖ lp(keyVersion) ‖ lp(commitment)` with `lp(x) = u32be(|x|) ‖ x`.
 * Exported for review and test vectors; {@link sealField} and {@link openField} compute it themselves.
 */
export function envelopeAad(binding: SealBinding, keyVersion: number, commitment: Uint8Array | undefined): Uint8Array {
  const parts = fieldRefParts(binding);
  const schema = aInRange('schemaVersion', binding.schemaVersion, 0, MAX_KEY_VERSION + 1);
  assertKeyVersion('keyVersion', keyVersion);
  return taggedTuple(ENVELOPE_AAD_TAG, [
    Uint8Array.of(ENVELOPE_VERSION),
    ...parts,
    u32be(schema),
    u32be(keyVersion),
    commitment ?? new Uint8Array(0),
  ]);
}

/** Canonical bytes of an envelope. Validates every part's length. */
export function encodeEnvelope(e: Envelope): Uint8Array {
  if (e.version !== ENVELOPE_VERSION) throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"version" expected ${ENVELOPE_VERSION}, got ${String(e.version)}`);
  assertKeyVersion('keyVersion', e.keyVersion);
  const commitment = e.commitment === undefined ? new Uint8Array(0) : checkCommitment(e.commitment);
  abytes(e.nonce, 'nonce', NONCE_BYTES);
  abytes(e.sealed, 'sealed');
  if (e.sealed.length < TAG_BYTES || e.sealed.length > MAX_PLAINTEXT_BYTES + TAG_BYTES) {
    throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"sealed" expected ${TAG_BYTES}..${MAX_PLAINTEXT_BYTES + TAG_BYTES} bytes, got ${e.sealed.length}`);
  }
  const len = new Uint8Array(2);
  new DataView(len.buffer).setUint16(0, commitment.length, false);
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), u32be(e.keyVersion), len, commitment, e.nonce, e.sealed);
}

/**
 * Strict decoder of envelope bytes: refuses unknown versions, key version 0, a commitment length
 * that overruns or exceeds the cap, a missing tag, and over-long ciphertexts, with
 * `SEAL_ERR_MALFORMED`. Decoding authenticates nothing; {@link openField} does.
 * @example
 * const { keyVersion } = decodeEnvelope(bytes);
 */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  abytes(bytes, 'envelope');
  const bad = (detail: string): SealError => new SealError('SEAL_ERR_MALFORMED', `envelope ${detail}`);
  if (bytes.length < HEADER_FIXED_BYTES + NONCE_BYTES + TAG_BYTES) {
    throw bad(`expected at least ${HEADER_FIXED_BYTES + NONCE_BYTES + TAG_BYTES} bytes, got ${bytes.length}`);
  }
  if (bytes[0] !== ENVELOPE_VERSION) throw bad(`version expected ${ENVELOPE_VERSION}, got ${String(bytes[0])}`);
  const keyVersion = readU32be(bytes, 1);
  if (keyVersion === 0) throw bad('key version 0 is not a valid version');
  const commitmentLength = ((bytes[5] as number) << 8) | (bytes[6] as number);
  if (commitmentLength > MAX_COMMITMENT_BYTES) throw bad(`commitment length ${commitmentLength} exceeds ${MAX_COMMITMENT_BYTES}`);
  const nonceAt = HEADER_FIXED_BYTES + commitmentLength;
  const sealedAt = nonceAt + NONCE_BYTES;
  const sealedLength = bytes.length - sealedAt;
  if (sealedLength < TAG_BYTES) throw bad(`truncated: ${bytes.length} bytes cannot hold a ${commitmentLength}-byte commitment, nonce and tag`);
  if (sealedLength > MAX_PLAINTEXT_BYTES + TAG_BYTES) throw bad(`ciphertext of ${sealedLength} bytes exceeds ${MAX_PLAINTEXT_BYTES + TAG_BYTES}`);
  return {
    version: ENVELOPE_VERSION,
    keyVersion,
    commitment: commitmentLength === 0 ? undefined : bytes.slice(HEADER_FIXED_BYTES, nonceAt),
    nonce: bytes.slice(nonceAt, sealedAt),
    sealed: bytes.slice(sealedAt),
  };
}

/**
 * Seals one field value. Draws a fresh random nonce, so sealing the same value twice gives
 * unrelated envelopes.
 * @example
 * const envelope = sealField({
 *   dataKey, keyVersion: 1, plaintext: new TextEncoder().encode('ACME Ltd'),
 *   binding: { contract: '0xabc…', recordId: 'policy-17', fieldPath: 'insured.name', schemaVersion: 1 },
 * });
 */
export function sealField(p: SealFieldParameters): Uint8Array {
  abytes(p.dataKey, 'dataKey', DATA_KEY_BYTES);
  assertKeyVersion('keyVersion', p.keyVersion);
  abytes(p.plaintext, 'plaintext');
  if (p.plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"plaintext" expected at most ${MAX_PLAINTEXT_BYTES} bytes, got ${p.plaintext.length}`);
  }
  const commitment = p.commitment === undefined ? undefined : checkCommitment(p.commitment);
  const aad = envelopeAad(p.binding, p.keyVersion, commitment);
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = xchacha20poly1305(p.dataKey, nonce, aad).encrypt(p.plaintext);
  return encodeEnvelope({ version: ENVELOPE_VERSION, keyVersion: p.keyVersion, commitment, nonce, sealed });
}

/**
 * Opens one field value. Refuses, in this order: malformed bytes (`SEAL_ERR_MALFORMED`), an
 * envelope under any key version other than `expectedKeyVersion` (`SEAL_ERR_KEY_VERSION`, which
 * catches a rolled-back write), and any authentication failure (`SEAL_ERR_AUTH_FAILED`: wrong key,
 * tampered bytes, or an envelope moved to another contract, record, field or schema version).
 * @example
 * const { plaintext } = openField({ dataKey, expectedKeyVersion: 1, binding, envelope });
 */
export function openField(p: OpenFieldParameters): OpenFieldResult {
  abytes(p.dataKey, 'dataKey', DATA_KEY_BYTES);
  assertKeyVersion('expectedKeyVersion', p.expectedKeyVersion);
  const e = decodeEnvelope(p.envelope);
  if (e.keyVersion !== p.expectedKeyVersion) {
    throw new SealError('SEAL_ERR_KEY_VERSION', `envelope is sealed under key version ${e.keyVersion}, the reader expects ${p.expectedKeyVersion}`);
  }
  const aad = envelopeAad(p.binding, e.keyVersion, e.commitment);
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(p.dataKey, e.nonce, aad).decrypt(e.sealed);
  } catch (cause) {
    throw new SealError('SEAL_ERR_AUTH_FAILED', 'envelope does not open under this key and binding (wrong key, tampered, or moved)', { cause });
  }
  if (e.commitment !== undefined && p.checkCommitment !== undefined && p.checkCommitment(plaintext, e.commitment) !== true) {
    throw new SealError('SEAL_ERR_COMMITMENT_MISMATCH', 'the decrypted value does not open the envelope\'s commitment');
  }
  return { plaintext, commitment: e.commitment };
}

function checkCommitment(c: Uint8Array): Uint8Array {
  abytes(c, 'commitment');
  if (c.length === 0 || c.length > MAX_COMMITMENT_BYTES) {
    throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"commitment" expected 1..${MAX_COMMITMENT_BYTES} bytes, got ${c.length}`);
  }
  return c;
}
