/**
 * Grants on sealed fields: X25519 encryption keys, wrapping a field's data key for one grantee, and
 * the revocation model as pure functions over a {@link FieldKeyState}.
 *
 * Wrapping is ECIES-style: a fresh ephemeral X25519 key per wrap, HKDF-SHA256 (RFC 5869) over the
 * shared secret with an `info` that binds the ephemeral key, the grantee's key, the field
 * (contract, record, path) and the key version, then XChaCha20-Poly1305 with associated data
 * binding the same. Public keys are checked strictly before use and small-order or all-zero shared
 * secrets are refused (CRY-08). Revocation ({@link rotate}) draws a new data key for later writes
 * and wraps it for every grantee except the revoked one (CRY-05).
 *
 * Does NOT un-reveal anything: a revoked grantee keeps every data key it was ever given and can
 * still open every envelope sealed under those keys (see `docs/privacy-sealing.md`). Does NOT
 * re-seal existing envelopes, record grants on chain, or store secret keys; callers do.
 * Apart from drawing fresh randomness, every function here is pure: states are immutable values.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { equalBytes, randomBytes } from '@noble/ciphers/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes, concatBytes, isAllZero, readU32be, taggedTuple, u32be } from './_bytes.ts';
import { DATA_KEY_BYTES, type FieldRef, MAX_KEY_VERSION, NONCE_BYTES, TAG_BYTES, assertKeyVersion, fieldRefParts, generateDataKey } from './envelope.ts';
import { SealError } from './errors.ts';

/** X25519 secret and public keys are 32 bytes (RFC 7748 §5). */
export const X25519_KEY_BYTES = 32;
/** Wrapped-key format version, the first byte of every wrapped key. */
export const WRAPPED_KEY_VERSION = 1;
/** `version(1) ‖ keyVersion(4) ‖ ephemeralPublicKey(32) ‖ nonce(24) ‖ wrappedDataKey(32) ‖ tag(16)`. */
export const WRAPPED_KEY_BYTES = 1 + 4 + X25519_KEY_BYTES + NONCE_BYTES + DATA_KEY_BYTES + TAG_BYTES;
/** Domain tag of the HKDF `info`. */
export const WRAP_KDF_TAG = 'covenant/grant-wrap/kdf/v1';
/** Domain tag of the wrap's AEAD associated data. */
export const WRAP_AAD_TAG = 'covenant/grant-wrap/aad/v1';

// RFC 7748 §4.1: p = 2^255 − 19.
const P = (1n << 255n) - 19n;
/**
 * The u-coordinates (below p) of the points of order 1, 2, 4 and 8 on Curve25519 and its twist
 * (cr.yp.to/ecdh.html#validate). A shared secret with any of them is a constant, independent of
 * the secret key, so a grant wrapped to one would be readable by anyone.
 */
const LOW_ORDER_U: ReadonlySet<bigint> = new Set([
  0n,
  1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  P - 1n,
]);

