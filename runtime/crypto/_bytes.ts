/**
 * Byte helpers shared by the envelope and grant codecs: boundary assertions that name the field,
 * big-endian fixed-width integers, and the length-prefixed, domain-tagged encoding used for every
 * associated-data and KDF-info string (so that no two distinct field tuples encode to the same bytes).
 *
 * Does NOT allocate secrets or touch randomness.
 * @module
 */
import { SealError } from './errors.ts';

const UTF8 = new TextEncoder();

/** Asserts `value` is a Uint8Array, of exactly `length` bytes when given. Returns it. */
export function abytes(value: unknown, title: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"${title}" expected Uint8Array, got ${typeof value}`);
  if (length !== undefined && value.length !== length) {
    throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"${title}" expected ${length} bytes, got ${value.length}`);
  }
  return value;
}

/** Asserts `n` is an integer in the half-open range [min, max) (half-open as in noble's `aInRange`). */
export function aInRange(title: string, n: unknown, min: number, max: number): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n >= max) {
    throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"${title}" expected an integer in [${min}, ${max}), got ${String(n)}`);
  }
  return n;
}

/**
 * UTF-8 bytes of a binding string. Refuses empty, over-long and non-well-formed strings: a lone
 * surrogate would encode as U+FFFD, so two distinct strings could share one AAD.
 */
export function utf8Field(title: string, s: unknown, maxBytes: number): Uint8Array {
  if (typeof s !== 'string' || s.length === 0 || !s.isWellFormed()) {
    throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"${title}" expected a non-empty well-formed string`);
  }
  const b = UTF8.encode(s);
  if (b.length > maxBytes) throw new SealError('SEAL_ERR_INVALID_ARGUMENT', `"${title}" expected at most ${maxBytes} UTF-8 bytes, got ${b.length}`);
  return b;
}

/** 4-byte big-endian encoding of an unsigned 32-bit integer. */
export function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

/** Reads a 4-byte big-endian unsigned integer at `offset`. */
export function readU32be(b: Uint8Array, offset: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(offset, false);
}

/** Concatenation of byte arrays into a fresh array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * `lp(tag) ‖ lp(part₀) ‖ lp(part₁) ‖ …` where `lp(x) = u32be(len x) ‖ x`. Injective over the list
 * of parts (each is length-delimited), so distinct tuples never collide, and the leading domain
 * tag separates uses (envelope AAD, wrap info, wrap AAD) from one another.
 */
export function taggedTuple(tag: string, parts: readonly Uint8Array[]): Uint8Array {
  const all = [UTF8.encode(tag), ...parts];
  const pieces: Uint8Array[] = [];
  for (const p of all) pieces.push(u32be(p.length), p);
  return concatBytes(...pieces);
}

/** Constant-time test that every byte is zero (no early exit on secret data). */
export function isAllZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < b.length; i++) acc |= b[i] as number;
  return acc === 0;
}
