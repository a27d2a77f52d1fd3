/**
 * Ed25519 account keys (RFC 8032) and addresses: key generation with @noble/curves (randomness
 * from `crypto.getRandomValues`), strict hex encode/decode of secret and public keys, public-key
 * hygiene (canonical encoding, not of small order: CRY-08), and the account address, the first 20
 * bytes of `sha256(lp("covenant:address:v1") ‖ lp(publicKey))` as 40 lowercase hex digits (the
 * language's `Address` literal format).
 *
 * It does NOT sign or verify transactions (see `tx.ts`), store keys, or encrypt them at rest.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { NodeError } from '../errors.ts';
import { fromHex, isHex, taggedHash, toHex } from './_encoding.ts';

/** Bytes of an ed25519 secret key (the RFC 8032 §5.1.5 seed). */
export const SECRET_KEY_BYTES = 32;
/** Bytes of an ed25519 public key (RFC 8032 §5.1.2 encoding). */
export const PUBLIC_KEY_BYTES = 32;
/** Bytes of an ed25519 signature (R ‖ S, RFC 8032 §5.1.6). */
export const SIGNATURE_BYTES = 64;
/** Bytes of an address. */
export const ADDRESS_BYTES = 20;
/** Domain tag of address derivation. */
export const ADDRESS_DOMAIN = 'covenant:address:v1';
/** An address: 40 lowercase hex digits, no `0x`. */
export const ADDRESS_PATTERN = /^[0-9a-f]{40}$/;

/** p = 2^255 − 19, the field prime (RFC 8032 §5.1). */
const P = (1n << 255n) - 19n;

/**
 * Encodings of the eight points of small order (the torsion subgroup), plus the two encodings
 * with x = 0 and the sign bit set, which RFC 8032 §5.1.3 step 4 says to reject but some decoders
 * accept. A public key among them lets anyone forge signatures that verify for every message
 * under some verifiers, so they are refused outright (as libsodium does). Non-canonical encodings
 * (y ≥ p) are refused separately. The test suite checks this list against @noble/curves.
 */
export const SMALL_ORDER_ENCODINGS: readonly string[] = [
  '0100000000000000000000000000000000000000000000000000000000000000', // identity, order 1
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // (0, −1), order 2
  '0000000000000000000000000000000000000000000000000000000000000000', // (±√−1, 0), order 4
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
  '0100000000000000000000000000000000000000000000000000000000000080', // identity with x sign bit set
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // (0, −1) with x sign bit set
];
const SMALL_ORDER = new Set(SMALL_ORDER_ENCODINGS);

/** An ed25519 key pair. */
export interface KeyPair {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * A fresh key pair from cryptographic randomness.
 * @example const { secretKey, publicKey } = generateKeyPair();
 */
export function generateKeyPair(): KeyPair {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey, publicKey };
}

/** The key pair of a secret key (RFC 8032 §5.1.5). Throws `NODE_ERR_INVALID_KEY` for a wrong length. */
export function keyPairFromSecretKey(secretKey: Uint8Array): KeyPair {
  checkBytes('secretKey', secretKey, SECRET_KEY_BYTES);
  return { secretKey: Uint8Array.from(secretKey), publicKey: ed25519.getPublicKey(secretKey) };
}

/** Secret key as 64 lowercase hex digits. */
export function encodeSecretKey(secretKey: Uint8Array): string {
  checkBytes('secretKey', secretKey, SECRET_KEY_BYTES);
  return toHex(secretKey);
}

/** Decodes 64 lowercase hex digits into a secret key; anything else is `NODE_ERR_INVALID_KEY`. */
export function decodeSecretKey(hex: unknown): Uint8Array {
  return fromHex('NODE_ERR_INVALID_KEY', 'secretKey', hex, SECRET_KEY_BYTES);
}

/** Public key as 64 lowercase hex digits (after the same checks as {@link decodePublicKey}). */
export function encodePublicKey(publicKey: Uint8Array): string {
  checkBytes('publicKey', publicKey, PUBLIC_KEY_BYTES);
  checkPublicKey(publicKey);
  return toHex(publicKey);
}

/**
 * Decodes 64 lowercase hex digits into a public key that is a canonical encoding of a curve point
 * of large order (CRY-08); anything else is `NODE_ERR_INVALID_KEY`.
 * @example const pk = decodePublicKey(tx.sender);
 */
export function decodePublicKey(hex: unknown): Uint8Array {
  const pk = fromHex('NODE_ERR_INVALID_KEY', 'publicKey', hex, PUBLIC_KEY_BYTES);
  checkPublicKey(pk);
  return pk;
}

/**
 * Full public-key check with @noble/curves (about 60 µs, measured): canonical y (< p), the point
 * decodes (RFC 8032 §5.1.3, strict, not ZIP-215), and it is not of small order.
 */
function checkPublicKey(pk: Uint8Array): void {
  if (!isAcceptablePublicKeyEncoding(pk)) throw new NodeError('NODE_ERR_INVALID_KEY', '"publicKey" is non-canonical or of small order', { field: 'publicKey' });
  let ok: boolean;
  try {
    ok = !ed25519.Point.fromBytes(pk, false).isSmallOrder();
  } catch (e) {
    throw new NodeError('NODE_ERR_INVALID_KEY', '"publicKey" is not a point on the curve', { field: 'publicKey', cause: e });
  }
  if (!ok) throw new NodeError('NODE_ERR_INVALID_KEY', '"publicKey" is of small order', { field: 'publicKey' });
}

/**
 * Cheap encoding-level public-key check (no point decompression): 32 bytes, y < p (RFC 8032
 * §5.1.3 step 1 rejects y ≥ p), not one of {@link SMALL_ORDER_ENCODINGS}. Whether the point is
 * on the curve is left to the verifier, whose decoding fails otherwise.
 */
export function isAcceptablePublicKeyEncoding(pk: Uint8Array): boolean {
  if (pk.length !== PUBLIC_KEY_BYTES) return false;
  let y = 0n;
  for (let i = PUBLIC_KEY_BYTES - 1; i >= 0; i--) y = (y << 8n) | BigInt(i === PUBLIC_KEY_BYTES - 1 ? (pk[i] as number) & 0x7f : (pk[i] as number));
  if (y >= P) return false;
  return !SMALL_ORDER.has(toHex(pk));
}

/**
 * The address of a public key: first 20 bytes of `sha256(lp("covenant:address:v1") ‖ lp(pk))`,
 * as 40 lowercase hex digits.
 * @example addressOf(generateKeyPair().publicKey) // '3f1c…' (40 hex digits)
 */
export function addressOf(publicKey: Uint8Array): string {
  checkBytes('publicKey', publicKey, PUBLIC_KEY_BYTES);
  return toHex(taggedHash(ADDRESS_DOMAIN, [publicKey]).subarray(0, ADDRESS_BYTES));
}

/** Whether `value` is an address (40 lowercase hex digits). */
export function isAddress(value: unknown): value is string {
  return isHex(value, ADDRESS_BYTES);
}

function checkBytes(field: string, value: unknown, length: number): void {
  if (!(value instanceof Uint8Array)) throw new NodeError('NODE_ERR_INVALID_KEY', `"${field}" expected a Uint8Array`, { field });
  if (value.length !== length) throw new NodeError('NODE_ERR_INVALID_KEY', `"${field}" expected ${length} bytes, got ${value.length}`, { field });
}