/** An X25519 key pair for receiving grants (kept next to, and distinct from, the signing keys). */
export interface EncryptionKeyPair {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** One grantee's copy of a field's current data key. */
export interface FieldGrant {
  readonly granteePublicKey: Uint8Array;
  /** {@link WRAPPED_KEY_BYTES} bytes from {@link wrapDataKey}; safe to publish on chain. */
  readonly wrappedKey: Uint8Array;
}

/**
 * The owner's view of one sealed field's keys: the current version and data key (secret, held by
 * the owner's client only) and the grants of that version (public).
 */
export interface FieldKeyState {
  readonly field: FieldRef;
  /** Version of {@link dataKey}; new writes are sealed under it. */
  readonly keyVersion: number;
  readonly dataKey: Uint8Array;
  readonly grants: readonly FieldGrant[];
}

/** Parameters of {@link wrapDataKey}. */
export interface WrapDataKeyParameters {
  readonly granteePublicKey: Uint8Array;
  readonly field: FieldRef;
  readonly keyVersion: number;
  readonly dataKey: Uint8Array;
}

/** Parameters of {@link unwrapDataKey}. */
export interface UnwrapDataKeyParameters {
  readonly granteeSecretKey: Uint8Array;
  readonly field: FieldRef;
  /** The key version the grantee expects as current; any other is refused (rollback). */
  readonly expectedKeyVersion: number;
  readonly wrappedKey: Uint8Array;
}

/** Errors the functions of this module throw. */
export type GrantErrorType = SealError;

/**
 * A fresh X25519 key pair.
 * @example
 * const { secretKey, publicKey } = generateEncryptionKeyPair();
 */
export function generateEncryptionKeyPair(): EncryptionKeyPair {
  const secretKey = randomBytes(X25519_KEY_BYTES);
  return { secretKey, publicKey: encryptionPublicKeyOf(secretKey) };
}

/** The public key of an X25519 secret key (RFC 7748 §5 clamping is applied by the ladder). */
export function encryptionPublicKeyOf(secretKey: Uint8Array): Uint8Array {
  abytes(secretKey, 'secretKey', X25519_KEY_BYTES);
  return x25519.getPublicKey(secretKey);
}

/**
 * Strict check of an X25519 public key, returning it: exactly 32 bytes, the unused top bit clear,
 * the u-coordinate canonical (below p), and not one of the small-order points. RFC 7748 §5 lets
 * decoders mask the top bit and reduce mod p; we refuse instead, so each key has one encoding.
 * @example
 * assertEncryptionPublicKey(bytesFromChain); // throws SEAL_ERR_INVALID_KEY if unusable
 */
export function assertEncryptionPublicKey(publicKey: Uint8Array, title = 'publicKey'): Uint8Array {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== X25519_KEY_BYTES) {
    const got = publicKey instanceof Uint8Array ? `${publicKey.length} bytes` : typeof publicKey;
    throw new SealError('SEAL_ERR_INVALID_KEY', `"${title}" expected ${X25519_KEY_BYTES} bytes, got ${got}`);
  }
  if (((publicKey[31] as number) & 0x80) !== 0) throw new SealError('SEAL_ERR_INVALID_KEY', `"${title}" has the unused top bit set (non-canonical)`);
  let u = 0n;
  for (let i = X25519_KEY_BYTES - 1; i >= 0; i--) u = (u << 8n) | BigInt(publicKey[i] as number);
  if (u >= P) throw new SealError('SEAL_ERR_INVALID_KEY', `"${title}" is not reduced modulo 2^255-19 (non-canonical)`);
  if (LOW_ORDER_U.has(u)) throw new SealError('SEAL_ERR_INVALID_KEY', `"${title}" is a small-order point`);
  return publicKey;
}

/**
 * X25519 shared secret with both checks of CRY-08: the peer key is validated first
 * ({@link assertEncryptionPublicKey}) and an all-zero result is refused (RFC 7748 §6.1).
 */
export function sharedSecret(secretKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  abytes(secretKey, 'secretKey', X25519_KEY_BYTES);
  assertEncryptionPublicKey(peerPublicKey, 'peerPublicKey');
  let s: Uint8Array;
  try {
    s = x25519.getSharedSecret(secretKey, peerPublicKey);
  } catch (cause) {
    throw new SealError('SEAL_ERR_INVALID_KEY', 'X25519 refused the key pair', { cause });
  }
  if (isAllZero(s)) throw new SealError('SEAL_ERR_INVALID_KEY', 'X25519 shared secret is all zero');
  return s;
}

function wrapContext(ephemeralPublicKey: Uint8Array, granteePublicKey: Uint8Array, field: FieldRef, keyVersion: number): { info: Uint8Array; aad: Uint8Array } {
  const parts = [ephemeralPublicKey, granteePublicKey, ...fieldRefParts(field), u32be(keyVersion)];
  return { info: taggedTuple(WRAP_KDF_TAG, parts), aad: taggedTuple(WRAP_AAD_TAG, [Uint8Array.of(WRAPPED_KEY_VERSION), ...parts]) };
}

/**
 * Wraps a field's data key for one grantee. Each call uses a fresh ephemeral key, so wrapping the
 * same key twice gives unrelated bytes.
 * @example
 * const wrappedKey = wrapDataKey({ granteePublicKey: reinsurer.publicKey, field, keyVersion: 1, dataKey });
 */
export function wrapDataKey(p: WrapDataKeyParameters): Uint8Array {
  assertEncryptionPublicKey(p.granteePublicKey, 'granteePublicKey');
  assertKeyVersion('keyVersion', p.keyVersion);
  abytes(p.dataKey, 'dataKey', DATA_KEY_BYTES);
  const ephemeral = generateEncryptionKeyPair();
  const shared = sharedSecret(ephemeral.secretKey, p.granteePublicKey);
  const { info, aad } = wrapContext(ephemeral.publicKey, p.granteePublicKey, p.field, p.keyVersion);
  const kek = hkdf(sha256, shared, undefined, info, 32);
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = xchacha20poly1305(kek, nonce, aad).encrypt(p.dataKey);
  ephemeral.secretKey.fill(0);
  shared.fill(0);
  kek.fill(0);
  return concatBytes(Uint8Array.of(WRAPPED_KEY_VERSION), u32be(p.keyVersion), ephemeral.publicKey, nonce, sealed);
}

/**
 * Recovers a data key wrapped for this grantee. Refuses malformed bytes (`SEAL_ERR_MALFORMED`), a
 * key version other than `expectedKeyVersion` (`SEAL_ERR_KEY_VERSION`), an invalid ephemeral key
 * (`SEAL_ERR_INVALID_KEY`), and a wrap for another grantee, field or version, or tampered bytes
 * (`SEAL_ERR_AUTH_FAILED`).
 * @example
 * const dataKey = unwrapDataKey({ granteeSecretKey, field, expectedKeyVersion: 2, wrappedKey });
 */
export function unwrapDataKey(p: UnwrapDataKeyParameters): Uint8Array {
  abytes(p.granteeSecretKey, 'granteeSecretKey', X25519_KEY_BYTES);
  assertKeyVersion('expectedKeyVersion', p.expectedKeyVersion);
  const w = abytes(p.wrappedKey, 'wrappedKey');
  if (w.length !== WRAPPED_KEY_BYTES) throw new SealError('SEAL_ERR_MALFORMED', `wrapped key expected ${WRAPPED_KEY_BYTES} bytes, got ${w.length}`);
  if (w[0] !== WRAPPED_KEY_VERSION) throw new SealError('SEAL_ERR_MALFORMED', `wrapped key version expected ${WRAPPED_KEY_VERSION}, got ${String(w[0])}`);
  const keyVersion = readU32be(w, 1);
  if (keyVersion === 0) throw new SealError('SEAL_ERR_MALFORMED', 'wrapped key version 0 is not a valid key version');
  if (keyVersion !== p.expectedKeyVersion) {
    throw new SealError('SEAL_ERR_KEY_VERSION', `wrapped key is for key version ${keyVersion}, the grantee expects ${p.expectedKeyVersion}`);
  }
  const ephemeralPublicKey = w.slice(5, 5 + X25519_KEY_BYTES);
  const nonce = w.slice(5 + X25519_KEY_BYTES, 5 + X25519_KEY_BYTES + NONCE_BYTES);
  const sealed = w.slice(5 + X25519_KEY_BYTES + NONCE_BYTES);
  const shared = sharedSecret(p.granteeSecretKey, ephemeralPublicKey);
  const { info, aad } = wrapContext(ephemeralPublicKey, encryptionPublicKeyOf(p.granteeSecretKey), p.field, keyVersion);
  const kek = hkdf(sha256, shared, undefined, info, 32);
  shared.fill(0);
  try {
    return xchacha20poly1305(kek, nonce, aad).decrypt(sealed);
  } catch (cause) {
    throw new SealError('SEAL_ERR_AUTH_FAILED', 'wrapped key does not open for this grantee, field and version (wrong grantee, tampered, or moved)', { cause });
  } finally {
    kek.fill(0);
  }
}

function indexOfGrantee(state: FieldKeyState, granteePublicKey: Uint8Array): number {
  return state.grants.findIndex((g) => equalBytes(g.granteePublicKey, granteePublicKey));
}

/**
 * A first key state for a field: version 1, a fresh data key, wrapped for each initial grantee
 * (normally the owner's own encryption key first, so the owner can read after losing local state).
 * @example
 * let state = createFieldKeyState(field, [owner.publicKey]);
 */
export function createFieldKeyState(field: FieldRef, grantees: readonly Uint8Array[] = []): FieldKeyState {
  fieldRefParts(field);
  let state: FieldKeyState = { field, keyVersion: 1, dataKey: generateDataKey(), grants: [] };
  for (const g of grantees) state = grant(state, g);
  return state;
}

/**
 * Grants the current data key to one more grantee. Granting to an existing grantee returns the
 * state unchanged. The grantee can read every envelope sealed under the current key version,
 * including those written before the grant.
 * @example
 * state = grant(state, reinsurer.publicKey);
 */
export function grant(state: FieldKeyState, granteePublicKey: Uint8Array): FieldKeyState {
  assertEncryptionPublicKey(granteePublicKey, 'granteePublicKey');
  if (indexOfGrantee(state, granteePublicKey) >= 0) return state;
  const wrappedKey = wrapDataKey({ granteePublicKey, field: state.field, keyVersion: state.keyVersion, dataKey: state.dataKey });
  return { ...state, grants: [...state.grants, { granteePublicKey: granteePublicKey.slice(), wrappedKey }] };
}

/**
 * Revokes one grantee (CRY-05): returns a state with the next key version, a fresh data key, and
 * that key wrapped anew for every remaining grantee, not for the revoked one. Later writes sealed
 * under the new version are unreadable to the revoked grantee. Earlier envelopes are NOT affected:
 * the revoked grantee keeps the old data keys and anything it already decrypted; revocation cannot
 * un-reveal the past. Throws `SEAL_ERR_NOT_GRANTED` if the grantee holds no grant.
 * @example
 * state = rotate(state, formerInvestor.publicKey); // seal later writes with state.dataKey
 */
export function rotate(state: FieldKeyState, revokedGrantee: Uint8Array): FieldKeyState {
  assertEncryptionPublicKey(revokedGrantee, 'revokedGrantee');
  if (indexOfGrantee(state, revokedGrantee) < 0) throw new SealError('SEAL_ERR_NOT_GRANTED', 'the revoked grantee holds no grant on this field');
  if (state.keyVersion >= MAX_KEY_VERSION) throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"keyVersion" cannot advance past ${MAX_KEY_VERSION}`);
  const keyVersion = state.keyVersion + 1;
  const dataKey = generateDataKey();
  const grants = state.grants
    .filter((g) => !equalBytes(g.granteePublicKey, revokedGrantee))
    .map((g) => ({ granteePublicKey: g.granteePublicKey, wrappedKey: wrapDataKey({ granteePublicKey: g.granteePublicKey, field: state.field, keyVersion, dataKey }) }));
  return { field: state.field, keyVersion, dataKey, grants };
}

/** The grant of one grantee in a state, or `undefined` if it holds none. */
export function grantOf(state: FieldKeyState, granteePublicKey: Uint8Array): FieldGrant | undefined {
  const i = indexOfGrantee(state, granteePublicKey);
  return i < 0 ? undefined : state.grants[i];
}
